import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { send, sendText } from './http.ts';

const TYPES: Record<string, string> = {
  'leadflow.js': 'text/javascript; charset=utf-8',
  'leadflow.js.map': 'application/json; charset=utf-8',
};

/**
 * Serves the script-tag build from dist/ as the CDN would, read on every request so a
 * rebuild shows on the next reload.
 */
export async function serveBundle(res: ServerResponse, distDir: string, name: string): Promise<void> {
  const type = TYPES[name];
  if (!type) return sendText(res, 404, `not found: /${name}\n`);
  let file: Buffer;
  try {
    file = await readFile(join(distDir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return sendText(res, 404, `dist/${name} not found: run npm run build (npm run demo builds it when it is missing)\n`);
  }
  send(res, 200, file, { 'content-type': type, 'cache-control': 'no-cache', 'access-control-allow-origin': '*' });
}
