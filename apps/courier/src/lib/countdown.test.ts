import { describe, expect, it } from 'vitest';
import { offerCountdown } from './countdown';

const at = (iso: string) => new Date(iso).getTime();

describe('the offer countdown', () => {
  it('counts the seconds left, rounding up, as m:ss', () => {
    const c = offerCountdown('2026-01-01T10:00:45.000Z', at('2026-01-01T10:00:00.300Z'));
    expect(c).toMatchObject({ secondsLeft: 45, label: '0:45', expired: false, urgent: false });
    expect(offerCountdown('2026-01-01T10:01:05Z', at('2026-01-01T10:00:00Z')).label).toBe('1:05');
  });

  it('is urgent in the last ten seconds and expired at zero, never negative', () => {
    expect(offerCountdown('2026-01-01T10:00:10Z', at('2026-01-01T10:00:00Z')).urgent).toBe(true);
    const over = offerCountdown('2026-01-01T10:00:00Z', at('2026-01-01T10:00:03Z'));
    expect(over).toMatchObject({ secondsLeft: 0, expired: true, label: '0:00', fraction: 0 });
  });

  it('corrects a phone clock that is off from the server', () => {
    // The phone shows 09:59:30 when the server is at 10:00:30: 15 s left, not 75.
    const c = offerCountdown('2026-01-01T10:00:45Z', at('2026-01-01T09:59:30Z'), {
      skewMs: 60_000,
    });
    expect(c.secondsLeft).toBe(15);
  });

  it('the bar runs from full to empty over the offer time', () => {
    expect(
      offerCountdown('2026-01-01T10:00:45Z', at('2026-01-01T10:00:00Z'), { totalSeconds: 45 })
        .fraction,
    ).toBe(1);
    expect(
      offerCountdown('2026-01-01T10:00:45Z', at('2026-01-01T10:00:30Z'), { totalSeconds: 45 })
        .fraction,
    ).toBeCloseTo(1 / 3);
  });

  it('an offer without an expiry cannot be accepted', () => {
    expect(offerCountdown(null, Date.now()).expired).toBe(true);
  });
});
