/**
 * Review of `businessOnly` on e-mail questions and contact fields (43382ce): every way an
 * answer reaches the lead (Next, a reload's restore, a link's prefill, `leadflow simulate`),
 * how a domain may be spelt, the flow's changes to the list, the scoring preset's
 * `personal_email` rule beside it, the linter, variants, and the docs against the code.
 * Tests under a `// Was:` comment failed before their fix.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import docs from '../../scripts/flow-schema-docs.json' with { type: 'json' };
import { simulateInProcess } from '../cli/support.ts';
import { explorePaths } from '../../src/cli/explore.ts';
import {
  currentStep,
  lintFlow,
  lintWithVariants,
  loadFlow,
  loadVariant,
  nextStep,
  pathAnswers,
  prefillAnswers,
  previousStep,
  restoreFlow,
  scoreLead,
  setAnswer,
  startFlow,
  type Flow,
  type FlowState,
} from '../../src/engine/index.ts';
import { uiMessages } from '../../src/ui/i18n/messages.ts';

type Json = Record<string, unknown>;

const flowJson = (steps: Json[], extra: Json = {}): Json => ({
  id: 'b2b-review',
  version: 1,
  locales: ['de', 'en'],
  ...extra,
  steps: [...steps, { id: 'done', type: 'end', title: 'Danke' }],
});

function flowOf(steps: Json[], extra: Json = {}): Flow {
  const loaded = loadFlow(flowJson(steps, extra));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return loaded.value;
}

const mail = { id: 'mail', type: 'email', title: 'Ihre geschäftliche E-Mail?', businessOnly: true, prefill: 'email' };
const company = { id: 'company', type: 'short_text', title: 'Firma?' };
const contact = (field: Json = {}) => ({
  id: 'contact',
  type: 'contact',
  title: 'Kontakt',
  fields: [{ id: 'name', kind: 'name' }, { id: 'work', kind: 'email', businessOnly: true, prefill: 'email', ...field }],
});

/** The issues Next gives on the first step with these answers, as `question: code`. */
function refusal(flow: Flow, answers: Record<string, string>): string[] {
  let state = startFlow(flow);
  for (const [question, value] of Object.entries(answers)) state = setAnswer(state, question, value);
  const moved = nextStep(flow, state);
  return moved.ok ? [] : moved.issues.map((issue) => `${issue.question}: ${issue.code}`);
}

/** Next, step by step, until a step refuses or the end: where the visitor is, and the lead's answers. */
function walk(flow: Flow, state: FlowState) {
  for (;;) {
    const moved = nextStep(flow, state);
    if (!moved.ok || moved.value === state) return { at: currentStep(flow, state).id, issues: moved.ok ? [] : moved.issues.map((i) => i.code), answers: pathAnswers(flow, state) };
    state = moved.value;
  }
}

describe('how visitors spell a personal address', () => {
  const flow = flowOf([mail]);

  it.each([
    'ADA@GMAIL.COM',
    'Ada.Lovelace+leads@gmail.com',
    ' ada@web.de ',
    'ada@gmail.com\t',
    // Full-width letters from an IME: the browser's IDNA mapping folds them to gmail.com.
    'ada@ｇｍａｉｌ.com',
    '"ada"@googlemail.com',
    // What a paste of a `mailto:` link leaves, when nothing took the scheme off first.
    'mailto:ada@gmx.net',
  ])('refuses %j as personal_email', (address) => {
    expect(refusal(flow, { mail: address })).toEqual(['mail: personal_email']);
  });

  it('refuses what is no address as invalid_email first, whatever its domain (a final dot, a domain alone)', () => {
    expect(refusal(flow, { mail: 'ada@gmail.com.' })).toEqual(['mail: invalid_email']);
    expect(refusal(flow, { mail: '@gmail.com' })).toEqual(['mail: invalid_email']);
    expect(refusal(flow, { mail: 'ada@gmail。com' })).toEqual(['mail: invalid_email']);
  });

  it('takes business domains, a subdomain of a provider too (the list matches exactly, as documented)', () => {
    for (const address of ['ada@acme.example', 'ada@gmail.acme.example', 'ada@mail.gmail.com', 'ada@müller-maschinen.de', 'ada@xn--mller-kva.de'])
      expect(refusal(flow, { mail: address }), address).toEqual([]);
  });
});

describe("the flow's changes to the list (scoring.personalDomains)", () => {
  it('compare as domains do: any case, a leading @ or a final dot on an entry', () => {
    const flow = flowOf([mail], { scoring: { personalDomains: { add: ['@Rival-Mail.Example.'], remove: [' GMX.NET '] } } });
    expect(refusal(flow, { mail: 'ada@rival-mail.example' })).toEqual(['mail: personal_email']);
    expect(refusal(flow, { mail: 'ada@RIVAL-MAIL.example' })).toEqual(['mail: personal_email']);
    expect(refusal(flow, { mail: 'ada@gmx.net' })).toEqual([]);
    // Only what was removed: gmx.de stays personal.
    expect(refusal(flow, { mail: 'ada@gmx.de' })).toEqual(['mail: personal_email']);
  });

  it('an international domain added in either spelling refuses both spellings of an answer', () => {
    const ascii = new URL('http://müller-post.de').hostname;
    expect(ascii).toMatch(/^xn--/);
    for (const entry of ['müller-post.de', ascii]) {
      const flow = flowOf([mail], { scoring: { personalDomains: { add: [entry] } } });
      expect(refusal(flow, { mail: 'ada@müller-post.de' }), entry).toEqual(['mail: personal_email']);
      expect(refusal(flow, { mail: `ada@${ascii}` }), entry).toEqual(['mail: personal_email']);
      expect(refusal(flow, { mail: 'ada@MÜLLER-POST.DE' }), entry).toEqual(['mail: personal_email']);
    }
  });

  it('on a contact field too, and remove wins over add', () => {
    const flow = flowOf([contact()], { scoring: { personalDomains: { add: ['web.de'], remove: ['web.de', 'gmail.com'] } } });
    expect(refusal(flow, { name: 'Ada', work: 'ada@gmail.com' })).toEqual([]);
    expect(refusal(flow, { name: 'Ada', work: 'ada@web.de' })).toEqual([]);
    expect(refusal(flow, { name: 'Ada', work: 'ada@yahoo.de' })).toEqual(['work: personal_email']);
  });
});

describe('every way an answer reaches the lead', () => {
  it('a reload resumes at the businessOnly step when the saved address is personal (a flow edited since)', () => {
    const flow = flowOf([mail, company]);
    const saved = { history: ['mail', 'company'], answers: { mail: 'ada@gmail.com', company: 'Acme' } };
    const restored = restoreFlow(flow, saved)!;
    expect(restored.history).toEqual(['mail']);
    expect(walk(flow, restored)).toMatchObject({ at: 'mail', issues: ['personal_email'] });
    // With the provider removed by the flow, the saved path holds.
    const lenient = flowOf([mail, company], { scoring: { personalDomains: { remove: ['gmail.com'] } } });
    expect(restoreFlow(lenient, saved)!.history).toEqual(['mail', 'company']);
    // And one the flow added is refused on a reload as on Next.
    const strict = flowOf([mail, company], { scoring: { personalDomains: { add: ['acme.example'] } } });
    expect(restoreFlow(strict, { history: ['mail', 'company'], answers: { mail: 'ada@acme.example', company: 'Acme' } })!.history).toEqual(['mail']);
  });

  it('a reload of a path that looped (a review step’s "start again") is checked on the last pass too', () => {
    const review = {
      id: 'review',
      type: 'single_choice',
      title: 'Alles richtig?',
      options: [
        { id: 'ok', label: 'Ja' },
        { id: 'again', label: 'Nochmal' },
      ],
      next: [{ if: { answer: 'review', is: 'again' }, goto: 'mail' }],
    };
    const flow = flowOf([mail, company, review]);
    const saved = { history: ['mail', 'company', 'review', 'mail', 'company', 'review'], answers: { mail: 'ada@gmail.com', company: 'Acme', review: 'ok' } };
    const restored = restoreFlow(flow, saved)!;
    expect(currentStep(flow, restored).id).toBe('mail');
    expect(walk(flow, restored)).toMatchObject({ at: 'mail', issues: ['personal_email'] });
  });

  it('a contact step restored with a personal address in its businessOnly field stops there', () => {
    const flow = flowOf([contact(), company]);
    const restored = restoreFlow(flow, { history: ['contact', 'company'], answers: { name: 'Ada', work: 'ada@t-online.de', company: 'Acme' } })!;
    expect(restored.history).toEqual(['contact']);
  });

  it("a link's prefill (?email=ada@gmail.com) is a starting answer the visitor sees, refused at Next", () => {
    for (const flow of [flowOf([mail]), flowOf([contact()])]) {
      // `+` unencoded in the link arrives as a space: the plus address is still refused.
      for (const query of ['email=ada@gmail.com', 'email=ada+news@gmail.com', 'email=ADA%40GMX.DE']) {
        const answers = prefillAnswers(flow, new URLSearchParams(query));
        expect(Object.values(answers), query).toHaveLength(1);
        const state = startFlow(flow, {}, { name: 'Ada', ...answers });
        expect(walk(flow, state), query).toMatchObject({ at: flow.steps[0]!.id, issues: ['personal_email'] });
      }
    }
  });

  // Was: src/engine/prefill.ts:17 (`emailText`) only trims and puts back a `+`: unlike what
  // the field keeps of a typed or pasted address (src/ui/questions/typed-text.ts `typedAnswer`:
  // no invisible marks, no `mailto:`), and unlike the website prefill this very commit fixed
  // (`websiteText`, withoutFormatMarks). `?email=mailto:ada@acme.example` is accepted and sent
  // to the CRM as "mailto:ada@acme.example"; a direction mark a link carries goes into the lead
  // unseen; and `?email=ada@gmail.com%E2%80%8E` is refused as invalid_email ("like
  // name@firma.de") though the visitor sees a plain gmail address — the work-address message
  // never shows. docs/flow-format.md:83 promises e-mail answers without either. Fix: emailText
  // = (raw) => typedAnswer('email', …)-like: withoutFormatMarks, strip a leading `mailto:` (and
  // its `?…`), then trim and turn spaces into `+` (a shared helper in src/shared, as
  // format-marks.ts is, so the engine keeps importing no UI code).
  it('a prefilled address is kept as the field keeps a typed one: without invisible marks or a mailto:', () => {
    const flow = flowOf([mail]);
    expect(prefillAnswers(flow, new URLSearchParams('email=mailto:ada@acme.example'))).toEqual({ mail: 'ada@acme.example' });
    expect(prefillAnswers(flow, new URLSearchParams('email=%E2%80%8Fada@acme.example'))).toEqual({ mail: 'ada@acme.example' });
    const personal = prefillAnswers(flow, new URLSearchParams('email=ada@gmail.com%E2%80%8E'));
    expect(walk(flow, startFlow(flow, {}, personal))).toMatchObject({ at: 'mail', issues: ['personal_email'] });
  });

  it('Back then Next: an address changed to a personal one on the way back is refused again', () => {
    const flow = flowOf([mail, company]);
    const moved = nextStep(flow, setAnswer(startFlow(flow), 'mail', 'ada@acme.example'));
    expect(moved.ok).toBe(true);
    if (!moved.ok) return;
    expect(currentStep(flow, moved.value).id).toBe('company');
    const back = setAnswer(previousStep(flow, setAnswer(moved.value, 'company', 'Acme')), 'mail', 'ada@gmail.com');
    expect(walk(flow, back)).toMatchObject({ at: 'mail', issues: ['personal_email'] });
  });
});

describe('the scoring preset’s personal_email rule beside businessOnly', () => {
  const bant = (extra: Json = {}) =>
    flowOf([{ ...mail, id: 'email' }], { scoring: { extend: 'bant', ...extra } });
  const penalty = (flow: Flow, email: string) => scoreLead(flow, { email }).trace.find((entry) => entry.rule === 'personal_email');

  it('reads the same list: an address businessOnly lets through is never penalised as personal', () => {
    const flow = bant({ personalDomains: { remove: ['gmx.net'] } });
    expect(refusal(flow, { email: 'ada@gmx.net' })).toEqual([]);
    expect(penalty(flow, 'ada@gmx.net')?.points ?? 0).toBe(0);
    // What businessOnly refuses is what the rule would penalise.
    expect(refusal(flow, { email: 'ada@gmx.de' })).toEqual(['email: personal_email']);
    expect(penalty(flow, 'ada@gmx.de')?.points).toBe(-10);
  });

  it('leadflow simulate --all-paths tries no personal address on a businessOnly question: no total carries the −10', () => {
    const withPenalty = explorePaths(flowOf([{ ...mail, id: 'email', businessOnly: false }], { scoring: { extend: 'bant' } }), { hidden: {}, maxPaths: 100, maxStates: 1000 });
    const without = explorePaths(bant(), { hidden: {}, maxPaths: 100, maxStates: 1000 });
    expect(withPenalty.paths[0]!.total!.min).toBe(without.paths[0]!.total!.min - 10);
    expect(without.paths[0]!.total!.min).toBe(without.paths[0]!.total!.max);
    expect(without.crowdedSteps).toEqual([]);
  });
});

describe('leadflow simulate', () => {
  const { file, run } = simulateInProcess();

  it('refuses a personal address from an answers file and says why, for the question and the field', () => {
    const flow = file('flow.json', flowJson([{ ...mail, next: [{ goto: 'contact' }] }, contact()]));
    const refused = run([flow, file('a.json', { mail: 'ada@gmail.com', name: 'Ada', work: 'ada@acme.example' })]);
    expect(refused.failed).toBe(true);
    expect(refused.err).toEqual([expect.stringMatching(/a\.json: step "mail": "mail" is at a personal e-mail provider, and the question takes business addresses only: "ada@gmail\.com"$/)]);
    const field = run([flow, file('b.json', { mail: 'ada@acme.example', name: 'Ada', work: 'Ada@Web.DE' })]);
    expect(field.err).toEqual([expect.stringMatching(/step "contact": "work" is at a personal e-mail provider.*: "Ada@Web\.DE"$/)]);
    expect(run([flow, file('c.json', { mail: 'ada@acme.example', name: 'Ada', work: 'ada@acme.example' })]).failed).toBe(false);
  });

  it("follows the flow's personalDomains: a removed provider passes, an added domain is refused", () => {
    const flow = file('lenient.json', flowJson([mail], { scoring: { personalDomains: { remove: ['gmail.com'], add: ['rival.example'] } } }));
    expect(run([flow, file('d.json', { mail: 'ada@gmail.com' })]).failed).toBe(false);
    expect(run([flow, file('e.json', { mail: 'ada@rival.example' })]).err.join()).toContain('is at a personal e-mail provider');
  });

  it('--variant: the variant that turns businessOnly on refuses, the control does not', () => {
    const json = flowJson([{ ...mail, businessOnly: false }], {
      variants: [
        { id: 'control', weight: 1 },
        { id: 'strict', weight: 1, steps: { mail: { businessOnly: true } } },
      ],
    });
    const flow = file('experiment.json', json);
    const answers = file('f.json', { mail: 'ada@gmail.com' });
    expect(run([flow, answers, '--variant', 'control']).failed).toBe(false);
    const strict = run([flow, answers, '--variant', 'strict']);
    expect(strict.failed).toBe(true);
    expect(strict.err.join()).toContain('"mail" is at a personal e-mail provider');
  });

  it('--all-paths: a branch on "domain": "personal" behind a businessOnly question is never taken, and says so', () => {
    const branching = { ...mail, next: [{ if: { answer: 'mail', domain: 'personal' }, goto: 'private' }, { goto: 'done' }] };
    const json = flowJson([branching, { id: 'private', type: 'end', title: 'Privat' }]);
    const { out, failed } = run([file('branch.json', json), '--all-paths', '--json']);
    expect(failed).toBe(false);
    const result = JSON.parse(out.join('\n')) as { complete: boolean; endingsNotReached: string[]; paths: Array<{ steps: string[] }> };
    expect(result.complete).toBe(true);
    expect(result.paths.map((path) => path.steps)).toEqual([['mail', 'done']]);
    expect(result.endingsNotReached).toEqual(['private']);
    // Without businessOnly the personal sample takes the branch.
    const open = run([file('open.json', flowJson([{ ...branching, businessOnly: false }, { id: 'private', type: 'end', title: 'Privat' }])), '--all-paths', '--json']);
    expect((JSON.parse(open.out.join('\n')) as { endingsNotReached: string[] }).endingsNotReached).toEqual([]);
  });
});

describe('variants', () => {
  const experiment = (patch: Json) =>
    flowOf([mail, contact()], {
      variants: [
        { id: 'control', weight: 1 },
        { id: 'strict', weight: 1, steps: patch },
      ],
    });

  it('a variant turning businessOnly off lets a personal address through on its version only', () => {
    const flow = experiment({ mail: { businessOnly: false } });
    const variant = loadVariant(flow, flow.variants![1]!);
    expect(variant.ok).toBe(true);
    if (!variant.ok) return;
    expect(refusal(variant.value, { mail: 'ada@gmail.com' })).toEqual([]);
    expect(refusal(flow, { mail: 'ada@gmail.com' })).toEqual(['mail: personal_email']);
  });

  it('a variant’s contact fields with businessOnly on a phone field are warned of at the variant’s path', () => {
    const flow = experiment({ contact: { fields: [{ id: 'work', kind: 'email', businessOnly: true }, { id: 'tel', kind: 'phone', businessOnly: true }] } });
    const found = lintWithVariants(flow).filter((issue) => issue.code === 'business_only_ignored');
    expect(found.map((issue) => issue.path)).toEqual([['variants', 1, 'steps', 'contact', 'fields', 1, 'businessOnly']]);
  });

  it('a variant putting businessOnly on a question that is no e-mail is refused when the flow loads, at its path', () => {
    const loaded = loadFlow(flowJson([mail, company], { variants: [{ id: 'a', weight: 1 }, { id: 'b', weight: 1, steps: { company: { businessOnly: true } } }] }));
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.issues.map((issue) => [issue.code, issue.path.join('.')])).toEqual([['unknown_property', 'variants.1.steps.company.businessOnly']]);
  });
});

describe('the linter', () => {
  const warned = (flow: Flow, code: string) => lintFlow(flow).filter((issue) => issue.code === code);

  it.each(['name', 'first_name', 'last_name', 'company', 'phone', 'job_title', 'website'])('warns of businessOnly on a %s field, at its path', (kind) => {
    const flow = flowOf([{ id: 'contact', type: 'contact', title: 'Kontakt', fields: [{ id: 'work', kind: 'email', businessOnly: true }, { id: 'other', kind, businessOnly: true }] }]);
    const found = warned(flow, 'business_only_ignored');
    expect(found).toEqual([expect.objectContaining({ path: ['steps', 0, 'fields', 1, 'businessOnly'], severity: 'warning' })]);
    expect(found[0]!.message).toContain(kind);
  });

  it('names issues.personal_email for a French flow only where a businessOnly e-mail can show it', () => {
    const untranslated = (steps: Json[], messages?: Json) =>
      warned(flowOf(steps, { locales: ['fr'], title: 'Devis', ...(messages && { messages }) }), 'untranslated_messages')
        .map((issue) => issue.message)
        .join();
    expect(untranslated([contact()])).toContain('issues.personal_email');
    expect(untranslated([contact({ businessOnly: false })])).not.toContain('personal_email');
    expect(untranslated([{ id: 'contact', type: 'contact', title: 'Kontakt', fields: [{ id: 'tel', kind: 'phone', businessOnly: true }] }])).not.toContain('personal_email');
    // Given in French, it is no longer named.
    expect(untranslated([contact()], { issues: { personal_email: { fr: 'Veuillez saisir votre adresse e-mail professionnelle.' } } })).not.toContain('personal_email');
  });

  // Was: src/engine/lint/lint-messages.ts:38 (`shownMessages`) counts every issue code a step
  // can raise as shown in the widget's own words, also where the step brings its own message in
  // that locale (`errors.personal_email.fr`), which is what a French visitor then sees
  // (question-props.ts customError). The warning tells the author French visitors "see these in
  // English" — untrue — and asks for a flow-wide text nobody sees. (The same holds for every
  // code; businessOnly adds one more.) Fix: in checkMessageLanguages, leave out `issues.<code>`
  // when every step that raises it has its own `errors[code]` text in that locale (`says`).
  it("does not name issues.personal_email for a French flow whose businessOnly step has its own French message", () => {
    const flow = flowOf([{ ...mail, errors: { personal_email: { fr: 'Adresse professionnelle, svp.' } } }], { locales: ['fr'], title: 'Devis' });
    const message = warned(flow, 'untranslated_messages')
      .map((issue) => issue.message)
      .join();
    expect(message).toContain('issues.invalid_email');
    expect(message).not.toContain('personal_email');
  });

  // Was: src/engine/lint/lint-questions.ts:14-22 flags an `errors` entry only when its code is
  // no issue code at all. `errors.personal_email` on an e-mail question without businessOnly is
  // never shown either — and it is the one message whose presence says the author meant to
  // refuse personal addresses and forgot `"businessOnly": true` (or put it elsewhere): the form
  // then takes gmail.com silently. Fix: also warn of an `errors` code the step can never raise
  // (lint-messages.ts `issuesOf` already works out which a step raises), at
  // steps[i].errors.<code>, with the hint 'add "businessOnly": true' for personal_email.
  it('warns of a step’s errors.personal_email on an e-mail question without businessOnly: it never shows', () => {
    const own = { personal_email: { de: 'Nur Firmenadressen, bitte.', en: 'Company addresses only, please.' } };
    const { businessOnly: _, ...plain } = mail;
    const flow = flowOf([{ ...plain, errors: own }]);
    const found = lintFlow(flow).filter((issue) => issue.path.join('.') === 'steps.0.errors.personal_email');
    expect(found).toHaveLength(1);
    expect(`${found[0]!.message} ${found[0]!.hint}`).toContain('businessOnly');
    // With businessOnly, nothing to say.
    expect(lintFlow(flowOf([{ ...mail, errors: own }])).filter((issue) => issue.path.includes('errors'))).toEqual([]);
  });
});

describe('the docs against the code', () => {
  const doc = readFileSync(join(process.cwd(), 'docs', 'flow-format.md'), 'utf8');
  const qualification = readFileSync(join(process.cwd(), 'docs', 'qualification.md'), 'utf8');
  const lines = doc.split('\n');
  const entries = docs.properties as Record<string, { description: string; examples: unknown[] }>;
  const [de, en] = [uiMessages['de']!, uiMessages['en']!].map((m) => m.issues.personal_email);

  it('docs/flow-format.md: businessOnly on email and on fields, the built-in messages as the widget has them, the French set', () => {
    expect(lines.find((line) => line.startsWith('| `businessOnly` | `email` |'))).toContain(`“${de}”`);
    expect(lines.find((line) => line.startsWith('| `businessOnly` | `fields` |'))).toContain('`email` field');
    expect(lines.find((line) => line.startsWith('| `email` |'))).toContain('`businessOnly`');
    expect(lines.find((line) => line.startsWith('| `personal_email` | “'))).toContain(`“${de}” / “${en}”`);
    expect(doc).toContain('"personal_email": {\n        "fr": "Veuillez saisir votre adresse e-mail professionnelle."');
  });

  it('scripts/flow-schema-docs.json: businessOnly on steps and fields, personal_email among the errors and messages', () => {
    expect(entries['steps[].businessOnly']!.description).toContain('personal_email');
    expect(entries['steps[].fields[].businessOnly']!.description).toContain('personal_email');
    expect(entries['steps[].errors']!.description).toContain('`personal_email`');
    expect(entries['messages.issues.personal_email']!.description).toContain(`“${de}” (de), “${en}” (en)`);
  });

  // Was: docs/flow-format.md:566, docs/qualification.md:49 and scripts/flow-schema-docs.json:1694-1696
  // still describe `scoring.personalDomains` as changing only what `"domain": "personal"`
  // checks. Since 43382ce it also decides what every businessOnly question and field refuses:
  // an author adding a partner's or their own customers' domain to tune a score now turns those
  // visitors away at the form, and the reference for the property does not say so. Fix: say it
  // in all three ("…that `"domain": "personal"` checks and `businessOnly` refuses").
  it('scoring.personalDomains is documented as what businessOnly refuses too', () => {
    expect(lines.find((line) => line.startsWith('| `personalDomains` | `scoring` |'))).toContain('businessOnly');
    expect(qualification.split('\n').find((line) => line.startsWith('| `personalDomains` |'))).toContain('businessOnly');
    expect(entries['scoring.personalDomains']!.description).toContain('businessOnly');
  });
});
