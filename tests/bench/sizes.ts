import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { LEADFLOW_BUNDLE, PEER_BUNDLES, PEERS_MODULES, type Bundle } from './support/peer-bundles.ts';
import type { SizeRow } from './types.ts';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Settings a CDN uses for static files, and the same as `npm run size`. */
const compress = async (data: Buffer) => ({
  gzip: (await gzipAsync(data, { level: 9 })).length,
  brotli: (await brotliAsync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })).length,
});

async function versionOf(root: string, pkg: string | undefined): Promise<string> {
  const manifest = pkg ? join(root, PEERS_MODULES, pkg, 'package.json') : join(root, 'package.json');
  const { name, version } = JSON.parse(await readFile(manifest, 'utf8')) as { name: string; version: string };
  return `${name}@${version}`;
}

async function measureBundle(root: string, bundle: Bundle): Promise<SizeRow> {
  const row: SizeRow = { name: bundle.name, version: '', files: [], raw: 0, gzip: 0, brotli: 0, loadsAtRuntime: bundle.loadsAtRuntime };
  const versions = new Set<string>();
  // Each file separately, then summed: browsers download (and servers compress) them one by one.
  for (const file of bundle.files) {
    const data = await readFile(file.pkg ? join(root, PEERS_MODULES, file.pkg, file.path) : join(root, file.path));
    const sizes = await compress(data);
    row.raw += data.length;
    row.gzip += sizes.gzip;
    row.brotli += sizes.brotli;
    row.files.push(file.pkg ? `${file.pkg}/${file.path}` : file.path);
    versions.add(await versionOf(root, file.pkg));
  }
  row.version = [...versions].join(', ');
  return row;
}

/**
 * Raw, gzip (level 9) and brotli (quality 11) sizes of LeadFlow's script-tag bundle and of
 * each peer's shipped browser files. Needs `npm run build` and
 * `npm install --prefix tests/bench/peers` first; a missing file throws with its path.
 *
 * @example
 * const rows = await measureSizes(fileURLToPath(new URL('../../', import.meta.url)));
 */
export async function measureSizes(root: string): Promise<SizeRow[]> {
  return Promise.all([LEADFLOW_BUNDLE, ...PEER_BUNDLES].map((bundle) => measureBundle(root, bundle)));
}
