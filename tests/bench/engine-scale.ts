import type { EngineRow } from './types.ts';

type Engine = typeof import('../../src/engine/index.ts');

/**
 * A flow of `size` steps shaped like real ones: choices that branch ahead, numbers, a
 * criterion per question, and two endings; every id and rule is valid, so loading succeeds.
 */
export function generateFlow(size: number): Record<string, unknown> {
  const questions = Math.max(1, size - 2);
  const steps: Array<Record<string, unknown>> = [];
  const criteria: Array<Record<string, unknown>> = [];
  for (let i = 0; i < questions; i++) {
    const id = `q${i}`;
    if (i % 2 === 0) {
      const skipTo = i + 2 < questions ? `q${i + 2}` : 'end_hot';
      steps.push({
        id,
        type: 'single_choice',
        title: { de: `Frage ${i}`, en: `Question ${i}` },
        options: [
          { id: 'a', label: { de: 'A', en: 'A' } },
          { id: 'b', label: { de: 'B', en: 'B' } },
        ],
        next: [{ if: { answer: id, is: 'b' }, goto: skipTo }],
      });
      criteria.push({ id: `c${i}`, answer: id, options: { a: 1, b: 2 } });
    } else {
      steps.push({ id, type: 'number', title: `Number ${i}`, min: 0, max: 1000 });
      criteria.push({ id: `c${i}`, answer: id, bands: [{ max: 9, points: 0 }, { min: 10, points: 1 }] });
    }
  }
  steps.push({ id: 'end_hot', type: 'end', title: 'Hot' }, { id: 'end_cold', type: 'end', title: 'Cold' });
  return { id: `scale-${size}`, version: 1, locales: ['de', 'en'], steps, scoring: { criteria, tiers: { warm: { min: 31 }, hot: { min: 61 } } } };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median wall time of `fn` in ms over `runs` runs. */
function time(runs: number, fn: () => void): number {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** Walks the flow from start to end, answering "a" and 12 everywhere: every question is asked. */
function walk(engine: Engine, flow: Parameters<Engine['startFlow']>[0]) {
  let state = engine.startFlow(flow);
  for (let guard = 0; guard <= flow.steps.length; guard++) {
    const step = engine.currentStep(flow, state);
    if (step.type === 'end') return state;
    state = engine.setAnswer(state, step.id, step.type === 'number' ? 12 : 'a');
    const next = engine.nextStep(flow, state);
    if (!next.ok) throw new Error(`step ${step.id} refused its answer`);
    state = next.value;
  }
  throw new Error('the walk did not end');
}

/**
 * Loading (JSON, schema, integrity), linting, walking every step and scoring, for flows of
 * growing size: the time per step shows whether the engine grows linearly.
 */
export function measureEngineScale(engine: Engine, sizes = [10, 100, 1000, 2000, 10000]): EngineRow[] {
  return sizes.map((steps) => {
    const text = JSON.stringify(generateFlow(steps));
    const runs = Math.max(3, Math.min(50, Math.round(20_000 / steps)));
    const loaded = engine.loadFlow(text);
    if (!loaded.ok) throw new Error(`generated flow of ${steps} steps does not load: ${loaded.issues.map(engine.formatIssue).join('; ')}`);
    const flow = loaded.value;
    const answers = walk(engine, flow).answers;
    return {
      steps,
      load: time(runs, () => engine.loadFlow(text)),
      lint: time(runs, () => engine.lintFlow(flow)),
      navigate: time(runs, () => walk(engine, flow)),
      score: time(runs, () => engine.scoreLead(flow, answers)),
    };
  });
}
