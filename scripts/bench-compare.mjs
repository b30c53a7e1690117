#!/usr/bin/env node
// npm run bench:compare -- <a/leadflow.js> <b/leadflow.js> [runs]: the first step of two builds
// of the script tag, in alternating cold loads in Chromium, with a 95 % interval of the
// difference. Make the two builds with `npm run build` and copy dist/leadflow.js aside.
import { resolve } from 'node:path';
import { runnerImport } from 'vite';

const [a, b, runs] = process.argv.slice(2);
if (!a || !b || (runs !== undefined && !(Number.isInteger(Number(runs)) && Number(runs) > 0))) {
  console.error('usage: npm run bench:compare -- <a/leadflow.js> <b/leadflow.js> [runs: a whole number, default 40]');
  process.exit(2);
}
// npm runs scripts in the package folder; paths are meant from where the command was typed.
const from = (path) => resolve(process.env.INIT_CWD ?? process.cwd(), path);
const root = new URL('..', import.meta.url).pathname;
const { module: compare } = await runnerImport(`${root}tests/bench/compare.ts`);
const { module: run } = await runnerImport(`${root}tests/bench/run.ts`);
const result = await compare.compareFirstSteps(root, run.chromiumPath(), { a: from(a), b: from(b) }, runs ? Number(runs) : undefined);
const { difference: d } = result;
console.log(`a  ${a}: median ${result.a.median} ms, p95 ${result.a.p95} ms (${result.a.runs} loads)`);
console.log(`b  ${b}: median ${result.b.median} ms, p95 ${result.b.p95} ms (${result.b.runs} loads)`);
console.log(`b − a: ${d.median} ms (95 % interval ${d.low} … ${d.high} ms): ` +
  (d.high < 0 ? 'b is faster' : d.low > 0 ? 'b is slower' : 'no clear difference at this many loads'));
