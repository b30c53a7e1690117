import { describe, expect, it } from 'vitest';
import { leadflow, STACK_LINE, tempDir } from './support.ts';

/**
 * `leadflow` on flow files as marketers really save them: Notepad (byte-order mark, CRLF,
 * UTF-16), minified, at the wrong top level, with a broken variant file. Each "Was:" is a
 * bug the audit found, fixed since.
 */
const { dir, write } = tempDir();

const flow = () => ({
  id: 'tiny',
  version: 1,
  steps: [
    { id: 'name', type: 'short_text', title: 'Your name?', next: [{ goto: 'done' }] },
    { id: 'done', type: 'end', title: 'Thanks' },
  ],
});

/** Pretty-printed as an editor saves it; line 3 is `  "version": 1,`, line 6 `      "id": "name",`. */
const TEXT = `${JSON.stringify(flow(), null, 2)}\n`;
const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const BOM = '\uFEFF';

describe('files saved on Windows', () => {
  it('reads a UTF-8 file with a byte-order mark and CRLF line endings like any other, and counts lines and columns in it alike', () => {
    write('notepad.json', BOM + crlf(TEXT));
    write('notepad-broken.json', BOM + crlf(TEXT.replace('"id": "name",', '"id": "name"')));
    const run = leadflow(['validate', 'notepad.json', 'notepad-broken.json'], dir);
    expect(run).toEqual({
      code: 1,
      stdout:
        'notepad.json: ok\n' +
        "notepad-broken.json: error the flow file is not valid JSON at line 7, column 7 (Expected ',' or '}' after property value) — check for a missing comma or quote, or a trailing comma, near that place\n",
      stderr: '',
    });
    const graph = leadflow(['graph', 'notepad.json'], dir);
    expect(graph.code).toBe(0);
    expect(graph.stdout).toMatch(/^flowchart /);
  });

  // Was: Notepad's "Unicode" and PowerShell 5's `>` save UTF-16 LE with a byte-order mark;
  // the command says `utf16.json: not UTF-8 text (invalid byte at offset 0)`, which names
  // neither the encoding nor the fix (save as UTF-8). src/cli/io.ts readTextFile reports every
  // undecodable file alike; the BOM bytes FF FE / FE FF would tell it is UTF-16.
  it('names a UTF-16 file as UTF-16 and says to save it as UTF-8', () => {
    write('utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]));
    const run = leadflow(['validate', 'utf16.json'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^utf16\.json: .*UTF-16.*save .*UTF-8/);
  });
});

describe('what is not a flow object', () => {
  it('refuses each with one line naming the file and the problem, exit code 1, nothing on stderr', () => {
    write('list.json', `[${TEXT}]`);
    write('text.json', '"tiny"\n');
    write('lone-brace.json', '{\n');
    write('trailing.json', TEXT.replace('"version": 1,', '"version": 1,,'));
    const run = leadflow(['validate', 'list.json', 'text.json', 'lone-brace.json', 'trailing.json'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatchInlineSnapshot(`
      "list.json: error expected object, got a list
      text.json: error expected object, got a string
      lone-brace.json: error the flow file is not valid JSON at line 2, column 1 (Expected property name or '}') — check for a missing comma or quote, or a trailing comma, near that place
      trailing.json: error the flow file is not valid JSON at line 3, column 16 (Expected double-quoted property name) — check for a missing comma or quote, or a trailing comma, near that place
      "
    `);
    expect(JSON.parse(leadflow(['validate', '--json', 'list.json'], dir).stdout)).toEqual([
      { file: 'list.json', path: '(root)', code: 'invalid_type', severity: 'error', message: 'expected object, got a list', hint: null },
    ]);
  });

  it('names line 1 and the exact column of an error deep inside a minified file, on one short line', () => {
    const big = { ...flow(), steps: [...Array.from({ length: 300 }, (_, i) => ({ id: `q${i}`, type: 'short_text', title: `Question ${i}` })), flow().steps[1]] };
    const text = JSON.stringify(big);
    write('minified.json', text.replace('"id":"q250",', '"id":"q250" '));
    const run = leadflow(['validate', 'minified.json'], dir);
    expect(run.code).toBe(1);
    const column = text.indexOf('"id":"q250",') + '"id":"q250" '.length + 1;
    expect(run.stdout).toBe(
      `minified.json: error the flow file is not valid JSON at line 1, column ${column} (Expected ',' or '}' after property value) — check for a missing comma or quote, or a trailing comma, near that place\n`,
    );
  });
});

describe('the $schema line', () => {
  it('passes a flow pointing at the published schema, by URL or by package path', () => {
    write('schema-url.json', JSON.stringify({ $schema: 'https://unpkg.com/leadflow/dist/flow.schema.json', ...flow() }, null, 2));
    write('schema-path.json', JSON.stringify({ $schema: './node_modules/leadflow/dist/flow.schema.json', ...flow() }, null, 2));
    expect(leadflow(['validate', 'schema-url.json', 'schema-path.json'], dir)).toEqual({ code: 0, stdout: 'schema-url.json: ok\nschema-path.json: ok\n', stderr: '' });
    expect(leadflow(['validate', '--json', 'schema-url.json'], dir)).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });
});

describe('an error inside a variant file', () => {
  it('validate names the variant file, line and column at variants[i].flow; simulate and graph with --variant stop with exit 1 and no stack trace', () => {
    write('ab/short.json', BOM + crlf(TEXT.replace('"version": 1,', '"version": 1')));
    write('ab/flow.json', JSON.stringify({ ...flow(), variants: [{ id: 'control', weight: 1 }, { id: 'short', weight: 1, flow: './short.json' }] }, null, 2));
    const run = leadflow(['validate', 'ab/flow.json'], dir);
    expect(run).toEqual({
      code: 1,
      stdout:
        "ab/flow.json:variants[1].flow: error ./short.json (root): the flow file is not valid JSON at line 4, column 3 (Expected ',' or '}' after property value) — check for a missing comma or quote, or a trailing comma, near that place\n",
      stderr: '',
    });
    write('ab/answers.json', '{ "name": "Ada" }');
    for (const args of [['simulate', 'ab/flow.json', 'ab/answers.json', '--variant', 'short'], ['graph', 'ab/flow.json', '--variant', 'short']]) {
      const shown = leadflow(args, dir);
      expect(shown.code).toBe(1);
      expect(shown.stdout).toBe('');
      expect(shown.stderr).toMatch(/short\.json: error the flow file is not valid JSON at line 4, column 3 /);
      expect(shown.stderr).not.toMatch(STACK_LINE);
    }
  });
});

describe('mistakes JSON.parse and the reader hide', () => {
  // Was: JSON.parse keeps the last of two equal keys, silently: a second "next" pasted into a
  // step silently drops the first (here the one back to "name"; the last one wins), and
  // `leadflow validate` says `dup.json: ok`, exit 0. Cause: src/engine/load/parse-json.ts
  // parseJson (JSON.parse only; nothing compares the keys of one object).
  it('reports a key written twice in one object instead of "ok"', () => {
    write('dup.json', TEXT.replace('"title": "Your name?",', '"title": "Your name?",\n      "next": [{ "goto": "name" }],'));
    const run = leadflow(['validate', 'dup.json'], dir);
    expect(run.stdout).not.toBe('dup.json: ok\n');
    expect(run.stdout).toMatch(/^dup\.json:steps\[0\]\.next: \w+ .*(twice|duplicate)/m);
  });

  // Was: the answers file of `simulate` (a persona a marketer writes by hand) is parsed with a
  // bare JSON.parse in src/cli/commands/simulate.ts readAnswers, not with the engine's
  // parseJson: a trailing comma gives `not valid JSON (Expected double-quoted property name in
  // JSON at position 14)` — an offset, no line or column, no hint — and a typographic quote
  // `(Unexpected token '“', "{)`, with no place at all.
  it('names the line and column of a syntax error in the answers file, as for flow files', () => {
    write('persona.json', '{\n  "name": "Ada",\n}\n');
    write('flow.json', TEXT);
    const run = leadflow(['simulate', 'flow.json', 'persona.json'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('persona.json: the answers file is not valid JSON at line 3, column 1');
  });
});
