import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import demo from '../../demo/flows/saas-bant.json';

// `npm test` builds first; these check what the build published, as users receive it.
const dist = new URL('../../dist/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, dist), 'utf8');

describe('the published build', () => {
  it('exists (npm test builds it first; run npm run build)', () => {
    expect(existsSync(new URL('engine.mjs', dist))).toBe(true);
  });

  it('dist/engine.mjs runs in Node without a DOM: load, navigate and score the demo flow', async () => {
    const engine = await import(new URL('engine.mjs', dist).href);
    const loaded = engine.loadFlow(JSON.stringify(demo));
    expect(loaded.ok).toBe(true);
    const score = engine.scoreLead(loaded.value, { role: 'sign_off', budget: 'approved', timeline: 'this_quarter' });
    expect(engine.presets.bant.dimensions.budget).toEqual({ kind: 'fit', weight: 25, cap: 25 });
    expect(score).toMatchObject({ total: 75, tier: 'hot' });
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
  });

  it('dist/flow.schema.json accepts the demo flow and refuses what the zod schema refuses', () => {
    const schema = JSON.parse(read('flow.schema.json'));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate(demo)).toBe(true);

    const broken = structuredClone(demo) as Record<string, unknown> & { steps: Array<Record<string, unknown>> };
    broken.steps[0]!['titel'] = 'typo';
    broken['version'] = 1.5;
    broken.steps[1]!['options'] = [{ id: 'only-one', label: 'x' }];
    expect(validate(broken)).toBe(false);
    const keywords = (validate.errors ?? []).map((e) => e.keyword);
    // 1.5 is no multiple of 1: whole numbers are written that way, so editors take 1.0 (see scripts/build.mjs).
    expect(keywords).toEqual(expect.arrayContaining(['additionalProperties', 'multipleOf', 'minItems']));
  });

  it('dist/flow.schema.json accepts every example flow in demo/flows, scoring blocks included', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(read('flow.schema.json')));
    const flows = new URL('../../demo/flows/', import.meta.url);
    const files = readdirSync(flows).filter((file) => file.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const valid = validate(JSON.parse(readFileSync(new URL(file, flows), 'utf8')));
      expect({ file, errors: valid ? [] : validate.errors }).toEqual({ file, errors: [] });
    }
    const badTier = structuredClone(demo) as { scoring: Record<string, unknown> };
    badTier.scoring['tiers'] = { warm: 31, hot: 61 };
    expect(validate(badTier)).toBe(false);
  });

  // Was: scripts/build.mjs run with NODE_ENV=test (a test starting `npm run demo` over a stale
  // dist/) or development (many shells) built the development JSX runtime into every bundle: file
  // names and line numbers, 1 KiB more gzip, measured by the size gate and the benchmark.
  it('builds the production JSX runtime into the bundles, whatever NODE_ENV the build ran with', () => {
    for (const file of ['leadflow.js', 'leadflow.mjs']) expect(read(file), file).not.toMatch(/jsxDEV|lineNumber/);
  });

  it('keeps issue explanations out of the production script tag only', () => {
    expect(read('leadflow.js')).not.toContain('did you mean');
    expect(read('leadflow.dev.js')).toContain('did you mean');
    expect(read('engine.mjs')).toContain('did you mean');
  });

  it('ships type declarations for both entry points', () => {
    expect(read('types/embed/index.d.ts')).toContain('LeadFlowOptions');
    expect(read('types/engine/index.d.ts')).toContain('loadFlow');
  });
});
