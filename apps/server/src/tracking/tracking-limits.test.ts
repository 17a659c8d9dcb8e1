// The tracking pages' limit per IP: a customer reloading is never stopped, a token scanner is.
import { trackingPath } from '@flux/api/services/tracking';
import { useTestApp } from '@flux/api/testing';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';

const app = useTestApp({ rateLimit: true });

describe('GET /t/:token with rate limits on', () => {
  it('answers a friendly 429 page after 60 pages a minute from one IP, and serves other IPs', async () => {
    const http = createApp(app.services, {
      whatsapp: { verifyToken: 'verify-token-test', appSecret: 'app-secret-test' },
      allowedOrigins: ['http://localhost:3000'],
      trustProxyHops: 1,
      secureCookies: false,
      bodyLimit: 1_000_000,
    });
    const from = (ip: string, path: string) =>
      http.request(path, { headers: { 'x-forwarded-for': ip, 'accept-language': 'fr' } });
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      statuses.push(
        (await from('198.51.100.7', trackingPath(`scanner-guess-${i}-xxxxxxxxxxxx`))).status,
      );
    }
    expect(statuses.slice(0, 60).every((status) => status === 404)).toBe(true);
    const limited = await from('198.51.100.7', trackingPath('scanner-guess-last-xxxxxxxxxxx'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('text/html');
    expect(await limited.text()).toContain('Trop de demandes');
    // The stream is counted with the pages.
    expect(
      (await from('198.51.100.7', `${trackingPath('scanner-guess-stream-xxxxxxxx')}/events`))
        .status,
    ).toBe(429);
    expect((await from('198.51.100.8', trackingPath('another-customer-xxxxxxxxxx'))).status).toBe(
      404,
    );
  });
});
