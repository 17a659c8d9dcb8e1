// The Gmail push as Pub/Sub delivers it: an OIDC token (RS256 JWT signed by Google) in the
// Authorization header, and a JSON body whose `message.data` is base64 JSON
// { emailAddress, historyId }. The token is checked against Google's keys (the JWKS URL is
// injectable: the fake serves its own), the audience we configured on the subscription, the
// issuer, the expiry, and (when set) the service account the subscription pushes as.
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { type GmailPushData, gmailPushDataSchema, pubsubPushSchema } from './schemas';

export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';
export const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

export interface PushVerifierOptions {
  audience: string;
  jwksUrl?: string;
  /** The subscription's push service account; unset: any Google-signed token for our audience. */
  serviceAccountEmail?: string;
}

export class PushTokenError extends Error {
  override readonly name = 'PushTokenError';
}

/** One key set per verifier: jose caches Google's keys and refetches on an unknown `kid`. */
export function createPushVerifier(options: PushVerifierOptions) {
  const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(options.jwksUrl ?? GOOGLE_JWKS_URL), {
    timeoutDuration: 5_000,
  });
  return {
    async verify(authorization: string | undefined): Promise<void> {
      const token = authorization?.match(/^Bearer (\S+)$/)?.[1];
      if (!token) throw new PushTokenError('no bearer token');
      try {
        const { payload } = await jwtVerify(token, keys, {
          audience: options.audience,
          issuer: GOOGLE_ISSUERS,
          algorithms: ['RS256'],
          clockTolerance: 30,
        });
        if (options.serviceAccountEmail) {
          if (payload.email !== options.serviceAccountEmail || payload.email_verified !== true) {
            throw new PushTokenError('token of another service account');
          }
        }
      } catch (error) {
        if (error instanceof PushTokenError) throw error;
        throw new PushTokenError(error instanceof Error ? error.message : String(error));
      }
    },
  };
}

export type PushVerifier = ReturnType<typeof createPushVerifier>;

/** The push body's Gmail notification, or null when it is not one. */
export function parseGmailPush(body: unknown): GmailPushData | null {
  const push = pubsubPushSchema.safeParse(body);
  if (!push.success) return null;
  try {
    const json: unknown = JSON.parse(
      Buffer.from(push.data.message.data, 'base64').toString('utf8'),
    );
    const data = gmailPushDataSchema.safeParse(json);
    return data.success ? data.data : null;
  } catch {
    return null;
  }
}
