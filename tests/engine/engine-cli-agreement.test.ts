import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNumberInput } from '../../src/ui/questions/number-input.ts';
import { askedOn, DEMO_FLOW_NAMES, germanTypings, progressProblems, demoFlowFile, describePlan, engineOutcome, generatePlan, loadJson, readDemoJson, type Outcome, type VisitorPlan } from '../e2e/support/agreement.ts';
import { caseSeed, replay } from './support/random.ts';
import type { Flow } from '../../src/engine/index.ts';

/**
 * The engine (src/engine, and its build dist/engine.mjs) against the marketer's CLI
 * (`node dist/cli.mjs simulate`), on seeded random visitors of every demo flow: the CLI,
 * given every answer the visitor typed (abandoned branches included), must walk the same path
 * to the same ending and print the same score as the engine computed for the visitor who
 * clicked through, with Back and changed answers on the way.
 */

const CLI = fileURLToPath(new URL('../../dist/cli.mjs', import.meta.url));
const DIST_ENGINE = new URL('../../dist/engine.mjs', import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), 'leadflow-agreement-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** CLI runs per flow (each runs the command twice: text and --json). */
const CLI_CASES = 6;
/** Engine-only cases per flow (src against dist/engine.mjs, and the documented invariants). */
const ENGINE_CASES = 60;
const BASE_SEED = 0x1eadf10;

const seeds = (flowIndex: number, count: number) =>
  replay !== undefined ? [replay] : Array.from({ length: count }, (_, i) => caseSeed(BASE_SEED + flowIndex, i));

function simulate(name: string, plan: VisitorPlan, outcome: Outcome, json: boolean) {
  const file = join(dir, `${name}-${plan.seed}.json`);
  writeFileSync(file, JSON.stringify(outcome.allAnswers));
  const hidden = Object.entries(plan.hidden).flatMap(([k, v]) => ['--hidden', `${k}=${v}`]);
  const run = spawnSync(process.execPath, [CLI, 'simulate', demoFlowFile(name), file, ...hidden, ...(json ? ['--json'] : [])], { encoding: 'utf8', timeout: 15_000 });
  if (run.error) throw run.error;
  return { code: run.status, stdout: run.stdout, stderr: run.stderr.replace(`${file}`, 'answers.json') };
}

const line = (stdout: string, key: string) => new RegExp(`^${key}: +(.*)$`, 'm').exec(stdout)?.[1];

/** What the docs promise of every score (docs/qualification.md "Totals", "Routing", "The result"). */
function documentedInvariants(flow: Flow, outcome: Outcome) {
  const { score } = outcome;
  const summed = score.trace.filter((t) => ['fit', 'intent', 'negative', 'cap'].includes(t.kind)).reduce((a, t) => a + t.points, 0);
  expect(Math.round(summed * 1e6) / 1e6, 'fit + intent + negative + cap entries of the trace add up to the total').toBe(score.total);
  expect(score.total).toBe(Math.round((score.fit + score.intent + score.negative) * 1e6) / 1e6);
  if (score.knockouts.length) expect(score.route).toBe('disqualified');
  const tiers = { warm: 31, hot: 61, ...Object.fromEntries(Object.entries(flow.scoring?.tiers ?? {}).map(([k, v]) => [k, (v as { min?: number }).min])) };
  const minFit = (flow.scoring?.tiers as { hot?: { minFit?: number } } | undefined)?.hot?.minFit ?? -Infinity;
  const expectedTier = score.total >= (tiers.hot ?? 61) && score.fit >= minFit ? 'hot' : score.total >= (tiers.warm ?? 31) ? 'warm' : 'cold';
  expect(score.tier, 'the tier the totals and thresholds give').toBe(expectedTier);
  expect(score.trace.at(-1)).toMatchObject({ rule: 'route', kind: 'route' });
  expect(score.trace.at(-1)!.detail).toMatch(new RegExp(`^${score.route}\\b`));
}

describe('engine ↔ CLI agreement on random visitors of the demo flows', () => {
  DEMO_FLOW_NAMES.forEach((name, flowIndex) => {
    const flow = loadJson(readDemoJson(name));

    it(`${name}: \`leadflow simulate\` walks the visitor's final answers to the same path, ending and score`, async () => {
      for (const seed of seeds(flowIndex, CLI_CASES)) {
        const plan = generatePlan(name, flow, seed);
        const outcome = await engineOutcome(flow, plan);
        const context = `seed ${seed} (replay: LEADFLOW_SEED=${seed}); plan ${describePlan(plan)}`;
        const text = simulate(name, plan, outcome, false);
        expect(text.code, `${context}\n${text.stderr}`).toBe(0);
        expect(line(text.stdout, 'ending')?.split(' ')[0], context).toBe(outcome.ending);
        expect(line(text.stdout, 'path'), context).toBe(outcome.path.join(' → '));
        expect(line(text.stdout, 'total'), context).toBe(String(outcome.score.total));
        expect(line(text.stdout, 'tier'), context).toBe(outcome.score.tier);
        expect(line(text.stdout, 'route'), context).toBe(outcome.score.route);
        expect(line(text.stdout, 'knockouts'), context).toBe(outcome.score.knockouts.join(', ') || 'none');
        // Answers typed on a branch the visitor went back from: asked on no step of the path.
        const asked = askedOn(flow, outcome.path);
        const unused = Object.keys(outcome.allAnswers).filter((q) => !asked.has(q));
        expect(text.stderr, context).toBe(unused.length ? `note: answers.json: not asked on this path: ${unused.join(', ')}\n` : '');
        const json = simulate(name, plan, outcome, true);
        expect(json.code, context).toBe(0);
        expect(JSON.parse(json.stdout), context).toEqual(JSON.parse(JSON.stringify(outcome.score)));
      }
      // Several CLI processes in one test: on a busy 2-core machine they took longer than 5 s.
    }, 30_000);

    it(`${name}: src/engine and the shipped dist/engine.mjs agree, every score keeps the documented sums, and the progress estimate counts right`, async () => {
      const dist = (await import(DIST_ENGINE)) as typeof import('../../src/engine/index.ts');
      const loaded = dist.loadFlow(readDemoJson(name));
      if (!loaded.ok) throw new Error('dist/engine.mjs refuses the demo flow');
      let walks = 0;
      for (const seed of seeds(flowIndex, ENGINE_CASES)) {
        const plan = generatePlan(name, flow, seed);
        const context = `seed ${seed}; plan ${describePlan(plan)}`;
        const outcome = await engineOutcome(flow, plan);
        // The same visitor walked by the built engine (the one the widget and the CLI ship).
        let state = dist.startFlow(loaded.value, plan.hidden);
        for (const id of outcome.path.slice(0, -1)) {
          expect(dist.currentStep(loaded.value, state).id, context).toBe(id);
          for (const q of dist.questionsOf(dist.currentStep(loaded.value, state))) state = dist.setAnswer(state, q, outcome.allAnswers[q]);
          const moved = dist.nextStep(loaded.value, state);
          if (!moved.ok) throw new Error(`${context}: dist refused ${id}: ${JSON.stringify(moved.issues)}`);
          state = moved.value;
        }
        expect(dist.currentStep(loaded.value, state).id, context).toBe(outcome.ending);
        const answers = dist.pathAnswers(loaded.value, state);
        expect(dist.summarizeAnswers(loaded.value, answers, 'de'), context).toEqual({ answers: outcome.answers, contact: outcome.contact });
        expect(dist.scoreLead(loaded.value, answers, { hidden: plan.hidden }), context).toEqual(outcome.score);
        try {
          documentedInvariants(flow, outcome);
          expect(progressProblems(outcome.showings), 'progress label and Next button along the walk').toEqual([]);
        } catch (error) {
          (error as Error).message = `${context}\n${(error as Error).message}`;
          throw error;
        }
        walks++;
      }
      expect(walks).toBe(replay !== undefined ? 1 : ENGINE_CASES);
    });
  });
});

describe('what the widget reads from a typed number is the number the engine is given', () => {
  /** Every band edge (±1, and +0.5 where the question has no grid) of every demo flow's number questions. */
  const cases = DEMO_FLOW_NAMES.flatMap((name) => {
    const flow = loadJson(readDemoJson(name));
    return flow.steps.flatMap((step) => {
      if (step.type !== 'number') return [];
      const edges = (flow.scoring?.criteria ?? []).flatMap((c) => ('bands' in c && c.answer === step.id ? c.bands!.flatMap((b) => [b.min, b.max]) : []));
      const numbers = [...new Set(edges.filter((e): e is number => e !== undefined).flatMap((e) => [e - 1, e, e + 1, ...(step.step ? [] : [e + 0.5])]))];
      return numbers.filter((n) => n >= (step.min ?? -Infinity) && n <= (step.max ?? Infinity)).map((n) => [`${name}.${step.id}`, n] as const);
    });
  });

  it.each(cases)('%s: %d, typed the German way', (_question, n) => {
    for (const typed of germanTypings(n)) expect(parseNumberInput(typed, 'de'), `"${typed}"`).toBe(n);
    // English visitors: the same number with their marks.
    const english = Number.isInteger(n) && n >= 1000 ? n.toLocaleString('en-US') : String(n);
    expect(parseNumberInput(english, 'en'), `"${english}"`).toBe(n);
  });
});
