// Cases of the foundation's procedures (auth, business, audit) for the tenant-isolation harness.
import { schema } from '@flux/db';
import { eq } from 'drizzle-orm';
import { passwordResetToken } from '../services/password-reset';
import { pendingMembership, TEST_PASSWORD, type TestApp, type TestUser } from '../testing';
import {
  ADMIN_ONLY,
  type AuditCase,
  type DomainCases,
  type ProcedureCase,
  STAFF_ONLY,
} from '../testing/harness';

const SESSION_TOKEN =
  'the session token of the courier app (client: app), which sends it as a bearer; only its SHA-256 is stored';

let operatorUser: Promise<TestUser> | undefined;
/** A platform operator (tenant-isolation.test.ts declares ops3@ one), signed up once. */
const operator = (app: TestApp) => (operatorUser ??= app.signUp({ email: 'ops3@fluxasync.test' }));

const procedures: Record<string, ProcedureCase> = {
  'auth.signUp': {
    scope: 'public',
    meantForCaller: { token: SESSION_TOKEN },
    invalid: { email: 'not-an-email', password: '123', name: '', businessName: 'x' },
  },
  'auth.signIn': {
    scope: 'public',
    invalid: { email: 42, password: '' },
    meantForCaller: { token: SESSION_TOKEN },
  },
  'auth.requestPasswordReset': {
    scope: 'public',
    input: () => ({ email: 'nobody-here@example.test' }),
    invalid: { email: 'not-an-email' },
  },
  'auth.resetPassword': {
    scope: 'public',
    invalid: { token: 'short', password: 'x' },
    // No link can be made outside the service: a well-formed unknown one is refused in words.
    answer: async (_w, app) => {
      const anon = await app.anonymous();
      return anon.auth
        .resetPassword({ token: 'a'.repeat(32), password: 'Un-Mot-De-Passe-Solide-1' })
        .catch((error: unknown) => ({ refused: String(error) }));
    },
  },
  'auth.signOut': { scope: 'authed' },
  'auth.signOutEverywhere': { scope: 'authed' },
  'auth.me': { scope: 'authed' },
  'auth.updateProfile': {
    scope: 'authed',
    input: () => ({ locale: 'en' }),
    invalid: { name: '', locale: 'de' },
  },
  'auth.switchBusiness': {
    scope: 'authed',
    input: (w) => ({ businessId: w.victim.businessId }),
    invalid: { businessId: 'not-a-uuid' },
  },
  'auth.invitation': {
    scope: 'public',
    input: (w) => ({ token: w.records.invitationToken }),
    invalid: { token: 'not-a-link' },
  },
  'auth.acceptInvite': {
    scope: 'authed',
    input: (w) => ({ token: w.records.invitationToken }),
    invalid: { token: 42 },
  },
  'auth.acceptInvitation': {
    scope: 'authed',
    input: (w) => ({ businessId: w.victim.businessId }),
    invalid: { businessId: 'not-a-uuid' },
  },
  'auth.declineInvitation': {
    scope: 'authed',
    input: (w) => ({ businessId: w.victim.businessId }),
    invalid: { businessId: 7 },
  },
  // Platform operators only (PLATFORM_ADMINS): everyone else gets FORBIDDEN (routers/jobs.test.ts).
  'jobs.failed': {
    scope: 'authed',
    input: () => ({}),
    answer: async (_w, app) => (await operator(app)).caller.jobs.failed({}),
  },
  'jobs.retry': {
    scope: 'authed',
    input: (w) => ({ name: 'whatsapp.send', ids: [w.victim.userId] }),
  },
  'jobs.parkedWebhooks': {
    scope: 'authed',
    input: () => ({}),
    answer: async (_w, app) => (await operator(app)).caller.jobs.parkedWebhooks({}),
  },
  'jobs.redriveWebhooks': { scope: 'authed', input: (w) => ({ ids: [w.victim.userId] }) },
  'business.profile': { scope: 'business' },
  'business.get': { scope: 'business', deniedTo: STAFF_ONLY },
  'business.update': {
    scope: 'business',
    deniedTo: ADMIN_ONLY,
    input: () => ({ name: 'Hijacked', settings: { autoReply: true } }),
    invalid: { name: 'x', settings: { deliveryFee: 'free' } },
  },
  'business.members': { scope: 'business', deniedTo: STAFF_ONLY },
  'business.addMember': {
    scope: 'business',
    deniedTo: ADMIN_ONLY,
    input: (w) => ({ email: w.attacker.email, role: 'owner' }),
    invalid: { email: 'nope', role: 'king' },
  },
  'business.invitations': { scope: 'business', deniedTo: ADMIN_ONLY },
  'business.revokeInvitation': {
    scope: 'business',
    deniedTo: ADMIN_ONLY,
    refersToRecords: true,
    input: (w) => ({ invitationId: w.records.invitationId }),
    invalid: { invitationId: 'nope' },
  },
  'business.changeRole': {
    scope: 'business',
    deniedTo: ADMIN_ONLY,
    refersToRecords: true,
    input: (w) => ({ userId: w.victim.userId, role: 'agent' }),
    invalid: { userId: 'nope', role: 'king' },
  },
  'business.removeMember': {
    scope: 'business',
    deniedTo: ADMIN_ONLY,
    refersToRecords: true,
    input: (w) => ({ userId: w.victim.userId }),
    invalid: { userId: 12 },
  },
  'audit.list': {
    scope: 'business',
    deniedTo: ADMIN_ONLY,
    input: () => ({ limit: 10 }),
    invalid: { limit: 0, cursor: 5 },
  },
};

const audited: Record<string, AuditCase> = {
  'auth.signUp': async (app) => {
    const user = await app.signUp();
    return { userId: user.userId, action: 'auth.sign_up' };
  },
  'auth.signIn': async (app) => {
    const user = await app.signUp();
    await (await app.anonymous()).auth.signIn({ email: user.email, password: TEST_PASSWORD });
    return { userId: user.userId, action: 'auth.sign_in' };
  },
  'auth.requestPasswordReset': async (app) => {
    const user = await app.signUp();
    await (await app.anonymous()).auth.requestPasswordReset({ email: user.email });
    return { userId: user.userId, action: 'auth.password_reset_requested' };
  },
  'auth.resetPassword': async (app) => {
    const user = await app.signUp();
    await (await app.anonymous()).auth.requestPasswordReset({ email: user.email });
    const [reset] = await app.services.db
      .select({ id: schema.passwordResets.id })
      .from(schema.passwordResets)
      .where(eq(schema.passwordResets.userId, user.userId));
    await (await app.anonymous()).auth.resetPassword({
      token: passwordResetToken(reset?.id ?? '', app.services.config.deliveryCodeKey),
      password: 'Un-Mot-De-Passe-Solide-1',
    });
    return { userId: user.userId, action: 'auth.password_reset' };
  },
  'auth.signOut': async (app) => {
    const user = await app.signUp();
    await user.caller.auth.signOut();
    return { userId: user.userId, action: 'auth.sign_out' };
  },
  'auth.signOutEverywhere': async (app) => {
    const user = await app.signUp();
    await user.caller.auth.signOutEverywhere();
    return { userId: user.userId, action: 'auth.sign_out_everywhere' };
  },
  'auth.updateProfile': async (app) => {
    const user = await app.signUp();
    await user.caller.auth.updateProfile({ name: 'Nouveau nom', locale: 'en' });
    return { userId: user.userId, action: 'auth.profile_update' };
  },
  'auth.switchBusiness': async (app) => {
    const [owner, member] = [await app.signUp(), await app.signUp()];
    await app.join(owner, member, 'agent');
    await member.caller.auth.switchBusiness({ businessId: member.businessId });
    return { userId: member.userId, action: 'auth.switch_business' };
  },
  'auth.acceptInvite': async (app) => {
    const [owner, member] = [await app.signUp(), await app.signUp()];
    await app.join(owner, member, 'agent');
    return { userId: member.userId, action: 'auth.invitation_accept' };
  },
  'auth.acceptInvitation': async (app) => {
    const [owner, member] = [await app.signUp(), await app.signUp()];
    await pendingMembership(app, owner, member, 'agent');
    await member.caller.auth.acceptInvitation({ businessId: owner.businessId });
    return { userId: member.userId, action: 'auth.invitation_accept' };
  },
  'auth.declineInvitation': async (app) => {
    const [owner, member] = [await app.signUp(), await app.signUp()];
    await pendingMembership(app, owner, member, 'agent');
    await member.caller.auth.declineInvitation({ businessId: owner.businessId });
    return { userId: member.userId, action: 'auth.invitation_decline' };
  },
  'jobs.retry': async (app) => {
    // tenant-isolation.test.ts declares this address a platform operator.
    const ops = await app.signUp({ email: 'ops@fluxasync.test' });
    await ops.caller.jobs.retry({ name: 'whatsapp.send', ids: [ops.userId] });
    return { userId: ops.userId, action: 'jobs.retry' };
  },
  'jobs.redriveWebhooks': async (app) => {
    const ops = await app.signUp({ email: 'ops2@fluxasync.test' });
    await ops.caller.jobs.redriveWebhooks({ ids: [ops.userId] });
    return { userId: ops.userId, action: 'webhooks.redrive' };
  },
  'business.update': async (app) => {
    const owner = await app.signUp();
    await owner.caller.business.update({ name: 'Nouveau nom' });
    return { userId: owner.userId, action: 'business.update' };
  },
  'business.addMember': async (app) => {
    const [owner, member] = [await app.signUp(), await app.signUp()];
    await owner.caller.business.addMember({ email: member.email, role: 'agent' });
    return { userId: owner.userId, action: 'business.member_invite' };
  },
  'business.revokeInvitation': async (app) => {
    const owner = await app.signUp();
    const { invitationId } = await owner.caller.business.addMember({
      email: 'revoked@example.test',
      role: 'agent',
    });
    await owner.caller.business.revokeInvitation({ invitationId });
    return { userId: owner.userId, action: 'business.invite_revoke' };
  },
  'business.changeRole': async (app) => {
    const [owner, member] = [await app.signUp(), await app.signUp()];
    await app.join(owner, member, 'agent');
    await owner.caller.business.changeRole({ userId: member.userId, role: 'dispatcher' });
    return { userId: owner.userId, action: 'business.member_role' };
  },
  'business.removeMember': async (app) => {
    const [owner, member] = [await app.signUp(), await app.signUp()];
    await app.join(owner, member, 'agent');
    await owner.caller.business.removeMember({ userId: member.userId });
    return { userId: owner.userId, action: 'business.member_remove' };
  },
};

export const foundationCases: DomainCases = {
  procedures,
  audited,
  /** A pending invitation link of the victim business, for someone who is not the attacker. */
  async setup(world) {
    const invited = await world.victim.caller.business.addMember({
      businessId: world.victim.businessId,
      email: 'future-agent@victim.test',
      role: 'agent',
    });
    world.records.invitationId = invited.invitationId;
    world.records.invitationToken = invited.joinPath.replace('/join/', '');
  },
};
