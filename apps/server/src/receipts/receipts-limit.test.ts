// The receipt links are 128-bit signed tokens: guessing one is hopeless, and a scanner is slowed
// anyway, like on the tracking pages.
import { useTestApp } from '@flux/api/testing';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';

const app = useTestApp({ rateLimit: true });

describe('GET /r/:token, many times from one address', () => {
  it('answers 429 after 60 receipts in a minute', async () => {
    const http = createApp(app.services, {
      whatsapp: { verifyToken: 'verify-token-test', appSecret: 'app-secret-test' },
      allowedOrigins: ['http://localhost:3000'],
      trustProxyHops: 1,
      secureCookies: false,
      bodyLimit: 1_000_000,
    });
    const get = (ip: string) =>
      http.request('/r/not-a-token', { headers: { 'x-forwarded-for': ip } });
    const statuses = [];
    for (let i = 0; i < 61; i++) statuses.push((await get('198.51.100.7')).status);
    expect(statuses.slice(0, 60).every((status) => status === 404)).toBe(true);
    expect(statuses[60]).toBe(429);
    // Another address is not held back.
    expect((await get('198.51.100.8')).status).toBe(404);
  });
});
