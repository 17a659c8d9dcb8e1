// The mail provider's redirect back after its consent screen: GET /oauth/google/callback or
// /oauth/microsoft/callback ?code&state. The connection must come back to the session that started
// it (email.connectGmail / connectOutlook), with its state, for that provider, once; then the
// browser returns to the settings page, told how it went. A top-level GET from the provider
// carries our SameSite=Lax session cookie.
import { AppError, type AppServices, completeMailConnect, createContext } from '@flux/api';
import { Hono } from 'hono';

export function mailOAuthRoutes(
  services: AppServices,
  options: { secureCookies: boolean; provider: 'gmail' | 'outlook' },
) {
  const app = new Hono();
  app.get('/callback', async (c) => {
    const resHeaders = new Headers();
    const ctx = await createContext(services, {
      headers: c.req.raw.headers,
      resHeaders,
      ip: null,
      secureCookies: options.secureCookies,
    });
    const back = (query: string) => {
      const response = c.redirect(`/settings?${query}`, 302);
      resHeaders.forEach((value, key) => {
        response.headers.append(key, value);
      });
      response.headers.set('cache-control', 'no-store');
      return response;
    };
    if (!ctx.session || !ctx.user) return back('email_error=signed_out');
    try {
      const account = await completeMailConnect(services, {
        provider: options.provider,
        sessionId: ctx.session.id,
        actor: { userId: ctx.user.id, label: ctx.user.email, ip: null, userAgent: ctx.userAgent },
        state: c.req.query('state'),
        code: c.req.query('code'),
        ...(c.req.query('error') ? { error: c.req.query('error') } : {}),
      });
      return back(`email=connected&account=${account.id}`);
    } catch (error) {
      if (error instanceof AppError) {
        return back(`email_error=${encodeURIComponent(error.code.toLowerCase())}`);
      }
      services.log.error({ err: error, provider: options.provider }, 'mail connection failed');
      return back('email_error=internal');
    }
  });
  return app;
}
