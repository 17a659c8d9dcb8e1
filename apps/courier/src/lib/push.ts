// No offer push on the web build (the page polls while open); phones use push.native.ts.
export async function registerForPush(_businessId: string): Promise<void> {}
