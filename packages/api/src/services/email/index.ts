// Mail connections (Gmail, Outlook): connect, sync, push. What other packages (the server, benches) use.
export {
  completeGmailConnect,
  completeMailConnect,
  disconnectMailbox,
  startGmailConnect,
  startMailConnect,
} from './connect';
export { syncOnOutlookNotifications } from './outlook-push';
export { syncOnGmailPush } from './push';
export { RUN_BUDGET_MS, type SyncOutcome, syncGmailAccount, syncMailbox } from './sync';
