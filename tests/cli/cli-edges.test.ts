import { describe, expect, it } from 'vitest';
import { leadflow, tempDir } from './support.ts';

/**
 * The `leadflow` command at the edges, found by an audit after the other CLI tests: each test
 * was a bug, its comment says what went wrong.
 */
const { dir, write } = tempDir();

/** A flow whose first step is `first`, then a contact step and two endings. */
const flowWith = (first: object) =>
  JSON.stringify({
    id: 'audit',
    version: 1,
    webhook: 'https://hooks.example.com/leads',
    steps: [
      first,
      { id: 'c', type: 'contact', title: 'Contact', fields: [{ id: 'email', kind: 'email', required: true }] },
      { id: 'end_a', type: 'end', title: 'A' },
      { id: 'end_b', type: 'end', title: 'B' },
    ],
  });

const numberedPaths = (stdout: string) => stdout.split('\n').filter((line) => /^\d+\. /.test(line));

describe('simulate --all-paths', () => {
  // Was (src/cli/explore.ts, explorePaths): the path limit is checked with
  // `outcomes.size > options.maxPaths`, so `--limit N` lists N + 1 paths although the help says
  // "list at most N paths" and the report says "stopped at the limit of N paths".
  it('--limit N lists at most N paths', () => {
    const run = leadflow(['simulate', 'demo/flows/saas-bant.json', '--all-paths', '--limit', '2']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('INCOMPLETE: stopped at the limit of 2 paths');
    expect(numberedPaths(run.stdout).length).toBeLessThanOrEqual(2);
  });

  // Was (src/cli/explore-candidates.ts + explore.ts): the only text tried is "Example answer";
  // with maxLength 5 it is refused, the step gets no candidate at all, and the report says
  // "0 paths … every combination of representative answers covered" and "never reached" for
  // every ending, although any short answer reaches end_a.
  it('finds the path past a short_text step with a small maxLength', () => {
    write('maxlength.json', flowWith({ id: 'q', type: 'short_text', title: 'Code', maxLength: 5 }));
    const run = leadflow(['simulate', 'maxlength.json', '--all-paths'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1. q → c → end_a');
  });

  // Was (src/cli/explore-candidates.ts, numberCandidates): the numbers tried (1, 10, 100, or
  // edge ± 1) ignore the question's `step`, so with step 7 none is accepted: 0 paths, reported
  // as complete.
  it('finds the path past a number step with a `step` of 7', () => {
    write('numstep.json', flowWith({ id: 'q', type: 'number', title: 'Seats', step: 7 }));
    const run = leadflow(['simulate', 'numstep.json', '--all-paths'], dir);
    expect(run.stdout).toContain('1. q → c → end_a');
    expect(run.stdout).not.toMatch(/never reached: end_a/);
  });

  // Was (src/cli/explore-candidates.ts, TEXT_SAMPLES.date): the only date tried is 2026-12-01;
  // a date question with a later `min` refuses it, so the fall-through path q → c → end_a is
  // never explored (only the date named in the condition is), yet the report claims completeness.
  it('explores the fall-through of a date question whose min is after 2026-12-01', () => {
    write(
      'date.json',
      flowWith({ id: 'q', type: 'date', title: 'Start', min: '2027-01-01', next: [{ if: { answer: 'q', is: '2027-06-01' }, goto: 'end_b' }] }),
    );
    const run = leadflow(['simulate', 'date.json', '--all-paths'], dir);
    expect(run.stdout).toContain('q → c → end_a');
  });

  // Was (src/cli/explore-candidates.ts, rawCandidates): a `matches` condition adds no sample
  // that matches it, so the branch to end_b is never taken and the report says
  // "never reached: end_b" with "every combination … covered" — a visitor typing "CEO" gets there.
  it('does not call an ending reachable through a `matches` rule "never reached"', () => {
    write('matches.json', flowWith({ id: 'q', type: 'short_text', title: 'Title', next: [{ if: { answer: 'q', matches: '^CEO' }, goto: 'end_b' }] }));
    const run = leadflow(['simulate', 'matches.json', '--all-paths'], dir);
    const claimsNever = /never reached: .*end_b/.test(run.stdout) && /every combination of representative answers covered/.test(run.stdout);
    expect(claimsNever).toBe(false);
  });
});

describe('graph', () => {
  // Was (src/cli/commands/graph.ts, `cut`): labels are cut at 39 UTF-16 code units, which can
  // split an emoji's surrogate pair; the lone half is written to stdout as U+FFFD "�".
  it('never cuts an edge label inside an emoji', () => {
    const value = `${'a'.repeat(33)}😀bbbbbbbb`;
    write(
      'emoji.json',
      flowWith({ id: 'q', type: 'short_text', title: 'Word', next: [{ if: { answer: 'q', is: value }, goto: 'end_b' }] }),
    );
    const run = leadflow(['graph', 'emoji.json'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('…');
    expect(run.stdout).not.toContain('\uFFFD');
  });
});

describe('validate: variant files', () => {
  // Was (src/cli/commands/validate.ts): a relative variant path that leads out of the working
  // folder (the command never reads outside it) was reported as a file that "does not exist",
  // though it does, next to the flow file the user named.
  it('finds a variant file next to a flow validated from its folder, and says why it does not read it from another', () => {
    const base = JSON.parse(flowWith({ id: 'q', type: 'short_text', title: 'Word' }));
    write('ab/short.json', JSON.stringify({ ...base, id: 'short' }));
    write('ab/flow.json', JSON.stringify({ ...base, variants: [{ id: 'control', weight: 50 }, { id: 'short', weight: 50, flow: 'short.json' }] }));
    const fromOwnFolder = leadflow(['validate', 'flow.json'], `${dir}/ab`);
    expect(fromOwnFolder.stdout).not.toContain('which does not exist');
    expect(fromOwnFolder.code).toBe(0);
    // From another folder the file is outside the working folder, which the command never reads
    // (issue 9): it says so, instead of that the file does not exist.
    const fromRepo = leadflow(['validate', `${dir}/ab/flow.json`]);
    expect(fromRepo.stdout).not.toContain('which does not exist');
    expect(fromRepo.stdout).toContain('variants[1].flow: error variant "short" points to "short.json", which is outside the working folder, so it is not read');
  });
});
