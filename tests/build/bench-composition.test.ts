import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { measureComposition, stretches } from '../bench/composition.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the benchmark reads which source each byte of the bundle comes from', () => {
  it('decodes source map segments: columns and source indexes are relative, a 1-field segment has no source', () => {
    // Line 0: "abcdef" — col 0 from source 0, col 2 from source 1 (+1), col 4 unmapped.
    // Line 1: "xyz"   — col 0 from source 0 (-1; the source index carries over lines, the column does not).
    // VLQ: A=0, C=1, D=-1, E=2.
    expect(stretches('abcdef\nxyz', 'AAAA,ECAA,E;ADAA')).toEqual([
      [0, 0, 2, 0],
      [0, 2, 4, 1],
      [0, 4, 6, -1],
      [1, 0, 3, 0],
    ]);
  });

  it.skipIf(!existsSync(`${root}dist/leadflow.js.map`))('accounts for every byte of dist/leadflow.js, each part with some', async () => {
    const rows = await measureComposition(root);
    expect(rows.reduce((sum, row) => sum + row.raw, 0)).toBe(statSync(`${root}dist/leadflow.js`).size);
    for (const row of rows) expect(row.raw, row.name).toBeGreaterThan(1000);
    for (const row of rows) expect(row.gzip, row.name).toBeGreaterThan(0);
  });
});
