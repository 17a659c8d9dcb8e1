// The web has no background location: these do nothing there (location-task.native.ts on phones).
export async function startBackgroundLocation(): Promise<void> {}
export async function stopBackgroundLocation(): Promise<void> {}
