import { describe, expect, it } from 'vitest';
import { formatIssue, validateFlow } from '../../src/engine/index.ts';
import { demoJson, type FlowJson } from './fixtures.ts';

/** The changed demo flow's issues as `path: message — hint [severity]` lines. */
function lint(change: (flow: FlowJson) => void): string[] {
  const flow = demoJson();
  change(flow);
  const result = validateFlow(flow);
  return result.ok ? [] : result.issues.map((issue) => `${formatIssue(issue)} [${issue.severity ?? 'error'}]`);
}

const choice = (id: string, next?: unknown) => ({
  id,
  type: 'single_choice',
  title: id,
  options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }],
  ...(next !== undefined && { next }),
});

describe('the flow as a graph', () => {
  it('passes the demo flow', () => {
    expect(lint(() => {})).toEqual([]);
  });

  it('warns about a step no rule leads to', () => {
    expect(lint((f) => f.steps.splice(8, 0, { id: 'orphan', type: 'end', title: 'Never seen' }))).toMatchInlineSnapshot(`
      [
        "steps[8]: step "orphan" can never be reached — add a "goto" to it, or remove it [warning]",
      ]
    `);
  });

  it('refuses a loop the visitor can never leave, naming the steps it goes round', () => {
    expect(
      lint((f) => {
        f.steps.splice(1, 0, choice('loop_a', [{ goto: 'loop_b' }]), choice('loop_b', [{ if: { answer: 'loop_b', is: 'a' }, goto: 'loop_a' }, { goto: 'loop_a' }]));
        f.steps[0].next.push({ if: { answer: 'role', is: 'research' }, goto: 'loop_a' });
      }),
    ).toMatchInlineSnapshot(`
      [
        "steps[1]: from step "loop_a" no path leads to an end step: it only goes round "loop_a", "loop_b" — add a rule that leads to an end step [error]",
        "steps[2]: from step "loop_b" no path leads to an end step: it only goes round "loop_b", "loop_a" — add a rule that leads to an end step [error]",
        "steps[3]: step "need" can never be reached — add a "goto" to it, or remove it [warning]",
        "steps[4]: step "team_size" can never be reached — add a "goto" to it, or remove it [warning]",
        "steps[5]: step "budget" can never be reached — add a "goto" to it, or remove it [warning]",
        "steps[6]: step "timeline" can never be reached — add a "goto" to it, or remove it [warning]",
        "steps[7]: step "contact" can never be reached — add a "goto" to it, or remove it [warning]",
        "steps[8]: step "privacy" can never be reached — add a "goto" to it, or remove it [warning]",
        "steps[9]: step "end_hot" can never be reached — add a "goto" to it, or remove it [warning]",
        "steps[10]: step "end_warm" can never be reached — add a "goto" to it, or remove it [warning]",
        "steps[11]: step "end_cold" can never be reached — add a "goto" to it, or remove it [warning]",
      ]
    `);
  });

  it('accepts a loop with a way out', () => {
    expect(
      lint((f) => {
        f.steps.splice(1, 0, choice('again', [{ if: { answer: 'again', is: 'a' }, goto: 'role' }]));
        f.steps[0].next.push({ if: { answer: 'role', is: 'research' }, goto: 'again' });
      }),
    ).toEqual([]);
  });
});

describe('translations', () => {
  it('warns about a text without one of the declared locales, naming the missing one', () => {
    expect(
      lint((f) => {
        f.steps[1].title = { de: 'Nur Deutsch' };
        f.steps[0].options[1].label = { en: 'Only English' };
      }),
    ).toMatchInlineSnapshot(`
      [
        "steps[0].options[1].label: no "de" text, though the flow declares this locale — add "de": "…"; until then visitors see the en text [warning]",
        "steps[1].title: no "en" text, though the flow declares this locale — add "en": "…"; until then visitors see the de text [warning]",
      ]
    `);
  });

  it('accepts one plain text for every locale', () => {
    expect(lint((f) => (f.steps[1].title = 'PipeLight'))).toEqual([]);
  });
});

describe('webhooks', () => {
  it('warns about plain http, refuses other schemes, and accepts https, relative paths and localhost', () => {
    expect(
      lint((f) => {
        f.webhook = 'http://hooks.example.com/leads';
        f.webhooks = [{ url: 'ftp://hooks.example.com' }, { url: 'https://crm.example.com' }, { url: 'http://localhost:8787/hook' }, { url: '/webhook' }];
      }),
    ).toMatchInlineSnapshot(`
      [
        "webhook: "http://hooks.example.com/leads" is not https: what is sent would travel unencrypted — use https:// [warning]",
        "webhooks[0].url: "ftp://hooks.example.com" is not a web address — use an https:// URL, or a path on the page’s own site [error]",
      ]
    `);
  });
});

describe('endings by route', () => {
  const byRoute = (f: FlowJson, catchAll: boolean) => {
    f.scoring.knockouts = [{ id: 'student', when: { answer: 'role', is: 'student' } }];
    f.steps[6].next = [
      { if: { score: 'route', is: 'sales_now' }, goto: 'end_hot' },
      { if: { score: 'route', is: 'disqualified' }, goto: 'end_student' },
      ...(catchAll
        ? [{ if: { score: 'tier', is: 'warm' }, goto: 'end_warm' }, { goto: 'end_cold' }]
        : [{ if: { score: 'route', is: 'nurture' }, goto: 'end_warm' }, { goto: 'end_cold' }]),
    ];
  };

  it('accepts endings that catch every other route with a last rule', () => {
    expect(lint((f) => byRoute(f, true))).toEqual([]);
  });

  it('warns about a route no ending is chosen for when no rule catches the rest', () => {
    expect(
      lint((f) => {
        byRoute(f, false);
        // The last rule now leads to a question, so follow_up leads get no ending of their own.
        f.steps[6].next[3].goto = 'role';
      }),
    ).toMatchInlineSnapshot(`
      [
        "steps[9]: step "end_cold" can never be reached — add a "goto" to it, or remove it [warning]",
        "scoring.routes: no ending is chosen for the route "follow_up": its leads get whatever step the rules fall through to — add a rule like { "if": { "score": "route", "is": "follow_up" }, "goto": "…" }, or end those rules with one to an end step [warning]",
      ]
    `);
  });
});
