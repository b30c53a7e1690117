import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getLanguageService, TextDocument, type Diagnostic } from 'vscode-json-languageservice';
import { describe, expect, it } from 'vitest';
import { inspectFlow } from '../../src/engine/lint/lint-flow.ts';
import docs from '../../scripts/flow-schema-docs.json' with { type: 'json' };

/**
 * A flow file in VS Code, as a marketer edits it: vscode-json-languageservice is the JSON
 * language service VS Code runs, so its diagnostics, completions and hovers are what the
 * marketer sees with dist/flow.schema.json (`npm test` builds it first). `leadflow validate`
 * is the real check: the editor must never flag what it accepts.
 */
const ROOT = new URL('../../', import.meta.url);
const schemaText = readFileSync(new URL('dist/flow.schema.json', ROOT), 'utf8');
const docsOf = (key: string) => (docs.properties as Record<string, { title: string; description: string; examples: unknown[] }>)[key]!;

// A project with LeadFlow installed: `$schema` paths in flow files resolve as VS Code resolves
// them, and `node_modules/leadflow/` is this repository. Flows without `$schema` are mapped
// with the `json.schemas` setting the README shows (`"fileMatch": ["flows/*.json"]`).
const PROJECT = 'file:///project/';
const service = getLanguageService({
  workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
  schemaRequestService: async (uri) => readFileSync(fileURLToPath(uri.replace(`${PROJECT}node_modules/leadflow/`, ROOT.href)), 'utf8'),
});
service.configure({
  validate: true,
  schemas: [{ uri: 'https://leadflow.dev/flow.schema.json', fileMatch: ['/project/flows/*.json'], schema: JSON.parse(schemaText) }],
});

const FLOW_URI = `${PROJECT}flows/flow.json`;
/** A document with the cursor where `|` is. */
function open(text: string, uri = FLOW_URI) {
  const at = text.indexOf('|');
  const document = TextDocument.create(uri, 'json', 1, at < 0 ? text : text.slice(0, at) + text.slice(at + 1));
  return { document, position: document.positionAt(Math.max(at, 0)), json: service.parseJSONDocument(document) };
}
/** What the Problems panel lists: the underlined text and the message. */
async function problems(text: string, uri?: string): Promise<Array<{ text: string; message: string }>> {
  const { document, json } = open(text, uri);
  const found: Diagnostic[] = await service.doValidation(document, json);
  return found.map((d) => ({ text: document.getText(d.range), message: typeof d.message === 'string' ? d.message : d.message.value }));
}
async function completions(text: string) {
  const { document, position, json } = open(text);
  return (await service.doComplete(document, position, json))?.items ?? [];
}
async function hover(text: string): Promise<string> {
  const { document, position, json } = open(text);
  const found = await service.doHover(document, position, json);
  return [found?.contents ?? []].flat().map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}
const docText = (item: { documentation?: string | { value: string } }) =>
  typeof item.documentation === 'string' ? item.documentation : (item.documentation?.value ?? '');

/** The errors `leadflow validate` reports (src/cli/commands/validate.ts runs inspectFlow); warnings let it pass. */
const validateErrors = (text: string) => inspectFlow(text).issues.filter((issue) => issue.severity !== 'warning');

const end = { id: 'done', type: 'end', title: 'Thanks!' };
const flowText = (steps: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'demo', version: 1, webhook: 'https://hooks.example.com/leads', steps, ...extra }, null, 2);
/** A flow with the cursor (`|`) inside its first step, written as JSON text. */
const inStep = (step: string, extra = '') =>
  `{ "id": "demo", "version": 1, "webhook": "https://hooks.example.com/leads", ${extra} "steps": [ ${step}, { "id": "done", "type": "end", "title": "Thanks!" } ] }`;

describe('a flow file in VS Code (vscode-json-languageservice with dist/flow.schema.json)', () => {
  // Checked and fine: the demo flows, opened where they are with their own relative "$schema"
  // ("../../dist/flow.schema.json", a draft 2020-12 schema with $defs and a oneOf of step
  // kinds), and the README's example flow in a project's flows/ folder show no problem at all:
  // no schema-loading warning, no "matches multiple schemas", and validate accepts them too.
  it('shows no problem in the demo flows and the README example, which validate accepts', async () => {
    const demo = fileURLToPath(new URL('demo/flows/', ROOT));
    const files = readdirSync(demo).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(5);
    const readme = readFileSync(new URL('README.md', ROOT), 'utf8');
    const example = /```json\n(\{\n {2}"\$schema"[\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain('"steps"');
    const opened = [
      ...files.map((f) => ({ name: f, text: readFileSync(`${demo}${f}`, 'utf8'), uri: new URL(`demo/flows/${f}`, ROOT).href })),
      { name: 'README', text: example!, uri: `${PROJECT}flows/saas-bant.json` },
    ];
    const found = await Promise.all(opened.map(async ({ name, text, uri }) => ({ name, problems: await problems(text, uri), errors: validateErrors(text) })));
    expect(found.filter((f) => f.problems.length || f.errors.length)).toEqual([]);
  });

  // Checked and fine: the step types are offered with each type's own docs; once `type` is set,
  // only that type's properties are offered (an e-mail question gets `placeholder`, not
  // `options` or `min`); inside `if` the operators, and for `extend` the presets, `tier` the tier
  // names and a theme colour its examples, all with their docs.
  it('offers step types, the keys of the chosen type, condition operators, presets and tiers', async () => {
    const labels = async (text: string) => (await completions(text)).map((item) => item.label);
    const types = await completions(inStep('{ "id": "email", "type": | }'));
    expect(types.map((t) => t.label)).toEqual(expect.arrayContaining(['"single_choice"', '"email"', '"rating"', '"contact"', '"end"']));
    expect(docText(types.find((t) => t.label === '"email"')!)).toBe(docsOf('steps[email].type').description);

    const emailKeys = await labels(inStep('{ "id": "email", "type": "email", "title": "E-mail?", | }'));
    expect(emailKeys).toContain('placeholder');
    expect(emailKeys).not.toContain('options');
    expect(emailKeys).not.toContain('min');
    expect(await labels(inStep('{ "id": "done2", "type": "end", "title": "Bye", | }'))).toEqual(['description', 'cta', 'redirect']);

    const operators = await completions(inStep('{ "id": "role", "type": "email", "title": "E-mail?", "next": [{ "if": { "answer": "role", | }, "goto": "done" }] }'));
    expect(operators.map((o) => o.label)).toEqual(['is', 'not', 'in', 'gt', 'gte', 'lt', 'lte', 'answered', 'domain', 'matches']);
    expect(docText(operators.find((o) => o.label === 'gte')!)).toBe(docsOf('condition.gte').description);

    const question = '{ "id": "q", "type": "email", "title": "E-mail?" }';
    expect(await labels(inStep(question, '"scoring": { "extend": | },'))).toEqual(
      ['"bant"', '"anum"', '"meddic"', '"meddpicc"', '"champ"', '"faint"', '"gpctba"'],
    );
    expect(await labels(inStep(question, '"scoring": { "routes": [{ "route": "sales_now", "tier": | }] },'))).toEqual(
      expect.arrayContaining(['"cold"', '"warm"', '"hot"']),
    );
    expect(await labels(inStep(question, '"theme": { "primary": | },'))).toContain('"#2f5bea"');
  });

  // Checked and fine: the everyday mistakes are underlined where they are, with a message a
  // marketer can act on, and validate refuses each of them too (no false alarm).
  it('underlines a misspelt property, a text for a number, a missing id and a wrong preset where they are', async () => {
    const cases = [
      { text: flowText([{ id: 'email', type: 'email', title: 'E-mail?', placholder: 'ada@example.com' }, end]), expected: [{ text: '"placholder"', message: 'Property placholder is not allowed.' }] },
      { text: flowText([{ id: 'team', type: 'number', title: 'Team size?', min: '1' }, end]), expected: [{ text: '"1"', message: 'Incorrect type. Expected "number".' }] },
      { text: flowText([{ type: 'email', title: 'E-mail?' }, end]), expected: [{ text: '{', message: 'Missing property "id".' }] },
      { text: flowText([{ id: 'email', type: 'email', title: 'E-mail?' }, { ...end, next: [{ goto: 'email' }] }]), expected: [{ text: '"next"', message: 'Property next is not allowed.' }] },
      { text: flowText([{ id: 'email', type: 'email', title: 'E-mail?' }, end], { scoring: { extend: 'bantt' } }), expected: [{ text: '"bantt"', message: expect.stringContaining('Valid values: "bant"') }] },
    ];
    for (const { text, expected } of cases) {
      expect(await problems(text)).toEqual(expected);
      expect(validateErrors(text)).not.toEqual([]);
    }
  });

  // Was: hovering a step's `title`, a `placeholder`, an option's `label` or a rule's `if` showed
  // the generic "Text — Visible text: one non-empty string…" or "Condition — A predicate on…",
  // never the property's own docs ("Step title — The question, or the ending's heading…"), and
  // completing the key shows the same generic text; completing a step title's value offers
  // "Thank you!" instead of the step title's examples. Every property that is a visible text or a
  // condition (82 `$ref`s) is affected. Cause: scripts/build.mjs documentSchema (the `$defs` loop
  // at lines 141–144) gives `$defs.text` and `$defs.condition` a title, description and examples
  // of their own; vscode-json-languageservice resolves `{ "title": "Step title", …, "$ref":
  // "#/$defs/text" }` by copying the target's keys over the siblings (jsonSchemaService.js
  // `merge`), so the $def's docs won. The `$defs` carry no docs of their own now.
  it("explains a step's title, placeholder, option label and rule condition with their own docs", async () => {
    const step = '{ "id": "role", "type": "single_choice", "ti|tle": "Role?", "options": [{ "id": "a", "label": "A" }, { "id": "b", "label": "B" }], "next": [{ "if": { "answer": "role", "is": "a" }, "goto": "done" }] }';
    const hovered = await Promise.all([
      hover(inStep(step)),
      hover(inStep(step.replace('ti|tle', 'title').replace('"label": "A"', '"lab|el": "A"'))),
      hover(inStep(step.replace('ti|tle', 'title').replace('"if"', '"i|f"'))),
    ]);
    expect(hovered.map((h) => h.split('\n')[0])).toEqual([docsOf('steps[].title').title, docsOf('steps[].options[].label').title, docsOf('steps[].next[].if').title]);

    const keys = await completions(inStep('{ "id": "email", "type": "email", "title": "E-mail?", | }'));
    expect(docText(keys.find((k) => k.label === 'placeholder')!)).toBe(docsOf('steps[].placeholder').description);
    const titleValues = await completions(inStep('{ "id": "email", "type": "email", "title": | }'));
    expect(titleValues.map((v) => v.label)).toContain('"What is your role?"');
  });

  // Was: the docs are Markdown, but only a plain `description` was written, which VS Code escapes:
  // a hover read "Names the step for \`goto\`" with the backticks shown, no code set apart.
  it('shows the docs as Markdown: code in backticks set apart, not escaped', async () => {
    const shown = await hover(inStep('{ "i|d": "thanks", "type": "end", "title": "Thanks!" }'));
    expect(shown).toContain('`goto`');
    expect(shown).not.toContain('\\`');
  });

  // Was: a misspelt step type ("emial", "ending") was reported as `Missing property "options".`
  // on the step plus `Value must be "single_choice".` on the type, and "ratng" next to min/max as
  // `Value must be "number".`: the editor names the wrong type and a property the marketer does
  // not need (validate says `unknown type "emial" — did you mean "email"?`). A step without a
  // `type` also gets `Missing property "options".`. Cause: src/engine/schema/step.ts
  // `z.discriminatedUnion('type', …)` becomes a plain `oneOf` of 15 objects (steps.items.oneOf);
  // when none matches, the service reports the errors of its "best" branch, the first one on a
  // tie (single choice). scripts/build.mjs (`byType`) writes the steps as one `type` naming all
  // kinds and an `if`/`then` per kind now: a typo is one "Valid values: …" on the type, and each
  // step still gets only its own keys.
  it('reports a misspelt step type on the type alone, naming the valid types', async () => {
    const typos = [
      { step: { id: 'email', type: 'emial', title: 'E-mail?' }, meant: 'email' },
      { step: { id: 'bye', type: 'ending', title: 'Bye' }, meant: 'end' },
      { step: { id: 'nps', type: 'ratng', title: 'How likely…?', min: 0, max: 10 }, meant: 'rating' },
    ];
    const found = await Promise.all(typos.map(({ step }) => problems(flowText([step, end]))));
    expect(found).toEqual(typos.map(({ step, meant }) => [{ text: JSON.stringify(step.type), message: expect.stringContaining(`"${meant}"`) }]));
  });

  // Was (a false alarm): `"version": 1.0`, `"maxLength": 80.0` or a rating's `"min": 1.0` was
  // underlined "Incorrect type. Expected "integer"." although validate accepts it (JSON has one
  // number 1.0 = 1; JSON Schema itself says 1.0 is an integer). VS Code's service decides
  // "integer" by the digits written, not the value. scripts/build.mjs writes a whole number as
  // `{ type: 'number', multipleOf: 1 }` now (1.0 taken, 1.5 still refused).
  it('does not flag a whole number written 1.0, which validate accepts', async () => {
    const text = flowText([{ id: 'nps', type: 'rating', title: 'How likely…?', min: 0, max: 10 }, { id: 'note', type: 'short_text', title: 'Why?', maxLength: 80 }, end])
      .replace('"version": 1', '"version": 1.0')
      .replace('"maxLength": 80', '"maxLength": 80.0');
    expect(validateErrors(text)).toEqual([]);
    expect(await problems(text)).toEqual([]);
  });

  // Was: a `javascript:` link, an id with a space or a theme colour with `url(` was underlined
  // with `String does not match the pattern of "^(?![\x00-\x20]*[A-Za-z][A-Za-z0-9+.-]*:)|…"`:
  // the raw regular expression, which no marketer can read (validate says "only http(s),
  // mailto:, tel: or relative links are allowed"). Cause: scripts/build.mjs `override` copies
  // only `pattern` from the constraints (src/engine/schema/constraints.ts `matches`,
  // src/engine/schema/step.ts `safeUrl`), not what they mean. It writes VS Code's
  // `patternErrorMessage` from the check's `format` or message now (the texts validate shows).
  it('explains a refused link, id or theme value in words, not as a regular expression', async () => {
    const text = flowText(
      [{ id: 'team size', type: 'number', title: 'Team size?' }, { ...end, cta: { label: 'Book a call', url: 'javascript:alert(1)' } }],
      { theme: { background: 'url(bg.png)' } },
    );
    expect(validateErrors(text).length).toBe(3);
    const found = await problems(text);
    expect(found.map((p) => p.text)).toEqual(['"team size"', '"javascript:alert(1)"', '"url(bg.png)"']);
    expect(found.filter((p) => p.message.includes('match the pattern'))).toEqual([]);
    expect(found[1]!.message).toMatch(/http/);
  });
});
