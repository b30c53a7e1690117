#!/usr/bin/env node
// Builds every public artefact into dist/: the library builds defined in vite.config.ts
// (script tag, its dev twin, ES module, engine), the types and the flow JSON Schema.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const modes = ['script', 'script-dev', 'module', 'engine']; // see libraryBuilds in vite.config.ts

/** Newest modification time under a folder, to skip a build nothing has changed since. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(`${path}/${name}`)));
}

const outputs = ['leadflow.js', 'leadflow.dev.js', 'leadflow.mjs', 'engine.mjs', 'flow.schema.json'].map((f) => `${dist}/${f}`);
if (process.argv.includes('--if-stale') && outputs.every(existsSync)) {
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const inputs = [`${root}src`, `${root}package.json`, `${root}vite.config.ts`, `${root}scripts/build.mjs`];
  if (built > Math.max(...inputs.map(newest))) process.exit(0);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

for (const mode of modes) await build({ root, configFile: `${root}vite.config.ts`, mode, logLevel: 'warn' });

execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], {
  stdio: 'inherit',
});

// The JSON Schema comes from the same zod schema the engine validates with, so they cannot drift.
const { flowSchema } = await import(`${dist}/engine.mjs`);
const z = await import('zod/mini');
// Constraints are refinements that carry their JSON Schema keywords (src/engine/schema/constraints.ts).
const override = ({ zodSchema, jsonSchema }) => {
  for (const check of zodSchema._zod.def.checks ?? []) Object.assign(jsonSchema, check._zod.def.params?.jsonSchema);
};
const schema = {
  ...z.toJSONSchema(flowSchema, { target: 'draft-2020-12', io: 'input', override }),
  $id: 'https://leadflow.dev/flow.schema.json',
  title: 'LeadFlow flow',
  description: 'A LeadFlow lead-capture flow: steps, branching rules and lead scoring. See docs/flow-format.md.',
};
writeFileSync(`${dist}/flow.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
console.log('built dist/: leadflow.js, leadflow.dev.js, leadflow.mjs, engine.mjs, flow.schema.json, types/');
