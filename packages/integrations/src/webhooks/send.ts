// One POST of a signed event to a merchant's endpoint, guarded against SSRF: the host is resolved
// once, every address it resolves to must be allowed (address-guard.ts), and the connection is
// pinned to the address that was checked (a second DNS answer cannot swap it: no rebinding).
// Redirects are never followed (a 3xx is an answer like any other), https is required outside the
// allow-list, the whole call has a deadline, and only the start of the answer is kept.
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { AddressPolicy } from './address-guard';

/** Why a URL may not be called, in words a merchant can act on. */
export class WebhookTargetError extends Error {
  override readonly name = 'WebhookTargetError';
}

export interface ResolvedTarget {
  url: URL;
  /** The address the connection will use (checked). */
  address: string;
  family: 4 | 6;
}

/**
 * Checks a URL and resolves its host: https (or an allow-listed address), no credentials, every
 * resolved address allowed. Throws WebhookTargetError otherwise.
 */
export async function resolveWebhookTarget(
  rawUrl: string,
  policy: AddressPolicy,
): Promise<ResolvedTarget> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new WebhookTargetError('Not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WebhookTargetError('The URL must start with https://');
  }
  if (url.username || url.password) {
    throw new WebhookTargetError('The URL must not carry a user name or password');
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new WebhookTargetError(`The host ${host} cannot be resolved`);
    }
  }
  if (addresses.length === 0) throw new WebhookTargetError(`The host ${host} cannot be resolved`);
  // Every answer checked: a name resolving to one public and one private address is refused.
  const refused = addresses.find((item) => !policy.permits(item.address));
  if (refused) {
    throw new WebhookTargetError(
      `The host ${host} resolves to a private or reserved address (${refused.address})`,
    );
  }
  const first = addresses[0];
  if (!first) throw new WebhookTargetError(`The host ${host} cannot be resolved`);
  if (url.protocol === 'http:' && !addresses.every((item) => policy.allowListed(item.address))) {
    throw new WebhookTargetError('The URL must start with https://');
  }
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

export interface WebhookPostResult {
  /** Null when no answer came (refused, network error, timeout). */
  statusCode: number | null;
  /** The answer's first bytes (at most `keepBytes`), as text. */
  body: string;
  durationMs: number;
  /** What went wrong before an answer: `refused` (SSRF guard, bad URL), `network`, `timeout`. */
  error: { kind: 'refused' | 'network' | 'timeout'; message: string } | null;
}

/** POSTs `body` with `headers` to `url` through the guard; never throws. */
export async function postWebhook(params: {
  url: string;
  headers: Record<string, string>;
  body: string;
  policy: AddressPolicy;
  timeoutMs: number;
  keepBytes?: number;
  userAgent?: string;
}): Promise<WebhookPostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let target: ResolvedTarget;
  try {
    target = await resolveWebhookTarget(params.url, params.policy);
  } catch (error) {
    return {
      statusCode: null,
      body: '',
      durationMs: elapsed(),
      error: { kind: 'refused', message: (error as Error).message },
    };
  }
  const keepBytes = params.keepBytes ?? 1_024;
  // The connection goes to the checked address whatever the name resolves to now; TLS still
  // verifies the certificate against the host name (servername stays the URL's host).
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const transport = target.url.protocol === 'https:' ? https : http;
  return new Promise<WebhookPostResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<WebhookPostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const request = transport.request(
      target.url,
      {
        method: 'POST',
        lookup: pinned,
        agent: false,
        headers: {
          ...params.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(params.body)),
          'user-agent': params.userAgent ?? 'FluxAsync-Webhooks/1',
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept >= keepBytes) {
            // Enough kept: the rest is not read (a huge answer must not hold the worker).
            response.destroy();
            finishWith();
            return;
          }
          chunks.push(chunk);
          kept += chunk.length;
        });
        const finishWith = () =>
          finish({
            statusCode: response.statusCode ?? null,
            body: Buffer.concat(chunks).subarray(0, keepBytes).toString('utf8'),
            error: null,
          });
        response.on('end', finishWith);
        response.on('error', finishWith);
        response.on('close', finishWith);
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      finish({
        statusCode: null,
        body: '',
        error: { kind: 'timeout', message: `No answer within ${params.timeoutMs} ms` },
      });
    }, params.timeoutMs);
    request.on('error', (error) =>
      finish({ statusCode: null, body: '', error: { kind: 'network', message: error.message } }),
    );
    request.end(params.body);
  });
}
