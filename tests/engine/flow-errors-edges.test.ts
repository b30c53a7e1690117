import { describe, expect, it } from 'vitest';
import { formatIssue, type Issue } from '../../src/engine/index.ts';
import { at, done, issuesOf, role, tinyFlow } from './support/tiny-flow.ts';

/**
 * What a marketer sees with a broken or unusual flow file, at the edges an audit found: each
 * test failed before its fix ("Was:" says what happened).
 */

const lines = (issues: Issue[]) => issues.map(formatIssue);

describe('load errors name the exact path and the fix', () => {
  // Was: a marketer leaves a translation as a placeholder (`"en": null`, or a number) in a
  // locale map. They saw `steps[0].title: expected string, got an object`, which reads as if a
  // map were not allowed at all; now they see the entry itself: `steps[0].title.en:
  // expected string, got null`. (Both union branches report one issue; the tie goes to the
  // plain-string branch.)
  it('reports a bad entry of a locale map at that entry, not "expected string, got an object"', () => {
    const issues = issuesOf(tinyFlow([{ ...role, title: { de: 'Welche Rolle?', en: null } }, done]));
    expect(lines(issues)).toEqual([expect.stringMatching(/^steps\[0\]\.title\.en: expected string, got null/)]);
  });

  // Was: a marketer misspells two properties of one step (`titel`, `descripton`). They saw only
  // `steps[0].titel: unknown property`, fix it, run again and only then learn about the second;
  // now they see both at once.
  it('reports every unknown property of an object, not only the first', () => {
    const issues = issuesOf(tinyFlow([{ ...role, titel: 'x', descripton: 'y' }, done]));
    expect(lines(issues)).toEqual([
      expect.stringMatching(/^steps\[0\]\.titel: unknown property "titel" — did you mean "title"\?/),
      expect.stringMatching(/^steps\[0\]\.descripton: unknown property "descripton" — did you mean "description"\?/),
    ]);
  });

  // Was: a marketer writes `{ "answer": "role", "equals": "sign_off" }`. The hint listed the
  // flow's top-level properties (`known: "$schema", "id", "version", "title", "locales",
  // "webhook", …`), none of which is allowed in a condition; now it lists what is allowed
  // there (`is`, `not`, `in`, …). The same global list makes
  // `{ "answer": "role", "options": {…}, "bands": […] }` say `unknown property "bands" — did you
  // mean "bands"?`.
  it('suggests the properties allowed where the unknown one is, not the top-level ones', () => {
    const issues = issuesOf(tinyFlow([{ ...role, next: [{ if: { answer: 'role', equals: 'sign_off' }, goto: 'done' }] }, done]));
    const [issue] = at(issues, 'steps[0].next[0].if.equals');
    expect(issue?.hint).toContain('"is"');
    expect(issue?.hint).not.toContain('"$schema"');
  });

  // Was: a marketer writes option points as text, `"options": { "sign_off": "ten" }`. They see
  // `scoring.criteria[0].options: unknown property "options" — did you mean "options"?`, which
  // sent them to rename a correct property; now they see
  // `scoring.criteria[0].options.sign_off: expected number, got a string`.
  it('reports option points that are not numbers at the option, not as an unknown "options"', () => {
    const issues = issuesOf(tinyFlow([role, done], { scoring: { criteria: [{ answer: 'role', options: { sign_off: 'ten' } }] } }));
    expect(lines(issues)).toEqual([expect.stringMatching(/^scoring\.criteria\[0\]\.options\.sign_off: expected number, got a string/)]);
  });

  // Was: a marketer writes a date bound as `"01.02.2024"` (likewise a locale `"en_US"` or a theme
  // colour with `url(`). They saw `steps[0].min: "01.02.2024" has the wrong format` and nothing
  // else: not which format is right. They now get a hint: `use YYYY-MM-DD, e.g. "2024-02-01"`.
  it('says which format a date bound must have', () => {
    const issues = issuesOf(tinyFlow([{ id: 'start', type: 'date', title: 'Start?', min: '01.02.2024' }, done]));
    const [issue] = at(issues, 'steps[0].min');
    expect(issue?.message).toContain('wrong format');
    expect(issue?.hint ?? '').toContain('YYYY-MM-DD');
  });
});

describe('the form a misspelt property was meant for', () => {
  it('suggests from the branch the value fits best: an evidence criterion with a misspelt "weight"', () => {
    const issues = issuesOf(tinyFlow([role, done], { scoring: { criteria: [{ answer: 'role', weigth: 3 }] } }));
    expect(lines(issues)).toEqual([expect.stringMatching(/^scoring\.criteria\[0\]\.weigth: unknown property "weigth" — did you mean "weight"\?/)]);
  });

  it('never lists a property a form names only to refuse it', () => {
    const issues = issuesOf(tinyFlow([role, done], { scoring: { criteria: [{ answer: 'role', options: { sign_off: 1 }, bands: [{ points: 1 }] }] } }));
    const [issue] = at(issues, 'scoring.criteria[0].bands');
    expect(issue?.hint).toContain('"options"');
    expect(issue?.hint).not.toContain('"bands"');
  });

  it('reads a misspelt "answer" in a condition as an answer predicate', () => {
    const issues = issuesOf(tinyFlow([{ ...role, next: [{ if: { anwser: 'role', is: 'sign_off' }, goto: 'done' }] }, done]));
    expect(lines(issues)).toContainEqual(expect.stringMatching(/^steps\[0\]\.next\[0\]\.if\.anwser: unknown property "anwser" — did you mean "answer"\?/));
  });
});

describe('flows that load but behave wrongly are linted', () => {
  // Was: a marketer puts the catch-all rule first: `next: [{ "goto": "done" }, { "if": …,
  // "goto": "pricing" }]`. Every visitor goes to "done"; the second rule never applies and
  // "pricing" is never shown, yet `leadflow validate` says ok (the graph counts every goto as
  // reachable). They are now warned at `steps[0].next[1]`, as `routes` are
  // (`unreachable_route`).
  it('warns about a rule after a rule without "if", which is never tried', () => {
    const pricing = { id: 'pricing', type: 'short_text', title: 'Which plan?', next: [{ goto: 'done' }] };
    const issues = issuesOf(tinyFlow([{ ...role, next: [{ goto: 'done' }, { if: { answer: 'role', is: 'sign_off' }, goto: 'pricing' }] }, pricing, done]));
    expect(at(issues, 'steps[0].next[1]').length + at(issues, 'steps[1]').length).toBeGreaterThan(0);
  });

  // Was: a marketer branches on an answer the visitor has not given yet: step "role" says
  // `{ "if": { "answer": "budget", "is": "high" }, "goto": "done" }`, but "budget" is asked only
  // after "role". Conditions see only answers on the path so far, so the rule never holds, and
  // `validateFlow` says nothing. They are now told the question is asked later.
  it('warns about a condition on a question that is only asked after the rule', () => {
    const budget = { id: 'budget', type: 'single_choice', title: 'Budget?', options: [{ id: 'high', label: 'High' }, { id: 'low', label: 'Low' }] };
    const issues = issuesOf(tinyFlow([{ ...role, next: [{ if: { answer: 'budget', is: 'high' }, goto: 'done' }] }, budget, done]));
    expect(at(issues, 'steps[0].next[0].if.answer')).toHaveLength(1);
  });

  // Was: a marketer forgets the scheme: `"webhook": "hooks.example.com/leads"` (or types
  // `"https//hooks.example.com/leads"`). It loads and lints clean, and every lead is posted to
  // `/hooks.example.com/leads` on the landing page's own site, i.e. lost. A relative URL whose
  // first segment is a host name (or starts with `http`) is now flagged: "did you mean
  // https://hooks.example.com/leads?".
  it('flags a webhook URL that lacks its https:// (it would post to the page’s own site)', () => {
    const issues = issuesOf(tinyFlow([role, done], { webhook: 'hooks.example.com/leads' }));
    expect(at(issues, 'webhook')).toHaveLength(1);
  });

  it('takes relative webhook paths as paths: "leads.php", "api/leads", "./hook"', () => {
    for (const webhook of ['leads.php', 'api/leads', './hook', '/hook'])
      expect(at(issuesOf(tinyFlow([role, done], { webhook })), 'webhook'), webhook).toEqual([]);
  });

  it('reads a rule on an answer given earlier on every path without a warning', () => {
    const budget = { id: 'budget', type: 'single_choice', title: 'Budget?', options: [{ id: 'high', label: 'High' }, { id: 'low', label: 'Low' }] };
    const issues = issuesOf(tinyFlow([role, { ...budget, next: [{ if: { answer: 'role', is: 'sign_off' }, goto: 'done' }] }, done]));
    expect(issues).toEqual([]);
  });

  // Was: a marketer swaps a band's bounds, `{ "min": 50, "max": 10, "points": 15 }`. The band
  // never matches, so the criterion silently gives 0; `validateFlow` accepts it (a step's
  // `min > max` is refused, a band's is not). It now reports `range_order` at the band.
  it('reports a scoring band whose min is greater than its max', () => {
    const size = { id: 'team_size', type: 'number', title: 'Team size?' };
    const issues = issuesOf(tinyFlow([size, done], { scoring: { criteria: [{ answer: 'team_size', bands: [{ min: 50, max: 10, points: 15 }] }] } }));
    expect(at(issues, 'scoring.criteria[0].bands[0]').length + at(issues, 'scoring.criteria[0].bands[0].min').length).toBeGreaterThan(0);
  });

  // Was: a marketer customises a message with a typo in its code, `"errors": { "requried":
  // "Please pick one" }`. The map accepts any key, nothing lints it, and visitors keep seeing
  // the built-in message. The key is now reported with the known codes ("did you mean
  // "required"?").
  it('reports an "errors" entry for an issue code that does not exist', () => {
    const issues = issuesOf(tinyFlow([{ ...role, errors: { requried: 'Please pick one' } }, done]));
    expect(at(issues, 'steps[0].errors.requried')).toHaveLength(1);
  });

  // Was: in a `"locales": ["de", "en"]` flow a marketer translates a step's custom error message
  // into German only. English visitors get the German message, but unlike a title or label
  // (`missing_translation`), `errors` texts are not checked.
  it('warns about a custom error message missing a declared locale', () => {
    const step = { ...role, title: { de: 'Ihre Rolle?', en: 'Your role?' }, errors: { required: { de: 'Bitte wählen Sie eine Rolle.' } } };
    const issues = issuesOf(tinyFlow([step, { ...done, title: { de: 'Danke', en: 'Thanks' } }], { locales: ['de', 'en'] }));
    expect(at(issues, 'steps[0].errors.required').map((issue) => issue.code)).toEqual(['missing_translation']);
  });

  // Was: a marketer adds the English key but leaves it empty to fill in later, `"title": { "de":
  // "Ihre Rolle?", "en": "" }`. English visitors see the German title, and neither loading nor
  // the linter says a word: the missing_translation check only asks whether the key exists.
  it('warns about an empty translation as about a missing one', () => {
    const issues = issuesOf(
      tinyFlow([{ ...role, title: { de: 'Ihre Rolle?', en: '' }, options: role.options.map((o) => ({ ...o, label: { de: o.id, en: o.id } })) }, { ...done, title: { de: 'Danke', en: 'Thanks' } }], {
        locales: ['de', 'en'],
      }),
    );
    expect(at(issues, 'steps[0].title')).toHaveLength(1);
  });

  // Was: a marketer marks an option of a multiple choice `"other": true` (the docs: single choice
  // only). The flow loads and lints clean, and visitors never get the text box. It is now
  // reported at the option.
  it('reports "other" on a question that is not a single choice', () => {
    const step = { ...role, type: 'multiple_choice', options: [role.options[0], { ...role.options[1], other: true }] };
    const issues = issuesOf(tinyFlow([step, done]));
    expect(at(issues, 'steps[0].options[1].other')).toHaveLength(1);
  });

  // Was: a marketer allows `"maxLength": 1000` on a short_text. The docs say 500 is the upper
  // bound; the flow loads and lints clean, and visitors are cut off at 500 without the marketer
  // ever being told. It is now reported at `maxLength`.
  it('reports a short_text maxLength above the 500 characters a short text can hold', () => {
    const issues = issuesOf(tinyFlow([{ id: 'company', type: 'short_text', title: 'Company?', maxLength: 1000 }, done]));
    expect(at(issues, 'steps[0].maxLength')).toHaveLength(1);
  });
});
