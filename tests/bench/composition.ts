import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Composition } from './types.ts';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One source map segment's fields (Base64 VLQ, as in the source map v3 format). */
function decodeSegment(text: string): number[] {
  const fields: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = shift = 0;
    }
  }
  return fields;
}

/** What each stretch of the minified file comes from: `[line, start, end, source index or -1]`. */
export function stretches(code: string, mappings: string): Array<[number, number, number, number]> {
  const lines = code.split('\n');
  const out: Array<[number, number, number, number]> = [];
  let source = 0;
  mappings.split(';').forEach((line, index) => {
    let column = 0;
    const segments = line ? line.split(',').map(decodeSegment) : [];
    const starts = segments.map((fields) => {
      column += fields[0]!;
      if (fields.length > 1) source += fields[1]!;
      return [column, fields.length > 1 ? source : -1] as const;
    });
    starts.forEach(([start, from], k) => out.push([index, start, starts[k + 1]?.[0] ?? lines[index]!.length, from]));
  });
  return out;
}

/** The parts of the mandated stack (the first in PARTS). */
const STACK_PARTS = 3;

/** The parts a reader asks about: the mandated stack by package, LeadFlow by layer. */
const PARTS: Array<[string, RegExp]> = [
  ['Preact + hooks', /node_modules\/preact\//],
  ['@preact/signals', /node_modules\/@preact\/signals/],
  ['zod/mini', /node_modules\/zod\//],
  ['LeadFlow engine (schema, loader, conditions, navigation, scoring, funnel)', /src\/engine\//],
  ['LeadFlow UI (questions, widget, messages in de/en)', /src\/ui\//],
  ['LeadFlow embed (snippet, mount, modes, triggers, events, variants, storage)', /src\/(embed|shared)\//],
  ['LeadFlow delivery (payload, webhook, retries, outbox, analytics)', /src\/delivery\//],
];

/**
 * Where the script tag's bytes come from, read from its source map: raw minified bytes per
 * part, and each part's gzip cost measured as what the gzipped file loses without it (parts
 * compress against each other, so these add up to about, not exactly, the whole). Bytes no
 * source claims (the inlined CSS, the bundle's wrapper) are their own row. The mandated stack
 * as a whole is measured both ways: its bytes gzipped on their own, and what the file loses
 * without them.
 */
export async function measureComposition(root: string, file = 'dist/leadflow.js'): Promise<Composition> {
  const code = await readFile(join(root, file), 'utf8');
  const map = JSON.parse(await readFile(join(root, `${file}.map`), 'utf8')) as { sources: string[]; mappings: string };
  const partOf = (source: number) => (source < 0 ? -1 : PARTS.findIndex(([, pattern]) => pattern.test(map.sources[source]!)));
  // The part of each character of the file, the line breaks included (as the wrapper's).
  const lines = code.split('\n');
  const owners = lines.map((line) => new Int8Array(line.length + 1).fill(-1));
  for (const [line, start, end, source] of stretches(code, map.mappings)) owners[line]!.fill(partOf(source), start, end);
  // UTF-16 code units, as the map's columns count them.
  const chars = code.split('');
  const owner = Int8Array.from(owners.flatMap((line) => [...line]).slice(0, code.length));
  const textOf = (keep: (part: number) => boolean) => chars.filter((_, i) => keep(owner[i]!)).join('');
  const whole = gzipSync(code, { level: 9 }).length;
  const gzipOf = (keep: (part: number) => boolean) => gzipSync(textOf(keep), { level: 9 }).length;
  const inStack = (part: number) => part >= 0 && part < STACK_PARTS;
  const names = [...PARTS.map(([name]) => name), 'CSS (inlined) and bytes no source claims (wrapper, separators)'];
  return {
    parts: names.map((name, index) => {
      const part = index < PARTS.length ? index : -1;
      return { name, raw: Buffer.byteLength(textOf((p) => p === part)), gzip: whole - gzipOf((p) => p !== part) };
    }),
    stack: { names: PARTS.slice(0, STACK_PARTS).map(([name]) => name), alone: gzipOf(inStack), without: whole - gzipOf((p) => !inStack(p)) },
  };
}
