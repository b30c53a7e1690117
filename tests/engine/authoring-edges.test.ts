import { describe, expect, it } from 'vitest';
import { formatIssue, formatPath, loadFlow, validateFlow, type Issue } from '../../src/engine/index.ts';

/**
 * Flow files as marketers really write them: saved by Notepad, pasted from Word or Google
 * Docs, copied from VS Code's JSONC, minified by a build step. The loader is the one the
 * widget and the CLI share (src/engine/load/). Each "Was:" is a bug the audit found, fixed since.
 */

const flow = () => ({
  id: 'tiny',
  version: 1,
  steps: [
    {
      id: 'role',
      type: 'single_choice',
      title: 'Your role?',
      options: [
        { id: 'student', label: 'Student' },
        { id: 'buyer', label: 'Buyer' },
      ],
      next: [{ if: { answer: 'role', is: 'student' }, goto: 'done' }, { goto: 'done' }],
    },
    { id: 'done', type: 'end', title: 'Thanks' },
  ],
});

/** The flow as a marketer's editor saves it: two-space indents, one property per line. */
const TEXT = JSON.stringify(flow(), null, 2);

/** The text with exactly one replacement; a fixture that no longer matches fails loudly. */
function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture: ${JSON.stringify(from)} not found`);
  return text.replace(from, to);
}

/** The formatted issues (message and hint) of `validateFlow`, which must refuse the input. */
function problems(input: unknown): string[] {
  const result = validateFlow(input);
  if (result.ok) throw new Error('expected the flow to be refused, but it loaded without a warning');
  return result.issues.map(formatIssue);
}

/** The single issue of a flow `loadFlow` refuses. */
function onlyIssue(input: unknown): Issue {
  const result = loadFlow(input);
  if (result.ok) throw new Error('expected the flow to be refused, but it loaded');
  expect(result.issues).toHaveLength(1);
  return result.issues[0]!;
}

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

describe('the fixture', () => {
  it('loads, and validateFlow finds nothing in it', () => {
    expect(validateFlow(TEXT)).toMatchObject({ ok: true });
  });
});

describe('line endings, indentation and layout', () => {
  it('names the same line and column for CRLF (Windows) as for LF line endings, without a stray CR in the message', () => {
    const broken = edit(TEXT, '"version": 1,', '"version": 1,,');
    const lf = problems(broken);
    expect(lf).toMatchInlineSnapshot(`
      [
        "(root): the flow file is not valid JSON at line 3, column 16 (Expected double-quoted property name) — check for a missing comma or quote, or a trailing comma, near that place",
      ]
    `);
    expect(problems(crlf(broken))).toEqual(lf);
  });

  it('loads a CRLF file indented with tabs', () => {
    expect(validateFlow(crlf(TEXT.replace(/^( {2})+/gm, (indent) => '\t'.repeat(indent.length / 2))))).toMatchObject({ ok: true });
  });

  it('refuses a tab typed inside a text, at its line and column', () => {
    expect(problems(edit(TEXT, '"title": "Thanks"', '"title": "Thanks\tagain"'))).toMatchInlineSnapshot(`
      [
        "(root): the flow file is not valid JSON at line 35, column 23 (Bad control character in string literal) — check for a missing comma or quote, or a trailing comma, near that place",
      ]
    `);
  });

  it('points at the bracket after a trailing comma, and the hint names trailing commas', () => {
    const [line] = problems(edit(TEXT, '    }\n  ]\n}', '    },\n  ],\n}'));
    expect(line).toContain("(root): the flow file is not valid JSON at line 37, column 3 (Unexpected token ']'");
    expect(line).toMatch(/ — check for a missing comma or quote, or a trailing comma, near that place$/);
  });

  it('names line 1 and the exact column of an error deep inside a minified file, in a short message', () => {
    const big = {
      ...flow(),
      steps: [...Array.from({ length: 300 }, (_, i) => ({ id: `q${i}`, type: 'short_text', title: `Question number ${i}` })), { id: 'done', type: 'end', title: 'Thanks' }],
    };
    const text = JSON.stringify(big);
    expect(text.length).toBeGreaterThan(15_000);
    // A missing comma (V8 names a position, no excerpt) and a bare word (V8 quotes an excerpt).
    const comma = edit(text, '"id":"q250",', '"id":"q250" ');
    const bare = edit(text, '"title":"Thanks"', '"title":Thanks');
    const cases: Array<[string, number]> = [
      [comma, text.indexOf('"id":"q250",') + '"id":"q250" '.length + 1],
      [bare, text.indexOf('"title":"Thanks"') + '"title":'.length + 1],
    ];
    for (const [broken, column] of cases) {
      const [line] = problems(broken);
      expect(line).toContain(`not valid JSON at line 1, column ${column} (`);
      expect(line!.length).toBeLessThan(250);
    }
  });
});

describe('what is at the top level', () => {
  it.each([
    ['a list', '[]'],
    ['the flow wrapped in a list', `[${TEXT}]`],
    ['a string', '"tiny"'],
    ['a number', '1'],
  ])('refuses %s as "expected object" at the root', (_name, text) => {
    expect(onlyIssue(text)).toMatchObject({ code: 'invalid_type', path: [], message: expect.stringMatching(/^expected object, got (a list|a string|a number)$/) });
  });

  it.each([
    ['a lone {', '{', 'line 1, column 2 (Expected property name or \'}\')'],
    ['a file cut off after a property', '{\n  "id": "tiny",\n', 'line 3, column 1 (Expected double-quoted property name)'],
  ])('names where %s goes wrong', (_name, text, where) => {
    expect(formatIssue(onlyIssue(text))).toBe(
      `(root): the flow file is not valid JSON at ${where} — check for a missing comma or quote, or a trailing comma, near that place`,
    );
  });
});

describe('the $schema line', () => {
  it('takes the published schema as a URL or a path, and names a misspelt or mistyped $schema', () => {
    for (const $schema of ['https://unpkg.com/leadflow/dist/flow.schema.json', './node_modules/leadflow/dist/flow.schema.json'])
      expect(validateFlow(JSON.stringify({ $schema, ...flow() }, null, 2))).toMatchObject({ ok: true });
    expect(problems({ schema: 'https://unpkg.com/leadflow/dist/flow.schema.json', ...flow() })).toMatchInlineSnapshot(`
      [
        "schema: unknown property "schema" — did you mean "$schema"? (remove it or fix the spelling)",
      ]
    `);
    expect(problems({ $schema: true, ...flow() })).toEqual(['$schema: expected string, got a boolean']);
  });
});

describe('ids with characters from a word processor', () => {
  it('refuses a non-breaking space at the end of a step id at that id, not at the gotos that name it', () => {
    const issues = (loadFlow(edit(TEXT, '"id": "done"', '"id": "done\u00a0"')) as { issues: Issue[] }).issues;
    expect(issues.map((issue) => [issue.code, formatPath(issue.path)])).toEqual([['invalid_id', 'steps[1].id']]);
  });

  it('refuses a zero-width space in a goto at that goto', () => {
    expect(onlyIssue(edit(TEXT, '"goto": "done"\n', '"goto": "done\u200b"\n'))).toMatchObject({ code: 'invalid_id', path: ['steps', 0, 'next', 0, 'goto'] });
  });
});

describe('text as Notepad, Word and VS Code write it', () => {
  // Was: `leadflow validate` drops a UTF-8 byte-order mark (src/cli/io.ts readTextFile, via
  // TextDecoder), so the file is "ok"; the engine in Node (`loadFlow(readFileSync(f, 'utf8'))`,
  // the README's CI use) refuses the same file: src/engine/load/parse-json.ts parseJson hands
  // the BOM to JSON.parse. The message names no place either (jsonErrorOffset's /\s/ skips
  // U+FEFF as if it were JSON whitespace) and quotes the invisible mark:
  // `not valid JSON (Unexpected token '\uFEFF', "\uFEFF{)`.
  it('loads a flow saved with a UTF-8 byte-order mark (Windows Notepad), as leadflow validate does', () => {
    expect(loadFlow(`\uFEFF${TEXT}`)).toMatchObject({ ok: true });
  });

  // Was: a non-breaking space pasted between tokens (from a web page or Word) is refused with
  // no line or column at all: src/engine/load/json-error-offset.ts jsonErrorOffset, `space()`
  // skips /\s/, which matches U+00A0 (and U+FEFF, U+2028, …), not only JSON's four whitespace
  // characters, so it finds the text valid, returns -1, and parseJson leaves out `where`.
  it('names the line and column of a non-breaking space used as indentation', () => {
    const [line] = problems(edit(TEXT, '\n  "version"', '\n\u00a0\u00a0"version"'));
    expect(line).toContain('not valid JSON at line 3, column 1');
  });

  // Was: typographic quotes (“ ” ‘ ’ from Word, Google Docs or WordPress) are the cause the
  // README itself warns about, yet the message says `(Unexpected token '“', ..."{) — check for
  // a missing comma or quote, or a trailing comma`: nothing says the quotes are the wrong kind.
  // src/engine/load/parse-json.ts parseJson explains every syntax error alike
  // (load-issues.ts `invalid_json`); it does not look at the character at the offset.
  it('says that typographic quotes must be straight quotes', () => {
    for (const [quoted, where] of [['“id”: “tiny”', 'line 2, column 3'], ['"id": “tiny”', 'line 2, column 9']]) {
      const [line] = problems(edit(TEXT, '"id": "tiny"', quoted!));
      expect(line).toContain(where);
      expect(line).toMatch(/typographic|curly|smart/i);
    }
  });

  // Was: a `//` or `/* */` comment (VS Code's JSONC, common in config files) is reported as
  // `(Expected double-quoted property name) — check for a missing comma or quote, or a
  // trailing comma`: the word "comment" appears nowhere. Same cause: parse-json.ts parseJson
  // does not look at what is at the offset jsonErrorOffset found.
  it('says that JSON has no comments', () => {
    const [line] = problems(edit(TEXT, '\n  "version"', '\n  // bump on every change\n  "version"'));
    expect(line).toContain('line 3, column 3');
    expect(line).toMatch(/comment/i);
  });

  // Was: V8 quotes a stretch of the file in "Unexpected token" messages; parse-json.ts
  // parseJson (the `.replace(/ in JSON at position.*$|\n[^]*$/s, '')`) cuts it at the first
  // line break, leaving an excerpt that is opened and never closed: `(Unexpected token ''',
  // ..."{)`, and with CRLF line endings a raw CR inside the message (`..."\r)`).
  it('never quotes half an excerpt of the file, nor a carriage return', () => {
    for (const text of [TEXT, crlf(TEXT)]) {
      const [line] = problems(edit(text, '"id": "tiny"', `"id": 'tiny'`));
      expect(line).toContain('line 2, column 9');
      expect(line).not.toContain('\r');
      expect(line).not.toMatch(/\.\.\."[^"]*\)/);
    }
  });

  // Was: an empty file (a failed export, an empty upload, a server answering 200 with no body)
  // is `not valid JSON at line 1, column 1 (Unexpected end of JSON input) — check for a missing
  // comma or quote, or a trailing comma, near that place`; one of only whitespace `at line 3,
  // column 3`: the hint sends the marketer looking for a comma in a file with nothing in it.
  // src/engine/load/parse-json.ts parseJson has no case for text that is empty or blank.
  it('says that an empty or blank file is empty', () => {
    for (const text of ['', ' \n\t\r\n  ']) {
      const [line] = problems(text);
      expect(line).toMatch(/empty/i);
      expect(line).not.toContain('comma');
    }
  });

  // Was: JSON.parse keeps the last of two equal keys in one object, silently. A second "next"
  // pasted into a step replaces the first (the branch to "done" for students is lost) and
  // validateFlow reports nothing: src/engine/load/parse-json.ts parseJson only calls
  // JSON.parse; jsonErrorOffset already walks every key but does not compare them.
  it('reports a key written twice in one object, at that object', () => {
    const text = edit(TEXT, '"title": "Your role?",', '"title": "Your role?",\n      "next": [{ "goto": "role" }],');
    const issues = problems(text);
    expect(issues.some((line) => /^steps\[0\]\.next\b/.test(line) && /twice|duplicate/i.test(line))).toBe(true);
  });
});

describe('values and ids that look right', () => {
  // Was: `"version": "1"` and `"required": "true"` (a number and a boolean in quotes, as a
  // spreadsheet export or a habit from HTML attributes writes them) give `version: expected
  // number, got a string` with no hint: src/engine/load/load-issues.ts `invalid_type` names only
  // the type (`describe`) and never the fix, though the value would be right without its quotes.
  it('tells to remove the quotes from a number or a boolean written as a string', () => {
    const version = onlyIssue({ ...flow(), version: '1' });
    expect(version).toMatchObject({ path: ['version'], hint: expect.stringMatching(/quotes/i) });
    const required = flow();
    Object.assign(required.steps[0]!, { required: 'true' });
    expect(onlyIssue(required)).toMatchObject({ path: ['steps', 0, 'required'], hint: expect.stringMatching(/quotes/i) });
  });

  // Was: a zero-width space pasted at the end of a goto (Google Docs, Slack) is reported as
  // `"done​" is not a valid id`, which reads exactly like the valid id "done": the invisible
  // character is quoted as it is. src/engine/load/load-issues.ts `invalid_id` quotes the value
  // with JSON.stringify, which escapes control characters only, not U+200B, U+00A0 or U+FEFF.
  it('makes an invisible character in an id visible in the message', () => {
    const issue = onlyIssue(edit(TEXT, '"goto": "done"\n', '"goto": "done\u200b"\n'));
    expect(`${issue.message} ${issue.hint}`).toMatch(/U\+200B|\\u200b|invisible|zero-width/i);
  });

  // Was: the same for a property name: `steps[0]["title​"]: unknown property "title​" — did you
  // mean "title"?` (and `steps[0].title: required property is missing`). src/engine/load/
  // load-issues.ts `unknown_property` quotes the key as it is.
  it('makes an invisible character in a property name visible in the message', () => {
    const issues = (loadFlow(edit(TEXT, '"title": "Your role?"', '"title\u200b": "Your role?"')) as { issues: Issue[] }).issues;
    const unknown = issues.find((issue) => issue.code === 'unknown_property')!;
    expect(`${unknown.message} ${unknown.hint}`).toMatch(/U\+200B|\\u200b|invisible|zero-width/i);
  });

  // Was: and for a condition's value: `question "role" has no option "student​", so this can
  // never match — did you mean "student"?`. src/engine/lint/lint-flow.ts unknownOption quotes
  // the option as it is.
  it('makes an invisible character in a compared option visible in the lint message', () => {
    const [line] = problems(edit(TEXT, '"is": "student"', '"is": "student\u200b"'));
    expect(line).toMatch(/U\+200B|\\u200b|invisible|zero-width/i);
  });
});
