import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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

interface CliCase {
  name: string;
  plan: VisitorPlan;
  outcome: Outcome;
  json: boolean;
}
interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The command's arguments for a case, with the visitor's answers written to a file of their own. */
function cliArgs({ name, plan, outcome, json }: CliCase): { file: string; args: string[] } {
  const file = join(dir, `${name}-${plan.seed}.json`);
  writeFileSync(file, JSON.stringify(outcome.allAnswers));
  const hidden = Object.entries(plan.hidden).flatMap(([k, v]) => ['--hidden', `${k}=${v}`]);
  return { file, args: ['simulate', demoFlowFile(name), file, ...hidden, ...(json ? ['--json'] : [])] };
}

/** `node dist/cli.mjs simulate …`, a process of its own, as the marketer runs it. */
function simulate(cliCase: CliCase): CliRun {
  const { file, args } = cliArgs(cliCase);
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 15_000 });
  if (run.error) throw run.error;
  return { code: run.status, stdout: run.stdout, stderr: run.stderr.replace(`${file}`, 'answers.json') };
}

/**
 * Evaluates dist/cli.mjs afresh (a new module instance, so its top level runs: the argv it reads,
 * the output it writes, the exit code it sets) once per set of arguments, in one Node process.
 */
const BATCH = `
  const { readFileSync } = await import('node:fs');
  const runs = [];
  const [write, writeErr] = [process.stdout.write, process.stderr.write];
  // Each evaluation adds its EPIPE handlers to the streams.
  process.stdout.setMaxListeners(0);
  process.stderr.setMaxListeners(0);
  for (const [i, args] of JSON.parse(readFileSync(0, 'utf8')).entries()) {
    const run = { code: null, stdout: '', stderr: '' };
    process.argv = [process.argv[0], ${JSON.stringify(CLI)}, ...args];
    process.exitCode = undefined;
    process.stdout.write = (chunk) => ((run.stdout += chunk), true);
    process.stderr.write = (chunk) => ((run.stderr += chunk), true);
    try {
      await import(${JSON.stringify(pathToFileURL(CLI).href)} + '?run=' + i);
    } finally {
      [process.stdout.write, process.stderr.write] = [write, writeErr];
    }
    run.code = process.exitCode ?? 0;
    runs.push(run);
  }
  process.exitCode = 0;
  write.call(process.stdout, JSON.stringify(runs));`;

/**
 * The same commands run by dist/cli.mjs in a single Node process (see BATCH): a process per
 * command was most of this file's time, while what is compared here is the command's output.
 */
function simulateInOneProcess(cases: CliCase[]): CliRun[] {
  if (!cases.length) return [];
  const prepared = cases.map(cliArgs);
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', BATCH], {
    input: JSON.stringify(prepared.map((p) => p.args)),
    encoding: 'utf8',
    timeout: 15_000,
    maxBuffer: 1 << 26,
  });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`the batch of CLI runs failed (${run.status}):\n${run.stderr}`);
  return (JSON.parse(run.stdout) as CliRun[]).map((r, i) => ({ ...r, stderr: r.stderr.replace(prepared[i]!.file, 'answers.json') }));
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
      const visitors: Array<{ seed: number; plan: VisitorPlan; outcome: Outcome }> = [];
      for (const seed of seeds(flowIndex, CLI_CASES)) {
        const plan = generatePlan(name, flow, seed);
        visitors.push({ seed, plan, outcome: await engineOutcome(flow, plan) });
      }
      const cases = visitors.flatMap(({ plan, outcome }) => [false, true].map((json) => ({ name, plan, outcome, json })));
      // The first visitor's two commands run as the marketer runs them, a process each (exit code,
      // stdout and stderr as the shell sees them); the others in one process, by the same file.
      const runs = [...cases.slice(0, 2).map(simulate), ...simulateInOneProcess(cases.slice(2))];
      visitors.forEach(({ seed, plan, outcome }, i) => {
        const context = `seed ${seed} (replay: LEADFLOW_SEED=${seed}); plan ${describePlan(plan)}`;
        const [text, json] = [runs[2 * i]!, runs[2 * i + 1]!];
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
        expect(json.code, context).toBe(0);
        expect(JSON.parse(json.stdout), context).toEqual(JSON.parse(JSON.stringify(outcome.score)));
      });
      expect(runs.length).toBe(2 * (replay !== undefined ? 1 : CLI_CASES));
      // Three CLI processes in one test: on a busy 2-core machine they took longer than 5 s.
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
