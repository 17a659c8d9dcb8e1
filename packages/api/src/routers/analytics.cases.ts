// Cases of the analytics router for the tenant-isolation harness.
import { type DomainCases, type ProcedureCase, STAFF_ONLY } from '../testing/harness';

const period = () => ({
  from: new Date('2025-01-01T00:00:00Z'),
  to: new Date('2025-02-01T00:00:00Z'),
});

const ranged: ProcedureCase = {
  scope: 'business',
  deniedTo: STAFF_ONLY,
  input: period,
  invalid: { from: 'yesterday', to: 20250201 },
};

export const analyticsCases: DomainCases = {
  procedures: {
    'analytics.revenue': {
      ...ranged,
      input: () => ({ ...period(), bucket: 'week' }),
      invalid: { from: 'yesterday', to: 20250201, bucket: 'month' },
    },
    'analytics.ordersByStatus': ranged,
    'analytics.firstResponse': ranged,
    'analytics.aiAcceptance': ranged,
    'analytics.deliveryDurations': ranged,
    'analytics.summary': { scope: 'business', deniedTo: STAFF_ONLY },
  },
  // Reads only.
  audited: {},
};
