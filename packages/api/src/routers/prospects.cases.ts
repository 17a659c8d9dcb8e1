// Cases of the prospects router for the tenant-isolation harness.
import type { TestApp } from '../testing';
import {
  type AuditCase,
  type DomainCases,
  type ProcedureCase,
  STAFF_ONLY,
} from '../testing/harness';

let phoneCounter = 0;
/** A valid Senegalese mobile number (the test businesses are in SN), new on every call. */
const freshPhone = () => {
  phoneCounter += 1;
  return `+22177${String(Date.now() % 10_000).padStart(4, '0')}${String(phoneCounter % 1000).padStart(3, '0')}`;
};

const record = (w: { records: Record<string, string> }) => w.records.prospectId ?? '';

const procedures: Record<string, ProcedureCase> = {
  'prospects.list': {
    scope: 'business',
    deniedTo: STAFF_ONLY,
    input: () => ({ limit: 10, q: 'awa' }),
    invalid: { limit: 0, status: 'king', assignedUserId: 'nope' },
  },
  'prospects.byId': {
    scope: 'business',
    deniedTo: STAFF_ONLY,
    refersToRecords: true,
    input: (w) => ({ id: record(w) }),
    invalid: { id: 'not-a-uuid' },
  },
  'prospects.create': {
    scope: 'business',
    deniedTo: STAFF_ONLY,
    input: () => ({ name: 'Intrus', phone: freshPhone() }),
    invalid: { email: 'nope', tags: 'vip', status: 'king' },
  },
  'prospects.update': {
    scope: 'business',
    deniedTo: STAFF_ONLY,
    refersToRecords: true,
    input: (w) => ({ id: record(w), name: 'Hijacked' }),
    invalid: { id: 3, email: 'nope', notes: 42 },
  },
  'prospects.setStatus': {
    scope: 'business',
    deniedTo: STAFF_ONLY,
    refersToRecords: true,
    input: (w) => ({ id: record(w), status: 'lost' }),
    invalid: { id: 'nope', status: 'king' },
  },
  'prospects.assign': {
    scope: 'business',
    deniedTo: STAFF_ONLY,
    refersToRecords: true,
    input: (w) => ({ id: record(w), userId: w.victim.userId }),
    invalid: { id: 'nope', userId: 'nope' },
  },
  'prospects.setTags': {
    scope: 'business',
    deniedTo: STAFF_ONLY,
    refersToRecords: true,
    input: (w) => ({ id: record(w), tags: ['hijacked'] }),
    invalid: { id: 'nope', tags: ['x'.repeat(33)] },
  },
  'prospects.importCsv': {
    scope: 'business',
    deniedTo: STAFF_ONLY,
    input: () => ({ csv: `name,phone\nIntrus,${freshPhone()}\n` }),
    invalid: { csv: '', dryRun: 'yes' },
  },
};

async function ownerWithProspect(app: TestApp) {
  const owner = await app.signUp();
  const prospect = await owner.caller.prospects.create({ name: 'Awa', phone: freshPhone() });
  return { owner, prospect };
}

const audited: Record<string, AuditCase> = {
  'prospects.create': async (app) => {
    const { owner } = await ownerWithProspect(app);
    return { userId: owner.userId, action: 'prospect.create' };
  },
  'prospects.update': async (app) => {
    const { owner, prospect } = await ownerWithProspect(app);
    await owner.caller.prospects.update({ id: prospect.id, name: 'Awa Diop' });
    return { userId: owner.userId, action: 'prospect.update' };
  },
  'prospects.setStatus': async (app) => {
    const { owner, prospect } = await ownerWithProspect(app);
    await owner.caller.prospects.setStatus({ id: prospect.id, status: 'contacted' });
    return { userId: owner.userId, action: 'prospect.status' };
  },
  'prospects.assign': async (app) => {
    const { owner, prospect } = await ownerWithProspect(app);
    await owner.caller.prospects.assign({ id: prospect.id, userId: owner.userId });
    return { userId: owner.userId, action: 'prospect.assign' };
  },
  'prospects.setTags': async (app) => {
    const { owner, prospect } = await ownerWithProspect(app);
    await owner.caller.prospects.setTags({ id: prospect.id, tags: ['VIP'] });
    return { userId: owner.userId, action: 'prospect.tags' };
  },
  'prospects.importCsv': async (app) => {
    const owner = await app.signUp();
    await owner.caller.prospects.importCsv({ csv: `name,phone\nAwa,${freshPhone()}\n` });
    return { userId: owner.userId, action: 'prospect.import' };
  },
};

export const prospectsCases: DomainCases = {
  procedures,
  audited,
  async setup(world, app) {
    const victim = await app.as(world.victim.token);
    const prospect = await victim.prospects.create({
      businessId: world.victim.businessId,
      name: 'Awa Diop',
      phone: freshPhone(),
    });
    world.records.prospectId = prospect.id;
  },
};
