// Google's redirect back after the consent screen: GET /oauth/google/callback?code&state. The
// connection must come back to the session that started it (email.connectGmail), with its state,
// once; then the browser returns to the settings page, told how it went. A top-level GET from
// Google carries our SameSite=Lax session cookie.
import { AppError, type AppServices, completeGmailConnect, createContext } from '@flux/api';
import { Hono } from 'hono';

export const GOOGLE_CALLBACK_PATH = '/oauth/google/callback';

export function googleOAuthRoutes(services: AppServices, options: { secureCookies: boolean }) {
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
      const account = await completeGmailConnect(services, {
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
      services.log.error({ err: error }, 'gmail connection failed');
      return back('email_error=internal');
    }
  });
  return app;
}
