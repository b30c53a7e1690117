#!/usr/bin/env node
// Builds every public artefact into dist/: the script-tag bundle, the ES modules, their
// types and the flow JSON Schema. One Vite build per output, because an IIFE build takes a
// single entry and the engine must not drag the UI along.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const pkg = (await import('../package.json', { with: { type: 'json' } })).default;
const external = Object.keys(pkg.dependencies).flatMap((name) => [name, new RegExp(`^${name}/`)]);

const shared = {
  root,
  configFile: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
};

async function bundle({ entry, fileName, format, bundleDependencies, explain = true }) {
  await build({
    ...shared,
    define: { __LEADFLOW_EXPLAIN__: String(explain) },
    build: {
      outDir: dist,
      emptyOutDir: false,
      target: 'es2022',
      minify: format === 'iife',
      sourcemap: true,
      // The IIFE has no exports, so the name never becomes a global; Vite requires one anyway.
      lib: { entry: `${root}${entry}`, name: 'LeadFlowBundle', formats: [format], fileName: () => fileName },
      rolldownOptions: { external: bundleDependencies ? [] : external },
    },
  });
}

/** Newest modification time under a folder, to skip a build nothing has changed since. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(`${path}/${name}`)));
}

const outputs = ['leadflow.js', 'leadflow.dev.js', 'leadflow.mjs', 'engine.mjs', 'flow.schema.json'].map((f) => `${dist}/${f}`);
if (process.argv.includes('--if-stale') && outputs.every(existsSync)) {
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  if (built > Math.max(newest(`${root}src`), newest(`${root}package.json`), newest(`${root}scripts/build.mjs`))) process.exit(0);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// The script tag: everything bundled and minified, no exports (it installs window.LeadFlow).
// Production reports a broken flow by issue code and path; the dev build explains each issue.
await bundle({ entry: 'src/embed/auto.ts', fileName: 'leadflow.js', format: 'iife', bundleDependencies: true, explain: false });
await bundle({ entry: 'src/embed/auto.ts', fileName: 'leadflow.dev.js', format: 'iife', bundleDependencies: true });
// For bundlers: dependencies stay imports, so an app's own Preact and zod are shared.
await bundle({ entry: 'src/embed/index.ts', fileName: 'leadflow.mjs', format: 'es' });
await bundle({ entry: 'src/engine/index.ts', fileName: 'engine.mjs', format: 'es' });

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
