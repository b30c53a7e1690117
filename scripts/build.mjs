#!/usr/bin/env node
// Builds every public artefact into dist/: the library builds defined in vite.config.ts
// (script tag, its dev twin, ES module with the engine, command), the types and the flow JSON Schema.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

// Whatever the shell or the caller says (vitest sets `test`, many shells `development`): any other
// value gives the development JSX runtime (file names and line numbers, 1 KiB more gzip).
process.env.NODE_ENV = 'production';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const modes = ['script', 'script-dev', 'module', 'cli']; // see libraryBuilds in vite.config.ts

/** Newest modification time under a folder, to skip a build nothing has changed since. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(`${path}/${name}`)));
}

const outputs = ['leadflow.js', 'leadflow.dev.js', 'leadflow.mjs', 'engine.mjs', 'cli.mjs', 'flow.schema.json'].map((f) => `${dist}/${f}`);
if (process.argv.includes('--if-stale') && outputs.every(existsSync)) {
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const inputs = [`${root}src`, `${root}package.json`, `${root}vite.config.ts`, `${root}scripts/build.mjs`, `${root}scripts/flow-schema-docs.json`];
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
/**
 * A JSON Schema pattern has no flags: a case-insensitive RegExp's letters become `[xX]`, so an
 * editor refuses `URL(` as the loader does. Only the escapes and classes our patterns use are
 * handled; anything else stops the build rather than write a pattern that means less.
 */
function patternSource(regex) {
  if (!regex.flags.includes('i')) return regex.source;
  let out = '';
  let inClass = false;
  for (let i = 0; i < regex.source.length; i++) {
    const c = regex.source[i];
    if (c === '\\') {
      if (!/[sSdDwWbB\\()[\].{}<>;*+?^$|/-]/.test(regex.source[i + 1])) throw new Error(`flow.schema.json: cannot write /${regex.source}/i without flags (escape \\${regex.source[i + 1]})`);
      out += c + regex.source[++i];
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    if (/[a-z]/i.test(c) && (inClass || regex.source[i - 1] === '<')) throw new Error(`flow.schema.json: cannot write /${regex.source}/i without flags (a letter in a class or group name)`);
    out += /[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
  }
  return out;
}

// Constraints are refinements that carry their JSON Schema keywords (src/engine/schema/constraints.ts).
const override = ({ zodSchema, jsonSchema }) => {
  for (const check of zodSchema._zod.def.checks ?? []) {
    const { params = {}, error } = check._zod.def;
    Object.assign(jsonSchema, params.jsonSchema);
    // VS Code says this instead of "does not match the pattern of" and the regular expression:
    // what `leadflow validate` says is expected.
    if (params.jsonSchema?.pattern) {
      jsonSchema.patternErrorMessage = params.issue?.format ?? error?.();
      if (!jsonSchema.patternErrorMessage) throw new Error(`flow.schema.json: a pattern without a message saying what is expected (${params.jsonSchema.pattern})`);
    }
  }
  if (jsonSchema.pattern instanceof RegExp) jsonSchema.pattern = patternSource(jsonSchema.pattern);
  // A whole number as a multiple of 1: VS Code judges `integer` by the digits written, and
  // underlined `"version": 1.0`, which JSON Schema and validate take as the 1 it is. Within
  // 2^53, as `whole` checks: ajv's multipleOf takes 1e21 for one.
  if (jsonSchema.type === 'integer')
    Object.assign(jsonSchema, {
      type: 'number',
      multipleOf: 1,
      minimum: Math.max(jsonSchema.minimum ?? -Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
      maximum: Math.min(jsonSchema.maximum ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    });
  // A property named only to be refused (`z.never()`, see the evidence criterion) is left out:
  // `additionalProperties: false` refuses it for editors already.
  for (const [key, property] of Object.entries(jsonSchema.properties ?? {}))
    if (JSON.stringify(property) === '{"not":{}}') delete jsonSchema.properties[key];
};
// Visible text and the recursive condition (all/any/not) become named $defs, written and documented once.
const named = z.registry();
const name = (schema, id) => {
  if (schema?.def?.type !== 'union') throw new Error(`flow.schema.json: expected the ${id} schema (a union) where build.mjs looks for it`);
  named.add(schema, { id });
};
const { shape } = flowSchema.def;
name(shape.title.def.innerType, 'text');
name(shape.webhooks.def.innerType.def.element.def.shape.when.def.innerType, 'condition');
const schema = {
  ...z.toJSONSchema(flowSchema, { target: 'draft-2020-12', io: 'input', override, metadata: named }),
  $id: 'https://leadflow.dev/flow.schema.json',
  title: 'LeadFlow flow',
  description: 'A LeadFlow lead-capture flow: steps, branching rules and lead scoring. See docs/flow-format.md.',
};
schema.properties.steps.items = byType(schema.properties.steps.items);
const { default: docs } = await import('./flow-schema-docs.json', { with: { type: 'json' } });
documentSchema(schema, docs.properties);
// Each type's docs beside it in the completion list, as text and as Markdown.
const typeDocs = schema.properties.steps.items.allOf.map(({ then }) => then.properties.type.description);
Object.assign(schema.properties.steps.items.properties.type, { enumDescriptions: typeDocs, markdownEnumDescriptions: typeDocs });
writeFileSync(`${dist}/flow.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
console.log('built dist/: leadflow.js, leadflow.dev.js, leadflow.mjs, engine.mjs, cli.mjs, flow.schema.json, types/');

/**
 * The step kinds (a `oneOf`, one object per `type`) as one `type` that names them all and an
 * `if`/`then` per kind: with a `oneOf`, VS Code reported a misspelt type as the first kind's
 * errors (`Missing property "options"`, `Value must be "single_choice"`); now the type alone is
 * underlined with the valid ones, and each kind still takes only its own properties.
 */
function byType(union) {
  const kinds = union.oneOf ?? [];
  const types = kinds.map((kind) => kind.properties?.type?.const);
  if (!types.length || !types.every((type) => typeof type === 'string')) throw new Error('flow.schema.json: expected the steps as a oneOf of kinds told apart by "type"');
  return {
    type: 'object',
    required: ['type'],
    properties: { type: { type: 'string', enum: types } },
    allOf: kinds.map((kind, i) => ({ if: { properties: { type: { const: types[i] } }, required: ['type'] }, then: kind })),
  };
}

/**
 * Gives every property (and map value) of the schema the title, description and examples of
 * its entry in scripts/flow-schema-docs.json, so editors explain a flow file; the bundles carry
 * none of it. Entries are keyed by path: `.name`, `[]` for a list's items, `.*` for a map's
 * values, and `[label]` for a union's branch (see branchLabel). A property takes the entry of
 * its exact path, else of the path without branch labels. Fails on a property without an
 * entry and on an entry no property uses, so the two cannot drift.
 */
function documentSchema(schema, entries) {
  const used = new Set();
  const problems = [];
  const isSchema = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
  const join = (path, name) => (path ? `${path}.${name}` : name);
  const describe = (node, exact, generic) => {
    const key = [exact, generic].find((k) => Object.hasOwn(entries, k));
    if (!key) {
      problems.push(`no entry for ${generic}${exact === generic ? '' : ` (or ${exact})`}`);
      return node;
    }
    used.add(key);
    const { title, description, examples } = entries[key];
    // The docs are Markdown: VS Code shows `markdownDescription` as such (code in `goto`), and
    // escapes a plain description, backticks and all.
    return { title, description, markdownDescription: description, examples, ...node };
  };
  const walk = (node, exact, generic) => {
    if (node.$ref) return; // a $defs entry, walked once under its own name
    for (const [name, property] of Object.entries(node.properties ?? {})) {
      const path = [join(exact, name), join(generic, name)];
      node.properties[name] = describe(property, ...path);
      walk(node.properties[name], ...path);
    }
    if (isSchema(node.additionalProperties)) {
      const path = [`${exact}.*`, `${generic}.*`];
      node.additionalProperties = describe(node.additionalProperties, ...path);
      walk(node.additionalProperties, ...path);
    }
    if (isSchema(node.items)) walk(node.items, `${exact}[]`, `${generic}[]`);
    // A union's branches, or the kinds of `byType`.
    const branches = node.anyOf ?? node.oneOf ?? node.allOf?.map((rule) => rule.then) ?? [];
    const objects = branches.filter((branch) => Object.keys(branch.properties ?? {}).length > 0);
    for (const branch of branches) {
      const label = objects.length > 1 && objects.includes(branch) ? branchLabel(branch, objects) : undefined;
      const labelled = !label ? exact : exact.endsWith('[]') ? `${exact.slice(0, -2)}[${label}]` : `${exact}[${label}]`;
      walk(branch, labelled, generic);
    }
  };
  walk(schema, '', '');
  // A $def itself goes undocumented: VS Code copies a $ref's target over the property that
  // refers to it, so each title, label and rule condition showed "Text" or "Condition" instead
  // of its own docs. (docs/flow-format.md explains texts and conditions.)
  for (const [name, def] of Object.entries(schema.$defs ?? {})) walk(def, name, name);
  for (const [key, { title, description, examples }] of Object.entries(entries)) {
    if (!used.has(key)) problems.push(`${key} documents no property of the schema`);
    if (!title || !description || !examples?.length) problems.push(`${key} needs a title, a description and examples`);
  }
  if (problems.length)
    throw new Error(`scripts/flow-schema-docs.json is out of step with the flow schema:\n  ${problems.join('\n  ')}`);
}

/**
 * How a union's object branch is told apart in a docs path: its `type` (`steps[end]`), else
 * the first property it requires that no other branch requires (`condition[hidden]`,
 * `condition[not]`), else the first property no other branch has (`scoring.criteria[weight]`).
 */
function branchLabel(branch, branches) {
  const others = branches.filter((other) => other !== branch);
  if (typeof branch.properties.type?.const === 'string') return branch.properties.type.const;
  const required = (b) => b.required ?? [];
  return (
    required(branch).find((p) => others.every((other) => !required(other).includes(p))) ??
    Object.keys(branch.properties).find((p) => others.every((other) => !(p in (other.properties ?? {})))) ??
    String(branches.indexOf(branch))
  );
}
