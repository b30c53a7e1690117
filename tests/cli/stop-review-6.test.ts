import { describe, expect, it } from 'vitest';
import { leadflow, STACK_LINE, tempDir } from './support.ts';

/**
 * Review of a025ee9..aeaced8 (authoring audit): what the fixes broke or missed in the command.
 * Each "Was:" is a bug the review found, fixed since; the rest pin what the fixes got right.
 */

const files = tempDir();
const FLOW = files.write(
  'flow.json',
  JSON.stringify({
    id: 'review',
    version: 1,
    webhook: 'https://hooks.example.test/lead',
    steps: [
      { id: 'role', type: 'single_choice', title: 'Role', options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] },
      { id: 'done', type: 'end', title: 'Thanks' },
    ],
  }),
);
const simulate = (answers: string, content: string) => leadflow(['simulate', FLOW, files.write(answers, content)], files.dir);

describe('simulate: an answers file that is no usable JSON', () => {
  it('names the answers file, the line and the column', () => {
    const run = simulate('comma.json', '{\n  "role": "a",\n}');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('comma.json: the answers file is not valid JSON at line 3, column 1');
    expect(run.stderr).not.toMatch(STACK_LINE);
  });

  // Was: an answers file nested too deep is reported as "the flow file is nested more than 64
  // levels deep … a flow never needs that many levels", though the flow file is fine: parseJson's
  // `subject` reaches invalid_json but not too_deep. Cause: src/engine/load/parse-json.ts:35, 53, 62
  // `tooDeep(text)` takes no subject, and load-issues.ts:25-28 too_deep says "the flow file".
  it('names the answers file when it is nested too deep', () => {
    const run = simulate('deep.json', `{"role": ${'['.repeat(80)}${']'.repeat(80)}}`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the answers file is nested more than 64 levels deep');
  });
});

describe('validate: keys written twice', () => {
  it('names each key written a second time, where, and keeps the exit code of an error', () => {
    const text = '{\n  "id": "dup",\n  "version": 1,\n  "webhook": "https://hooks.example.test/lead",\n  "steps": [\n    { "id": "role", "type": "single_choice", "title": "Role", "options": [{ "id": "a", "label": "A" }, { "id": "b", "label": "B" }] },\n    { "id": "done", "type": "end", "title": "A", "title": "B" }\n  ]\n}';
    const run = leadflow(['validate', files.write('dup.json', text)], files.dir);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toContain('"title" is written twice in this object (again at line 7, column 50), and only the last one counts');
  });
});
