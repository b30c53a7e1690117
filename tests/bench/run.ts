import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, type, release } from 'node:os';
import { measureBrowser } from './browser.ts';
import { measureEngineScale } from './engine-scale.ts';
import { renderReport } from './report.ts';
import { measureComposition } from './composition.ts';
import { measureSizes } from './sizes.ts';
import type { BenchResults } from './types.ts';

const COMMAND = 'npm run bench';

export function chromiumPath(): string {
  const path = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  try {
    execFileSync(path, ['--version'], { stdio: 'ignore' });
    return path;
  } catch {
    throw new Error(`Chromium not found at ${path}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
}

/**
 * Runs every benchmark against the built dist/ and writes bench-results/ and docs/benchmarks.md.
 * `engine` is dist/engine.mjs, imported by the caller as users import it.
 */
export async function main(root: string, engine: Parameters<typeof measureEngineScale>[0]): Promise<void> {
  console.log('engine scale …');
  const engineRows = measureEngineScale(engine);
  console.log('bundle sizes …');
  const sizes = await measureSizes(root);
  const composition = await measureComposition(root);
  console.log('Chromium: first step, transitions, heap …');
  const { browser, floor, heap, chromium } = await measureBrowser(root, chromiumPath());

  const results: BenchResults = {
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
      cores: cpus().length,
      memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
      os: `${type()} ${release()}`,
      node: process.version,
      chromium,
    },
    sizes,
    composition,
    browser,
    floor,
    heap,
    engine: engineRows,
  };
  const report = renderReport(results);
  mkdirSync(`${root}bench-results`, { recursive: true });
  writeFileSync(`${root}bench-results/benchmarks.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${root}bench-results/benchmarks.md`, report);

  const docs = `${root}docs/benchmarks.md`;
  const intro = readFileSync(docs, 'utf8').split('<!-- results -->')[0];
  writeFileSync(docs, `${intro}<!-- results -->\n\nReproduce with \`${COMMAND}\`.\n\n${report}`);
  console.log(`\n${report}\nwritten: bench-results/benchmarks.{json,md}, docs/benchmarks.md`);
}
