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

// Was: a flow with partial leads and its consent after the contact step (as every demo flow
// has it) passed: the visitor's name and e-mail reached the webhook before they agreed to be
// contacted. Partial leads keep their contract (sent when the contact step is complete); the
// marketer is told, and decides.
describe('partial leads and consent', () => {
  it('warns when a required consent can still follow the contact step whose details a partial sends', () => {
    expect(lint((f) => void (f.partialLeads = true))).toMatchInlineSnapshot(`
      [
        "partialLeads: a partial lead sends what step "contact" asks as soon as it is complete, before the visitor agrees at step "privacy" — ask for consent before step "contact" if the details may only go out with it, or leave "partialLeads" out [warning]",
      ]
    `);
  });

  it('passes consent asked before the contact step, an optional consent after it, and a flow without partial leads', () => {
    const consentFirst = (f: FlowJson) => {
      f.partialLeads = true;
      const [contact, privacy] = f.steps.splice(5, 2);
      // The rules to the endings go with the step that is now the last question.
      [contact.next, privacy.next] = [privacy.next, undefined];
      f.steps.splice(5, 0, privacy, contact);
    };
    expect(lint(consentFirst)).toEqual([]);
    expect(lint((f) => ((f.partialLeads = true), (f.steps[6].required = false)))).toEqual([]);
    expect(lint(() => {})).toEqual([]);
  });

  it('follows the rules, not the order of the steps: a consent that only another branch reaches is no concern', () => {
    const consentElsewhere = (f: FlowJson) => {
      f.partialLeads = true;
      // The contact step leads straight to the endings; only students (who never see it) are asked for consent.
      f.steps[5].next = [{ goto: 'end_hot' }];
      f.steps[0].next.unshift({ if: { answer: 'role', is: 'student' }, goto: 'privacy' });
    };
    expect(lint(consentElsewhere).filter((line) => line.includes('partial'))).toEqual([]);
  });
});
