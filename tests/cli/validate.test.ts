import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI, leadflow, STACK_LINE, tempDir } from './support.ts';

const demo = () => JSON.parse(readFileSync(new URL('../../demo/flows/saas-bant.json', import.meta.url), 'utf8'));
const { dir, write } = tempDir();

describe('leadflow (the command)', () => {
  it('is the package bin, with a shebang on its first line', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.bin).toEqual({ leadflow: './dist/cli.mjs' });
    expect(readFileSync(CLI, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  it('prints its usage with --help and exits 0; each command has its own', () => {
    const help = leadflow(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: leadflow <command>');
    for (const command of ['validate', 'graph', 'simulate']) {
      const own = leadflow([command, '--help']);
      expect(own.code).toBe(0);
      expect(own.stdout).toContain(`Usage: leadflow ${command}`);
    }
  });

  it.each([
    [[], 'leadflow: missing command (leadflow --help lists them)'],
    [['frobnicate'], 'leadflow: unknown command "frobnicate" (leadflow --help lists them)'],
    [['validate'], 'leadflow: validate needs at least one flow file: leadflow validate <files…>'],
    [['validate', '--jsn', 'x.json'], 'leadflow: unknown option "--jsn" for validate (leadflow validate --help)'],
    [['graph'], 'leadflow: graph needs exactly one flow file: leadflow graph <file>'],
    [['simulate', 'demo/flows/bant.json'], 'leadflow: simulate needs an answers file, or --all-paths: leadflow simulate <file> <answers.json>'],
    [['simulate', 'demo/flows/bant.json', '--all-paths', '--limit', 'many'], 'leadflow: --limit needs a whole number of at least 1, not "many"'],
  ])('a usage error is one line on stderr and exit code 2: %j', (args, line) => {
    const run = leadflow(args);
    expect(run).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });
});

describe('leadflow validate', () => {
  it('passes every example flow in demo/flows', () => {
    const files = readdirSync(new URL('../../demo/flows/', import.meta.url)).filter((f) => f.endsWith('.json')).map((f) => `demo/flows/${f}`);
    expect(files.length).toBeGreaterThan(5);
    const run = leadflow(['validate', ...files]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(files.map((file) => `${file}: ok\n`).join(''));
    expect(run.code).toBe(0);
  });

  it('names each error by file, JSON path and severity, with the hint, and exits 1', () => {
    const typo = demo();
    typo.steps[6].next[0].goto = 'end_hto';
    const options = demo();
    options.steps[0].next[0].if.is = 'studnet';
    options.scoring.criteria[1].options.forcasting = 8;
    write('typo.json', JSON.stringify(typo, null, 2));
    write('options.json', JSON.stringify(options, null, 2));

    const run = leadflow(['validate', 'typo.json', 'options.json'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatchInlineSnapshot(`
      "typo.json:steps[6].next[0].goto: error unknown step "end_hto" — did you mean "end_hot"?
      options.json:steps[0].next[0].if.is: error question "role" has no option "studnet", so this can never match — did you mean "student"?
      options.json:scoring.criteria[1].options.forcasting: error question "need" has no option "forcasting", so this can never match — did you mean "forecasting"?
      "
    `);
  });

  it('--json prints one array of { file, path, code, severity, message, hint } for all files', () => {
    const typo = demo();
    typo.steps[6].next[0].goto = 'end_hto';
    write('typo.json', JSON.stringify(typo));
    write('demo-ok.json', JSON.stringify(demo()));
    const run = leadflow(['validate', '--json', 'typo.json', 'missing.json', 'demo-ok.json'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([
      {
        file: 'typo.json',
        path: 'steps[6].next[0].goto',
        code: 'unknown_step',
        severity: 'error',
        message: 'unknown step "end_hto"',
        hint: 'did you mean "end_hot"?',
      },
      { file: 'missing.json', path: null, code: 'no_such_file', severity: 'error', message: 'no such file', hint: null },
    ]);
    expect(leadflow(['validate', '--json', 'demo-ok.json'], dir)).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('exits 0 for a flow with warnings only, and prints them', () => {
    const flow = demo();
    flow.webhook = 'http://hooks.example.com';
    write('warnings.json', JSON.stringify(flow));
    const run = leadflow(['validate', 'warnings.json'], dir);
    expect(run.stdout).toMatchInlineSnapshot(`
      "warnings.json:webhook: warning "http://hooks.example.com" is not https: what is sent would travel unencrypted — use https://
      "
    `);
    expect(run.code).toBe(0);
    const json = JSON.parse(leadflow(['validate', '--json', 'warnings.json'], dir).stdout);
    expect(json.map((problem: { severity: string }) => problem.severity)).toEqual(['warning']);
  });

  describe('refuses bad input with one line, no stack trace and no hang', () => {
    it.each([
      [
        'a file that is not JSON',
        'broken.json',
        () => '{ "id": "x", "steps": [',
        'broken.json: error the flow file is not valid JSON at line 1, column 24 (Unexpected end of JSON input) — check for a missing comma or quote, or a trailing comma, near that place',
      ],
      ['a file that is not UTF-8', 'latin1.json', () => Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0xff, 0xfe, 0x00]), 'latin1.json: not UTF-8 text (invalid byte at offset 5)'],
      ['a 50 MB file', 'huge.json', () => Buffer.alloc(50 * 1024 * 1024, 0x20), 'huge.json: 50.0 MB is too large for a flow file (limit 5 MB)'],
      [
        'JSON nested 10,000 levels deep',
        'deep.json',
        () => `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
        'deep.json: error the flow file is nested more than 64 levels deep at line 1, column 65 — a flow never needs that many levels: look for brackets that are never closed, or generated nesting',
      ],
      ['a missing file', 'nowhere.json', undefined, 'nowhere.json: no such file'],
      ['a folder', '.', undefined, '.: is a directory, not a flow file'],
    ])('%s', (_name, file, content, line) => {
      if (content) write(file, content());
      const run = leadflow(['validate', file], dir);
      expect(run).toEqual({ code: 1, stdout: `${line}\n`, stderr: '' });
      expect(run.stdout).not.toMatch(STACK_LINE);
    });
  });
});

describe('leadflow validate: A/B variants', () => {
  const withVariants = (variants: unknown[]) => JSON.stringify({ ...demo(), variants }, null, 2);

  it('checks that each variant file exists, relative to the flow file or as a site path above it', () => {
    write('site/flows/short.json', JSON.stringify(demo()));
    write('site/flows/ab.json', withVariants([{ id: 'control', weight: 1 }, { id: 'short', weight: 1, flow: './short.json' }, { id: 'site', weight: 1, flow: '/flows/short.json' }]));
    expect(leadflow(['validate', 'site/flows/ab.json'], dir)).toEqual({ code: 0, stdout: 'site/flows/ab.json: ok\n', stderr: '' });

    write('site/flows/missing.json', withVariants([{ id: 'control', weight: 1 }, { id: 'gone', weight: 1, flow: './gone.json' }]));
    const run = leadflow(['validate', 'site/flows/missing.json'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'site/flows/missing.json:variants[1].flow: error variant "gone" points to "./gone.json", which does not exist — fix the path (relative to this flow file; nothing outside the working folder is read) or add the file\n',
    );
  });

  it("reports a variant file's own errors at variants[i].flow, naming the path inside that file", () => {
    const broken = demo();
    broken.steps[6].next[0].goto = 'end_hto';
    write('v/broken.json', JSON.stringify(broken));
    write('v/ab.json', withVariants([{ id: 'control', weight: 1 }, { id: 'b', weight: 1, flow: 'broken.json' }]));
    const run = leadflow(['validate', 'v/ab.json'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^v\/ab\.json:variants\[1\]\.flow: error broken\.json steps\[6\]\.next\[0\]\.goto: unknown step "end_hto"/);
  });

  it('never looks for a site path above the working folder, and warns about a variant file with variants of its own', () => {
    write('up/ab.json', withVariants([{ id: 'control', weight: 1 }, { id: 'etc', weight: 1, flow: '/etc/passwd' }]));
    const run = leadflow(['validate', 'up/ab.json'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('up/ab.json:variants[1].flow: error variant "etc" points to "/etc/passwd", which does not exist');

    write('up/outside.json', withVariants([{ id: 'control', weight: 1 }, { id: 'out', weight: 1, flow: '../../outside.json' }, { id: 'cdn', weight: 1, flow: '//cdn.example.com/x.json' }]));
    const outside = leadflow(['validate', 'up/outside.json'], dir);
    // Above the working folder is never read; a protocol-relative URL is the browser's to fetch.
    expect(outside.stdout).toBe(
      'up/outside.json:variants[1].flow: error variant "out" points to "../../outside.json", which does not exist — fix the path (relative to this flow file; nothing outside the working folder is read) or add the file\n',
    );

    write('nest/inner.json', withVariants([{ id: 'x', weight: 1 }, { id: 'y', weight: 1 }]));
    write('nest/outer.json', withVariants([{ id: 'control', weight: 1 }, { id: 'inner', weight: 1, flow: 'inner.json' }]));
    const nested = leadflow(['validate', 'nest/outer.json'], dir);
    expect(nested).toMatchObject({ code: 0, stdout: 'nest/outer.json:variants[1].flow: warning inner.json variants: this flow has variants of its own, which are ignored when it is shown as a variant — remove them\n' });
  });

  it('refuses weights that are all 0 and warns about a variant never shown', () => {
    write('zero.json', withVariants([{ id: 'a', weight: 0 }, { id: 'b', weight: 0 }]));
    const zero = leadflow(['validate', 'zero.json'], dir);
    expect(zero.code).toBe(1);
    expect(zero.stdout).toContain('zero.json:variants: error every variant has weight 0');
    write('one.json', withVariants([{ id: 'a', weight: 1 }, { id: 'b', weight: 0 }]));
    const one = leadflow(['validate', 'one.json'], dir);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('one.json:variants[1].weight: warning variant "b" has weight 0');
    expect(one.stdout).toContain('one.json:variants: warning only variant "a" can be drawn');
  });
});
