import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { mulberry32 } from '../engine/support/random.ts';
import { leadflowPage } from './support/bench-pages.ts';
import { startBenchServer } from './support/bench-server.ts';
import { launchChromium } from './support/chromium.ts';
import { timeFirstSteps } from './support/first-step.ts';
import { summarise } from './support/timing.ts';
import type { Timing } from './types.ts';

export interface Comparison {
  a: Timing;
  b: Timing;
  /** Median of b minus median of a, ms, with a 95 % bootstrap interval. */
  difference: { median: number; low: number; high: number };
}

const median = (values: number[]) => summarise(values).median;

/**
 * How sure a difference of medians is: the middle 95 % of the differences over `rounds`
 * resamples (with replacement) of both sets. Seeded, so a rerun on the same samples agrees.
 */
export function bootstrapDifference(a: number[], b: number[], rounds = 2000, seed = 1): Comparison['difference'] {
  const next = mulberry32(seed);
  const resample = (values: number[]) => values.map(() => values[Math.floor(next() * values.length)]!);
  const differences = Array.from({ length: rounds }, () => median(resample(b)) - median(resample(a))).sort((x, y) => x - y);
  const at = (share: number) => Math.round(differences[Math.floor(share * (rounds - 1))]! * 100) / 100;
  return { median: Math.round((median(b) - median(a)) * 100) / 100, low: at(0.025), high: at(0.975) };
}

/**
 * The first step of two builds of dist/leadflow.js on the benchmark's page and clock, in
 * alternating cold loads (so a slow moment of the machine hits both): the way to tell whether a
 * change moved the first step, which the absolute numbers of two separate runs cannot (the
 * machine's own floor moves by several ms between runs).
 */
export async function compareFirstSteps(root: string, chromiumPath: string, builds: { a: string; b: string }, runs = 40): Promise<Comparison> {
  const flow = JSON.parse(await readFile(resolve(root, 'demo/flows/saas-bant.json'), 'utf8'));
  const server = await startBenchServer({ '/a/leadflow.js': resolve(builds.a), '/b/leadflow.js': resolve(builds.b) });
  const browser = await launchChromium(chromiumPath);
  try {
    const webhook = `${server.origin}/hook`;
    const widgets = (['a', 'b'] as const).map((name) => ({ name, url: server.page(`/${name}.html`, leadflowPage(flow, webhook, `/${name}/leadflow.js`)) }));
    const samples = await timeFirstSteps(browser, server.origin, widgets, runs, 3);
    const [a, b] = [samples.get('a')!, samples.get('b')!];
    return { a: summarise(a), b: summarise(b), difference: bootstrapDifference(a, b) };
  } finally {
    await browser.close();
    await server.close();
  }
}
