// Files over HTTP. `POST /uploads/proof`: the courier app sends a delivery's proof photo
// (multipart: businessId, deliveryId, file) with its bearer session; `POST /uploads/photo`: the
// dashboard sends a photo for a conversation (businessId, conversationId, file) with its cookie; the bytes decide the type, the
// declared one is ignored. `GET /files/<key>?exp=&sig=`: the folder driver's signed links, handed
// out by `deliveries.byId` to the business's staff; with S3 the links point at the bucket instead.
import {
  AppError,
  type AppServices,
  CONVERSATION_PHOTO_MAX_BYTES,
  isFolderStorage,
  PROOF_PHOTO_MAX_BYTES,
  SESSION_COOKIE,
  sniffImage,
  storeConversationPhoto,
  storeProofPhoto,
  validateSessionToken,
} from '@flux/api';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';

/** The form fields around the file, a few hundred bytes. */
const MULTIPART_OVERHEAD = 64 * 1024;

const STATUS: Record<AppError['code'], ContentfulStatusCode> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  PRECONDITION_FAILED: 412,
  BAD_GATEWAY: 502,
};

const photoForm = z.object({
  businessId: z.uuid(),
  conversationId: z.uuid(),
  file: z.instanceof(File, { message: 'Attach the photo as `file`' }),
});

const proofForm = z.object({
  businessId: z.uuid(),
  deliveryId: z.uuid(),
  file: z.instanceof(File, { message: 'Attach the photo as `file`' }),
});

/**
 * The multipart form of an upload, checked by `schema`: its data, or the 400 to answer (not
 * multipart, or the field issues).
 */
async function readForm<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<{ success: true; data: z.infer<S> } | { success: false; response: Response }> {
  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody();
  } catch {
    return {
      success: false,
      response: c.json({ error: 'Expected a multipart/form-data body' }, 400),
    };
  }
  const parsed = schema.safeParse(form);
  if (parsed.success) return { success: true, data: parsed.data };
  return {
    success: false,
    response: c.json(
      {
        error: 'Bad upload',
        issues: parsed.error.issues.map((issue) => ({
          path: issue.path.join('.'),
          message: issue.message,
        })),
      },
      400,
    ),
  };
}

/** Who uploads, for the audit log. */
function actorOf(
  c: Context,
  user: { id: string; email: string },
  clientIp: (c: Context) => string | null,
) {
  return {
    userId: user.id,
    label: user.email,
    ip: clientIp(c),
    userAgent: c.req.header('user-agent') ?? null,
  };
}

/** A service's refusal as its HTTP status; anything else is thrown on (a 500, logged). */
function refusal(c: Context, error: unknown) {
  if (error instanceof AppError) {
    const { reason, params } = error;
    return c.json({ error: error.message, reason, params }, STATUS[error.code]);
  }
  throw error;
}

export function uploadRoutes(
  services: AppServices,
  options: { clientIp: (c: Context) => string | null },
) {
  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });

  app.post(
    '/proof',
    bodyLimit({
      maxSize: PROOF_PHOTO_MAX_BYTES + MULTIPART_OVERHEAD,
      onError: (c) => c.json({ error: 'The photo is larger than 10 MB' }, 413),
    }),
    async (c) => {
      // Bearer only: the courier app holds a token; a browser's cookie could be ridden by another
      // site's form (no CSRF check is needed where cookies are not accepted).
      const authorization = c.req.header('authorization') ?? '';
      const token = /^bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim();
      const auth = token
        ? await validateSessionToken(services.db, token, services.config.sessionTtlDays)
        : null;
      if (!auth) return c.json({ error: 'Sign in to continue' }, 401);
      const parsed = await readForm(c, proofForm);
      if (!parsed.success) return parsed.response;
      if (parsed.data.file.size > PROOF_PHOTO_MAX_BYTES) {
        return c.json({ error: 'The photo is larger than 10 MB' }, 413);
      }
      try {
        const stored = await storeProofPhoto(services, actorOf(c, auth.user, options.clientIp), {
          businessId: parsed.data.businessId,
          deliveryId: parsed.data.deliveryId,
          bytes: new Uint8Array(await parsed.data.file.arrayBuffer()),
        });
        return c.json(stored, 201);
      } catch (error) {
        return refusal(c, error);
      }
    },
  );
  // The dashboard's photo for a conversation: the session cookie (the CSRF check of app.ts ran) or
  // a bearer token; then `conversations.sendMessage({ photo: { uploadId } })` sends it.
  app.post(
    '/photo',
    bodyLimit({
      maxSize: CONVERSATION_PHOTO_MAX_BYTES + MULTIPART_OVERHEAD,
      onError: (c) => c.json({ error: 'The photo is larger than 5 MB' }, 413),
    }),
    async (c) => {
      const authorization = c.req.header('authorization') ?? '';
      const cookie = (c.req.header('cookie') ?? '')
        .split(';')
        .map((part) => part.trim())
        .find((part) => part.startsWith(`${SESSION_COOKIE}=`))
        ?.slice(SESSION_COOKIE.length + 1);
      const token = /^bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim() ?? cookie;
      const auth = token
        ? await validateSessionToken(services.db, token, services.config.sessionTtlDays)
        : null;
      if (!auth) return c.json({ error: 'Sign in to continue' }, 401);
      const parsed = await readForm(c, photoForm);
      if (!parsed.success) return parsed.response;
      try {
        const stored = await storeConversationPhoto(
          services,
          actorOf(c, auth.user, options.clientIp),
          {
            businessId: parsed.data.businessId,
            conversationId: parsed.data.conversationId,
            bytes: new Uint8Array(await parsed.data.file.arrayBuffer()),
          },
        );
        return c.json(stored, 201);
      } catch (error) {
        return refusal(c, error);
      }
    },
  );
  return app;
}

/** The folder driver's files, for whoever holds a valid signed link (the key names the business). */
export function fileRoutes(services: AppServices) {
  const app = new Hono();
  app.get('/*', async (c) => {
    const storage = services.storage;
    if (!isFolderStorage(storage)) return c.json({ error: 'Not found' }, 404);
    const key = decodeURIComponent(c.req.path.replace(/^\/files\//, ''));
    if (!storage.verify(key, c.req.query('exp'), c.req.query('sig'))) {
      return c.json({ error: 'This link is invalid or has expired' }, 403);
    }
    const bytes = await storage.read(key);
    const image = bytes ? sniffImage(bytes) : null;
    if (!bytes || !image) return c.json({ error: 'Not found' }, 404);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': image.contentType,
      'content-length': String(bytes.length),
      // The link expires soon; the browser may keep the image no longer than that, and only for itself.
      'cache-control': 'private, max-age=60',
      // An image, nothing else: even a file that fooled the sniffer could run nothing here.
      'content-security-policy': "default-src 'none'; sandbox",
      'content-disposition': 'inline',
    });
  });
  return app;
}
