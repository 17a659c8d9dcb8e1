// Dispatch, by concern: assignment (offers, expiries, by hand), the courier's actions on their
// delivery, the delivery code (derived, and its lock), the couriers (records, position, cash).
export * from './assignment';
export * from './code-lock';
export * from './courier-actions';
export * from './couriers';
export * from './otp';
