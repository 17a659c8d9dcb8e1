// Cases of the settings router for the tenant-isolation harness.
import type { TestUser } from '../testing';
import { ADMIN_ONLY, type DomainCases } from '../testing/harness';

let numbers = 0;
const connect = (user: TestUser) => {
  numbers += 1;
  return user.caller.settings.whatsapp.connect({
    businessId: user.businessId,
    phoneNumberId: `20000000${Date.now() % 1e6}${numbers}`,
    wabaId: '102290129340398',
    displayPhoneNumber: '+221 77 000 00 77',
    accessToken: 'EAAGm0PX4ZCpsBAKZB-harness-token',
  });
};

const smsAccount = {
  provider: 'africastalking' as const,
  accountId: 'boutique-awa',
  apiKey: 'atsk_0123456789abcdef0123456789abcdef',
  senderId: 'AWA',
};

export const settingsCases: DomainCases = {
  async setup(world) {
    await connect(world.victim);
    await world.victim.caller.settings.sms.connect(smsAccount);
  },
  procedures: {
    'settings.whatsapp.get': { scope: 'business', deniedTo: ADMIN_ONLY },
    'settings.whatsapp.connect': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      input: () => ({
        phoneNumberId: '30000000001',
        wabaId: '102290129340398',
        displayPhoneNumber: '+221 77 000 00 88',
        accessToken: 'EAAGm0PX4ZCpsBAKZB-attacker-token',
      }),
      invalid: { phoneNumberId: 'abc', wabaId: '', displayPhoneNumber: '', accessToken: 'short' },
    },
    'settings.whatsapp.disconnect': { scope: 'business', deniedTo: ADMIN_ONLY },
    'settings.whatsapp.test': { scope: 'business', deniedTo: ADMIN_ONLY },
    'settings.sms.get': { scope: 'business', deniedTo: ADMIN_ONLY },
    'settings.sms.connect': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      input: () => smsAccount,
      invalid: { provider: 'orange', accountId: 'x', apiKey: 'short' },
    },
    'settings.sms.disconnect': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      answer: async (_w, app) => {
        const owner = await app.signUp();
        await owner.caller.settings.sms.connect(smsAccount);
        return owner.caller.settings.sms.disconnect();
      },
    },
    'settings.templates.list': { scope: 'business', deniedTo: ADMIN_ONLY },
    'settings.templates.submit': { scope: 'business', deniedTo: ADMIN_ONLY },
  },
  audited: {
    'settings.sms.connect': async (app) => {
      const owner = await app.signUp();
      await owner.caller.settings.sms.connect(smsAccount);
      return { userId: owner.userId, action: 'sms.connect' };
    },
    'settings.sms.disconnect': async (app) => {
      const owner = await app.signUp();
      await owner.caller.settings.sms.connect(smsAccount);
      await owner.caller.settings.sms.disconnect();
      return { userId: owner.userId, action: 'sms.disconnect' };
    },
    'settings.templates.submit': async (app) => {
      const owner = await app.signUp();
      await connect(owner);
      await owner.caller.settings.templates.submit();
      return { userId: owner.userId, action: 'whatsapp.templates_submit' };
    },
    'settings.whatsapp.connect': async (app) => {
      const owner = await app.signUp();
      await connect(owner);
      return { userId: owner.userId, action: 'whatsapp.connect' };
    },
    'settings.whatsapp.disconnect': async (app) => {
      const owner = await app.signUp();
      await connect(owner);
      await owner.caller.settings.whatsapp.disconnect();
      return { userId: owner.userId, action: 'whatsapp.disconnect' };
    },
  },
};
