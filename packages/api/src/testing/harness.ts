// Types of the tenant-isolation harness (tenant-isolation.test.ts). Each domain describes its
// procedures in routers/<domain>.cases.ts; the harness runs the same checks on all of them.
import type { TestApp, TestUser } from '.';

export interface World {
  attacker: TestUser;
  /** Owner of the victim business. */
  victim: TestUser;
  /** Members of the victim business with lesser roles. */
  victimAgent: TestUser;
  victimCourier: TestUser;
  /** Ids of records the domains' `setup` created in the victim business (product, order, ...). */
  records: Record<string, string>;
}

export type DeniedRole = 'agent' | 'courier';

export interface ProcedureCase {
  scope: 'public' | 'authed' | 'business';
  /** A valid input for the victim's business (the harness adds businessId). */
  input?: (world: World) => Record<string, unknown>;
  /** Input that must come back BAD_REQUEST with issues naming the fields. */
  invalid?: Record<string, unknown>;
  /** Members of the victim business with these roles must get FORBIDDEN. */
  deniedTo?: DeniedRole[];
  /** Only this role may call it (the courier app's API): bad input is tried as the victim's courier. */
  callerRole?: 'courier';
  /** The input names other records (by id): sent inside the caller's own business they must be NOT_FOUND. */
  refersToRecords?: boolean;
  /**
   * A successful call by someone allowed, whose answer is searched for secrets. Default: `input`
   * as the victim's owner (or courier, for the courier app's procedures); set it where that call
   * cannot succeed (no input, a platform operator, a record in the right state).
   */
  answer?: (world: World, app: TestApp) => Promise<unknown>;
  /**
   * Fields of the answer named like secrets that are meant for this caller (dotted paths, `*`
   * for array items), each with the reason.
   */
  meantForCaller?: Record<string, string>;
}

/** Performs one mutation successfully; returns who did it and the audit action expected. */
export type AuditCase = (app: TestApp) => Promise<{ userId: string; action: string }>;

export interface DomainCases {
  procedures: Record<string, ProcedureCase>;
  audited: Record<string, AuditCase>;
  /** Mutations deliberately not audited, each with the reason. */
  unaudited?: Record<string, string>;
  /** Creates the victim business's records the inputs refer to (stored in world.records). */
  setup?: (world: World, app: TestApp) => Promise<void>;
}

export const ADMIN_ONLY: DeniedRole[] = ['agent', 'courier'];
export const STAFF_ONLY: DeniedRole[] = ['courier'];
