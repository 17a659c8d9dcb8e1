// Dispatch, by concern: assignment (offers, expiries, by hand), the courier's actions on their
// delivery, the delivery code (derived, and its lock), the couriers (records, position, cash),
// what the courier app reads (deliveries at the door, today's summary, push token).
export * from './assignment';
export * from './code-lock';
export * from './courier-actions';
export * from './courier-app';
export * from './couriers';
export * from './otp';
