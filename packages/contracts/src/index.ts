// @flux/contracts: what the server and the apps share, declared once. Values and types only, no
// I/O and no package of ours (the web and courier apps import it: it must not pull the server in).
// This index brings zod (the input and insight schemas); a browser bundle that needs only values
// imports the zod-free subpaths instead: `@flux/contracts/enums`, `/status`, `/money` and
// `/notification-events`.
export * from './api-keys';
export * from './enums';
export * from './inputs';
export * from './insights';
export * from './media';
export * from './money';
export * from './notifications';
export * from './quick-replies';
export * from './status';
export * from './webhooks';
