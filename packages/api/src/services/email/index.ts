// Mail connections (Gmail now): connect, sync, push. What other packages (the server, benches) use.
export { completeGmailConnect, disconnectMailbox, startGmailConnect } from './connect';
export { syncOnGmailPush } from './push';
export { RUN_BUDGET_MS, type SyncOutcome, syncGmailAccount } from './sync';
