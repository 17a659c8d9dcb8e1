// A local fake of the S3 object API (path-style `PUT`, `GET` and `DELETE /<bucket>/<key>`), for
// tests of the S3 storage driver: it refuses requests that are not SigV4-signed with the expected
// access key, and presigned GETs past their expiry, like S3 does; it does not recompute signatures.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeS3Object {
  body: Buffer;
  contentType: string | undefined;
}

export interface FakeS3 {
  url: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  objects: Map<string, FakeS3Object>;
  close(): Promise<void>;
}

const errorXml = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

/** `20250101T120000Z` as a time. */
function amzDate(value: string | null): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return null;
  return Date.UTC(
    +(m[1] ?? 0),
    +(m[2] ?? 1) - 1,
    +(m[3] ?? 0),
    +(m[4] ?? 0),
    +(m[5] ?? 0),
    +(m[6] ?? 0),
  );
}

export async function startFakeS3(
  options: { bucket?: string; accessKeyId?: string; secretAccessKey?: string } = {},
): Promise<FakeS3> {
  const bucket = options.bucket ?? 'flux-test';
  const accessKeyId = options.accessKeyId ?? 'FAKEACCESSKEY';
  const secretAccessKey = options.secretAccessKey ?? 'fake-secret-access-key';
  const objects = new Map<string, FakeS3Object>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake-s3');
      const fail = (status: number, code: string, message: string) =>
        res.writeHead(status, { 'content-type': 'application/xml' }).end(errorXml(code, message));
      const prefix = `/${bucket}/`;
      if (!url.pathname.startsWith(prefix)) return fail(404, 'NoSuchBucket', 'No such bucket');
      const key = decodeURIComponent(url.pathname.slice(prefix.length));
      const authorization = req.headers.authorization ?? '';
      const headerSigned = authorization.startsWith(`AWS4-HMAC-SHA256 Credential=${accessKeyId}/`);
      const query = url.searchParams;
      const presigned =
        query.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256' &&
        (query.get('X-Amz-Credential') ?? '').startsWith(`${accessKeyId}/`) &&
        !!query.get('X-Amz-Signature');
      if (!headerSigned && !presigned) return fail(403, 'AccessDenied', 'Not signed');
      if (presigned) {
        const signedAt = amzDate(query.get('X-Amz-Date'));
        const expires = Number(query.get('X-Amz-Expires'));
        if (
          signedAt === null ||
          !Number.isFinite(expires) ||
          signedAt + expires * 1000 < Date.now()
        ) {
          return fail(403, 'AccessDenied', 'Request has expired');
        }
      }
      if (req.method === 'PUT') {
        const header = req.headers['content-type'];
        objects.set(key, { body: Buffer.concat(chunks), contentType: header });
        return res.writeHead(200, { etag: `"${objects.size}"` }).end();
      }
      if (req.method === 'GET') {
        const object = objects.get(key);
        if (!object) return fail(404, 'NoSuchKey', 'The specified key does not exist.');
        return res
          .writeHead(200, {
            'content-type': object.contentType ?? 'application/octet-stream',
            'content-length': object.body.length,
          })
          .end(object.body);
      }
      if (req.method === 'DELETE') {
        // Like S3: 204 whether or not the key was there.
        objects.delete(key);
        return res.writeHead(204).end();
      }
      return fail(405, 'MethodNotAllowed', 'Only PUT, GET and DELETE');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId,
    secretAccessKey,
    objects,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
