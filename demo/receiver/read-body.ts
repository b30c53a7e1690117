import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; text: string } | { ok: false; status: 413; message: string };

/**
 * Reads a request body as UTF-8, refusing more than `limit` bytes. A declared
 * `Content-Length` over the limit is refused before reading; a body that grows past it while
 * streaming stops being buffered (the rest is drained, not kept).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const tooLarge: BodyResult = { ok: false, status: 413, message: `body larger than ${limit} bytes` };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve(tooLarge);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else {
        req.off('data', onData);
        req.resume();
        resolve(tooLarge);
      }
    };
    req.on('data', onData);
    req.on('error', reject);
    req.on('end', () => {
      if (size <= limit) resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '') });
    });
  });
}
