import { describe, expect, it } from 'vitest';
import { quietHoursEnd } from './recipients';
import { render, templates, WHATSAPP_TEMPLATES } from './templates';

const onTheWay = {
  businessName: 'Maison Lyon',
  customerName: 'Claire',
  orderNumber: 'CMD-000042',
  total: 1_250,
  cashDue: 1_250,
  currency: 'EUR',
  courierFirstName: 'Karim',
  deliveryId: 'd-1',
};
const extra = { deliveryCode: '0427', trackingLink: 'https://app.example/t/abc', joinLink: null };

describe('templates', () => {
  it('French and English, amounts formatted for the currency and the language', () => {
    expect(render('order_on_the_way', onTheWay, 'fr', extra).text).toBe(
      'Bonjour Claire, Karim vous livre votre commande CMD-000042. À payer à la livraison : 12,50\u00a0€. Code à donner au livreur : 0427.\nSuivi : https://app.example/t/abc',
    );
    expect(render('order_on_the_way', onTheWay, 'en', extra).text).toBe(
      'Hello Claire, Karim is delivering your order CMD-000042. To pay on delivery: €12.50. Code to give the courier: 0427.\nTrack it: https://app.example/t/abc',
    );
  });

  it('without a tracking link the line is left out, and the WhatsApp parameter is a dash (Meta refuses empty ones)', () => {
    const rendered = render(
      'order_confirmed',
      { ...onTheWay, currency: 'XOF', total: 2_500 },
      'fr',
      {
        ...extra,
        trackingLink: null,
      },
    );
    expect(rendered.text).not.toContain('Suivi');
    expect(rendered.text).toMatch(/2\s500\sF\sCFA/u);
    expect(rendered.whatsappTemplate?.parameters.at(-1)).toBe('-');
  });

  it('every customer template sent on WhatsApp is in the list a business must have approved, with as many parameters', () => {
    for (const name of Object.keys(templates) as (keyof typeof templates)[]) {
      const whatsapp = templates[name](
        { businessName: 'B' } as never,
        extra,
        'fr',
      ).whatsappTemplate;
      if (!whatsapp) continue;
      expect(WHATSAPP_TEMPLATES[whatsapp.name]?.parameters).toHaveLength(
        whatsapp.parameters.length,
      );
    }
  });

  it('quiet hours over midnight in the business’s time zone end at their end', () => {
    const preferences = {
      customer: { events: {}, channels: ['whatsapp' as const] },
      quietHours: { start: '21:00', end: '08:00' },
    };
    // 23:30 in Paris (UTC+1 in November) is quiet until 08:00 Paris, 07:00 UTC.
    const night = new Date('2026-11-27T22:30:00Z');
    expect(quietHoursEnd(night, { timezone: 'Europe/Paris', preferences })?.toISOString()).toBe(
      '2026-11-28T07:00:00.000Z',
    );
    expect(
      quietHoursEnd(new Date('2026-11-27T12:00:00Z'), { timezone: 'Africa/Dakar', preferences }),
    ).toBeNull();
  });
});
