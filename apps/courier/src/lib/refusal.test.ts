import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { isFinalRefusal, outcomeOf, UploadRefusedError } from './refusal';

/** An error as the tRPC client raises it for the server's answer. */
const answered = (code: string, httpStatus: number, message = 'refused') =>
  new TRPCClientError(message, {
    result: { error: { code: -32000, message, data: { code, httpStatus } } } as never,
  });

describe('which refusals are final', () => {
  it('validation, forbidden, not found, conflict and a too-large photo leave the queue', () => {
    for (const [code, status] of [
      ['BAD_REQUEST', 400],
      ['FORBIDDEN', 403],
      ['NOT_FOUND', 404],
      ['CONFLICT', 409],
      ['PAYLOAD_TOO_LARGE', 413],
    ] as const) {
      expect(outcomeOf(answered(code, status, 'non'))).toEqual({
        ok: false,
        rejected: true,
        code,
        message: 'non',
      });
    }
  });

  it('a lost session, a rate limit, a timeout, a server error or no network are tried again', () => {
    for (const error of [
      answered('UNAUTHORIZED', 401),
      answered('TOO_MANY_REQUESTS', 429),
      answered('TIMEOUT', 408),
      answered('INTERNAL_SERVER_ERROR', 500),
      new TRPCClientError('Failed to fetch'),
      new TypeError('Network request failed'),
    ]) {
      expect(outcomeOf(error)).toMatchObject({ ok: false, rejected: false });
    }
    expect(isFinalRefusal(502)).toBe(false);
    expect(isFinalRefusal(503, 'SERVICE_UNAVAILABLE')).toBe(false);
  });

  it('a proof photo the upload refuses (too big, not allowed) is final; a 5xx or 429 is not', () => {
    expect(outcomeOf(new UploadRefusedError(413, 'The photo is larger than 10 MB'))).toEqual({
      ok: false,
      rejected: true,
      code: 'PHOTO_REFUSED',
      message: 'The photo is larger than 10 MB',
    });
    expect(outcomeOf(new UploadRefusedError(403, 'Photo proof is off'))).toMatchObject({
      rejected: true,
    });
    expect(outcomeOf(new UploadRefusedError(503, 'busy'))).toMatchObject({ rejected: false });
    expect(outcomeOf(new UploadRefusedError(429, 'slow down'))).toMatchObject({ rejected: false });
  });
});
