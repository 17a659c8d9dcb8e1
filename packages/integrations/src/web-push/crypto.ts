// Web Push message encryption (RFC 8291: aes128gcm content coding of RFC 8188, keyed by an ECDH
// exchange with the browser's P-256 key and its auth secret) and VAPID (RFC 8292: an ES256 JWT
// naming the push service's origin, signed by the application server's key). Node's crypto only:
// the decryption and the key generation are here too, for the local fake push service and for
// `generateVapidKeys` (docs/configuration.md).
import {
  createCipheriv,
  createDecipheriv,
  createECDH,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';

export const b64url = {
  encode: (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url'),
  decode: (text: string) => Buffer.from(text, 'base64url'),
};

/** One record holds the whole message: push services take 4,096 bytes of body at most. */
const RECORD_SIZE = 4096;
const HEADER_BYTES = 16 + 4 + 1 + 65;
/** The largest plaintext one record carries (tag 16 bytes, padding delimiter 1 byte). */
export const MAX_PLAINTEXT_BYTES = RECORD_SIZE - HEADER_BYTES - 16 - 1;

const hkdf = (salt: Buffer, ikm: Buffer, info: Buffer, length: number) =>
  Buffer.from(hkdfSync('sha256', ikm, salt, info, length));

/** The content key and nonce of RFC 8291 §3.4 (from the shared secret, the auth secret, both keys). */
function contentKeys(params: {
  sharedSecret: Buffer;
  authSecret: Buffer;
  uaPublic: Buffer;
  asPublic: Buffer;
  salt: Buffer;
}) {
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), params.uaPublic, params.asPublic]);
  const ikm = hkdf(params.authSecret, params.sharedSecret, keyInfo, 32);
  return {
    cek: hkdf(params.salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16),
    nonce: hkdf(params.salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12),
  };
}

/**
 * The body of a push message for this subscription: salt, record size, the sender's one-time
 * public key, then one AES-128-GCM record. `fixed` is for the RFC's test vector only.
 */
export function encryptPayload(
  subscription: { p256dh: string; auth: string },
  plaintext: Uint8Array,
  fixed?: { asPrivateKey: Buffer; salt: Buffer },
): Buffer {
  if (plaintext.length > MAX_PLAINTEXT_BYTES) {
    throw new Error(`A push message carries at most ${MAX_PLAINTEXT_BYTES} bytes`);
  }
  const uaPublic = b64url.decode(subscription.p256dh);
  const authSecret = b64url.decode(subscription.auth);
  const ecdh = createECDH('prime256v1');
  if (fixed) ecdh.setPrivateKey(fixed.asPrivateKey);
  else ecdh.generateKeys();
  const asPublic = ecdh.getPublicKey();
  const sharedSecret = ecdh.computeSecret(uaPublic);
  const salt = fixed?.salt ?? randomBytes(16);
  const { cek, nonce } = contentKeys({ sharedSecret, authSecret, uaPublic, asPublic, salt });
  const cipher = createCipheriv('aes-128-gcm', cek, nonce);
  // The last (and only) record ends with the 0x02 delimiter, no further padding.
  const sealed = Buffer.concat([
    cipher.update(Buffer.concat([plaintext, Buffer.from([2])])),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  const header = Buffer.alloc(21);
  salt.copy(header, 0);
  header.writeUInt32BE(RECORD_SIZE, 16);
  header.writeUInt8(asPublic.length, 20);
  return Buffer.concat([header, asPublic, sealed]);
}

/** What the browser does with a push body (the fake push service plays the browser). */
export function decryptPayload(
  body: Buffer,
  subscriber: { privateKey: Buffer; publicKey: Buffer; authSecret: Buffer },
): Buffer {
  if (body.length < 21) throw new Error('aes128gcm: body too short');
  const salt = body.subarray(0, 16);
  const keyLength = body.readUInt8(20);
  const asPublic = body.subarray(21, 21 + keyLength);
  const record = body.subarray(21 + keyLength);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(subscriber.privateKey);
  const sharedSecret = ecdh.computeSecret(asPublic);
  const { cek, nonce } = contentKeys({
    sharedSecret,
    authSecret: subscriber.authSecret,
    uaPublic: subscriber.publicKey,
    asPublic,
    salt,
  });
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([
    decipher.update(record.subarray(0, record.length - 16)),
    decipher.final(),
  ]);
  // Strip the padding: trailing zeros, then the delimiter (2: last record).
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('aes128gcm: not a single final record');
  return padded.subarray(0, end);
}

/** The VAPID key pair as the browser and the env take it: raw P-256 points, base64url. */
export interface VapidKeys {
  /** The uncompressed public point (65 bytes): the browser's applicationServerKey. */
  publicKey: string;
  /** The private scalar (32 bytes). */
  privateKey: string;
}

export function generateVapidKeys(): VapidKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return {
    publicKey: b64url.encode(ecdh.getPublicKey()),
    privateKey: b64url.encode(ecdh.getPrivateKey()),
  };
}

/** The key objects of a raw P-256 pair (a JWK is the one form node takes raw points in). */
export function vapidKeyObjects(keys: VapidKeys): { privateKey: KeyObject; publicKey: KeyObject } {
  const point = b64url.decode(keys.publicKey);
  if (point.length !== 65 || point[0] !== 4) throw new Error('VAPID public key: not a P-256 point');
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: b64url.encode(point.subarray(1, 33)),
    y: b64url.encode(point.subarray(33)),
  };
  const privateKey = createPrivateKey({ key: { ...jwk, d: keys.privateKey }, format: 'jwk' });
  // A private key that does not match the public one is refused here, not by the push service.
  const derived = createECDH('prime256v1');
  derived.setPrivateKey(b64url.decode(keys.privateKey));
  if (!derived.getPublicKey().equals(point)) {
    throw new Error('VAPID keys: the private key does not match the public key');
  }
  return { privateKey, publicKey: createPublicKey({ key: jwk, format: 'jwk' }) };
}

/** `Authorization: vapid t=<JWT>, k=<public key>` for a push service's origin (RFC 8292 §3). */
export function vapidAuthorization(params: {
  audience: string;
  subject: string;
  keys: VapidKeys;
  privateKey: KeyObject;
  expiresAt: Date;
}): string {
  const header = b64url.encode(Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'ES256' })));
  const claims = b64url.encode(
    Buffer.from(
      JSON.stringify({
        aud: params.audience,
        exp: Math.floor(params.expiresAt.getTime() / 1000),
        sub: params.subject,
      }),
    ),
  );
  const signature = sign('sha256', Buffer.from(`${header}.${claims}`), {
    key: params.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `vapid t=${header}.${claims}.${b64url.encode(signature)}, k=${params.keys.publicKey}`;
}

/** The claims of a VAPID header whose signature holds under its `k`, or the reason it does not. */
export function verifyVapidAuthorization(
  header: string | undefined,
):
  | { ok: true; publicKey: string; claims: Record<string, unknown> }
  | { ok: false; reason: string } {
  const match = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), ?k=([\w-]+)$/.exec(header?.trim() ?? '');
  if (!match) return { ok: false, reason: 'no vapid authorization' };
  const [, head = '', body = '', signature = '', k = ''] = match;
  try {
    const point = b64url.decode(k);
    const publicKey = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: b64url.encode(point.subarray(1, 33)),
        y: b64url.encode(point.subarray(33)),
      },
      format: 'jwk',
    });
    const valid = verify(
      'sha256',
      Buffer.from(`${head}.${body}`),
      { key: publicKey, dsaEncoding: 'ieee-p1363' },
      b64url.decode(signature),
    );
    if (!valid) return { ok: false, reason: 'bad signature' };
    const alg = JSON.parse(b64url.decode(head).toString()) as { alg?: unknown };
    if (alg.alg !== 'ES256') return { ok: false, reason: 'not ES256' };
    const claims = JSON.parse(b64url.decode(body).toString()) as Record<string, unknown>;
    return { ok: true, publicKey: k, claims };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
