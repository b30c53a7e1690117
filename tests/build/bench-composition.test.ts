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
    const { parts } = await measureComposition(root);
    expect(parts.reduce((sum, row) => sum + row.raw, 0)).toBe(statSync(`${root}dist/leadflow.js`).size);
    for (const row of parts) expect(row.raw, row.name).toBeGreaterThan(1000);
    for (const row of parts) expect(row.gzip, row.name).toBeGreaterThan(0);
  });

  it.skipIf(!existsSync(`${root}dist/leadflow.js.map`))('measures the mandated stack as a whole: alone it gzips to about what the file loses without it', async () => {
    const { parts, stack } = await measureComposition(root);
    expect(stack.names).toEqual(['Preact + hooks', '@preact/signals', 'zod/mini']);
    const stackRaw = parts.filter((row) => stack.names.includes(row.name)).reduce((sum, row) => sum + row.raw, 0);
    // Gzipped on its own it is smaller than raw and larger than what the rest compresses it to.
    expect(stack.alone).toBeLessThan(stackRaw);
    expect(stack.alone).toBeGreaterThanOrEqual(stack.without);
    expect(stack.alone - stack.without).toBeLessThan(2048);
  });
});
