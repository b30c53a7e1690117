#!/usr/bin/env node
// npm run bench: builds if needed, installs the peers the benchmark compares against (in
// tests/bench/peers, never as LeadFlow dependencies), then runs tests/bench/run.ts.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(process.execPath, [`${root}scripts/build.mjs`, '--if-stale'], { stdio: 'inherit' });
if (!existsSync(`${root}tests/bench/peers/node_modules`)) {
  execFileSync('npm', ['ci', '--prefix', `${root}tests/bench/peers`, '--no-audit', '--no-fund'], { stdio: 'inherit' });
}
const { module } = await runnerImport(`${root}tests/bench/run.ts`);
await module.main(root, await import(`${root}dist/engine.mjs`));
