// An order's human reference: "CMD-000123" (its own module: orders and notifications both use it).
export const orderNumber = (number: number) => `CMD-${String(number).padStart(6, '0')}`;
