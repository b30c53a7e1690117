import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { strictAjv } from './support/strict-ajv.ts';

// `npm test` builds first. scripts/build.mjs merges scripts/flow-schema-docs.json into the
// schema and fails on a property without docs; these check what editors receive, and that
// docs/flow-format.md documents exactly the properties the schema has.
const schema = JSON.parse(readFileSync(new URL('../../dist/flow.schema.json', import.meta.url), 'utf8'));
const reference = readFileSync(new URL('../../docs/flow-format.md', import.meta.url), 'utf8');

type Schema = Record<string, unknown>;
interface PropertySchema {
  /** JSON pointer into dist/flow.schema.json. */
  pointer: string;
  /** The property's name; undefined for a map's values (`additionalProperties`). */
  name: string | undefined;
  schema: Schema;
}

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);
const segment = (key: string | number) => String(key).replaceAll('~', '~0').replaceAll('/', '~1');

/** Every property schema and map value schema, found through the schema keywords only (not inside examples). */
function propertySchemas(node: Schema = schema, pointer = ''): PropertySchema[] {
  const found: PropertySchema[] = [];
  const visit = (child: unknown, path: string, name?: string | null) => {
    if (!isSchema(child)) return;
    if (name !== null) found.push({ pointer: path, name, schema: child });
    found.push(...propertySchemas(child, path));
  };
  for (const [name, child] of Object.entries((node['properties'] ?? {}) as Schema)) visit(child, `${pointer}/properties/${segment(name)}`, name);
  visit(node['additionalProperties'], `${pointer}/additionalProperties`, undefined);
  visit(node['items'], `${pointer}/items`, null);
  for (const keyword of ['anyOf', 'oneOf', 'allOf'])
    ((node[keyword] ?? []) as unknown[]).forEach((branch, i) => visit(branch, `${pointer}/${keyword}/${i}`, null));
  // A step kind is the `then` of its `if` on the type (the `if` itself only names the type).
  visit(node['then'], `${pointer}/then`, null);
  for (const [name, def] of Object.entries((node['$defs'] ?? {}) as Schema)) visit(def, `${pointer}/$defs/${segment(name)}`, null);
  return found;
}

const properties = propertySchemas();
const schemaNames = new Set(properties.flatMap((p) => (p.name === undefined ? [] : [p.name])));

/** The property tables of the reference (first header cell "property"): the names in each row's first cell, under their heading. */
function propertyTables(markdown: string): Array<{ heading: string; names: string[] }> {
  const tables: Array<{ heading: string; names: string[] }> = [];
  let heading = '';
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '');
    const cells = (row: string) => row.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim());
    if (!line.startsWith('|') || cells(line)[0] !== 'property' || !lines[i + 1]?.startsWith('|-')) continue;
    const names: string[] = [];
    for (i += 2; lines[i]?.startsWith('|'); i++) names.push(...[...cells(lines[i]!)[0]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
    tables.push({ heading, names });
  }
  return tables;
}

describe('dist/flow.schema.json explains every property to editors', () => {
  it('finds the properties (npm test builds first; run npm run build)', () => {
    expect(properties.length).toBeGreaterThan(100);
    expect(Object.keys(schema.$defs)).toEqual(expect.arrayContaining(['condition', 'text']));
  });

  it('gives every property and map value a title, a description and at least one example', () => {
    const filled = (value: unknown) => typeof value === 'string' && value.trim() !== '';
    const undocumented = properties
      .filter(({ schema: s }) => !(filled(s['title']) && filled(s['description']) && Array.isArray(s['examples']) && s['examples'].length > 0))
      .map((p) => p.pointer);
    expect(undocumented).toEqual([]);
  });

  it('has examples that are valid for their own property', () => {
    // Strict mode also refuses keywords no JSON Schema validator knows.
    const ajv = strictAjv();
    ajv.addSchema(schema);
    const invalid = properties.flatMap(({ pointer, schema: s }): Array<{ pointer: string; example?: unknown; errors: string }> => {
      const validate = ajv.getSchema(`${schema.$id}#${pointer.split('/').map(encodeURIComponent).join('/')}`);
      if (!validate) return [{ pointer, errors: 'cannot compile' }];
      return (s['examples'] as unknown[]).flatMap((example) =>
        validate(example) ? [] : [{ pointer, example, errors: ajv.errorsText(validate.errors) }],
      );
    });
    expect(invalid).toEqual([]);
  });
});

describe('docs/flow-format.md documents exactly the schema properties', () => {
  const tables = propertyTables(reference);
  const documented = new Set(tables.flatMap((table) => table.names));

  it('has property tables under each part of the reference', () => {
    const headings = new Set(tables.map((table) => table.heading));
    for (const heading of ['Top level', 'Steps', 'Branching', 'Theme', 'Scoring']) expect(headings.has(heading), heading).toBe(true);
  });

  it('names every schema property in the first column of a property table', () => {
    expect([...schemaNames].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('names no property the schema does not have (no stale docs)', () => {
    expect([...documented].filter((name) => !schemaNames.has(name))).toEqual([]);
  });
});
