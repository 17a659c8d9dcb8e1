// @flux/contracts: what the server and the apps share, declared once. Values and types only, no
// I/O and no package of ours (the web and courier apps import it: it must not pull the server in).
export * from './enums';
export * from './inputs';
export * from './insights';
export * from './money';
export * from './status';
