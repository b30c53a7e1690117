/**
 * Review of the `website` question and contact field kind (069c6ad): what visitors
 * really type or paste, what must be refused, prefill, the linter, `leadflow simulate`, and the
 * docs (docs/flow-format.md, scripts/flow-schema-docs.json) against the code. Tests under a
 * `// Was:` comment failed before their fix.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import docs from '../../scripts/flow-schema-docs.json' with { type: 'json' };
import { simulateInProcess } from '../cli/support.ts';
import { contactFieldKinds } from '../../src/engine/schema/step.ts';
import { isWebsite, lintFlow, loadFlow, prefillAnswers, validateStep, type Flow, type Step } from '../../src/engine/index.ts';
import { uiMessages } from '../../src/ui/i18n/messages.ts';

type Json = Record<string, unknown>;

const flowJson = (steps: Json[], extra: Json = {}): Json => ({
  id: 'site-review',
  version: 1,
  locales: ['de', 'en'],
  webhook: 'https://hooks.example.test/lead',
  ...extra,
  steps: [...steps, { id: 'done', type: 'end', title: 'Danke' }],
});

function flowOf(steps: Json[], extra: Json = {}): Flow {
  const loaded = loadFlow(flowJson(steps, extra));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return loaded.value;
}

const site = { id: 'site', type: 'website', title: 'Ihre Website?', prefill: 'website' };
const contact = {
  id: 'contact',
  type: 'contact',
  title: 'Kontakt',
  fields: [
    { id: 'email', kind: 'email' },
    { id: 'web', kind: 'website', prefill: 'web' },
  ],
};

describe('isWebsite: addresses people really type or paste', () => {
  it.each([
    'www.acme.com/',
    'HTTPS://WWW.ACME.DE/DE/',
    'Acme.Com',
    'acme.com/über-uns',
    'http://acme.com:8080/a?b=c#d',
    'https://acme.com/#/home',
    'acme.co.uk',
    'acme.berlin',
    'пример.рф',
    '例え.テスト',
    'xn--e1afmkfd.xn--p1ai',
    // A paste with white space around it, an ideographic space from a Japanese keyboard too.
    ' \thttps://acme.com ',
    '\u3000acme.com',
  ])('takes %j', (value) => expect(isWebsite(value)).toBe(true));

  it.each([
    // Pasted from a mail client or a sentence.
    '<https://acme.com>',
    '"acme.com"',
    '(acme.com)',
    'acme.com,',
    'www.acme.de, www.acme.com',
    // Typos that are no address.
    'www.',
    'https://www.',
    'http://',
    'http//acme.com',
    'htps://acme.com',
    'https:/acme',
    // IP addresses in every spelling a URL parser reads as one, and localhost.
    '127.1',
    '0x7f.0.0.1',
    '2130706433',
    '[::1]',
    'https://[2001:db8::1]/',
    'LOCALHOST:3000',
    'acme.com.127.0.0.1',
    // Schemes other than http(s).
    'JavaScript:alert(1)',
    'javascript://acme.com/%0aalert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'ftp://acme.com',
    // Credentials, whichever way they are written.
    'https://acme.com@evil.example',
    'acme.com:80@evil.example',
    'https://:secret@acme.com',
    // Spaces anywhere, and a newline a paste brings (the URL parser would drop it silently).
    'acme.com/a b',
    'acme\n.com',
    'acme\u00a0.com',
  ])('refuses %j', (value) => expect(isWebsite(value)).toBe(false));

  // Was: src/engine/step-kinds.ts:57 (isWebsite) only looked at the end
  // of the host (`\.[a-z]{2,}$`) after the WHATWG URL parser, which allows empty labels and
  // characters no domain name has. A double-tapped dot on a phone (`acme..com`), a stray leading
  // dot, or a quote are taken, and a receiver that "adds https://" gets an address that never
  // resolves (a `"` even breaks out of an `href="…"` in a CRM's HTML). Fix: also require every
  // label of `hostname` to be non-empty letters, digits or hyphens (the parser has already
  // turned `bücher.de` into `xn--bcher-kva.de`), e.g.
  // `/^([a-z\d](?:[a-z\d-]*[a-z\d])?\.)+([a-z]{2,}|xn--[a-z\d-]+)$/`.
  it('refuses a host no domain name can be: an empty label or a character a domain never holds', () => {
    const typos = ['acme..com', '.acme.com', 'www..acme.de', 'acme"x.com', "acme'x.com", 'acme{x}.com'];
    expect(typos.filter(isWebsite)).toEqual([]);
  });

  // Was: src/engine/step-kinds.ts:57 (isWebsite) refuses `localhost` but takes `app.localhost`:
  // every name under `.localhost` is the visitor's own machine too (RFC 6761 §6.3; browsers and
  // systemd-resolved answer 127.0.0.1), which the docs exclude ("no IP address, no
  // `localhost`", docs/flow-format.md:78). Fix: refuse a hostname ending in `.localhost`.
  it('refuses names under .localhost, the same loopback as localhost', () => {
    expect(['app.localhost', 'www.acme.localhost', 'https://admin.localhost:8080/'].filter(isWebsite)).toEqual([]);
  });
});

describe('a website answer in the engine', () => {
  it('is checked after a 500-character cap like every text, whatever is passed (a number from an answers file too)', () => {
    const step = flowOf([site]).steps[0]! as Step;
    expect(validateStep(step, { site: 42 })).toEqual([{ code: 'invalid_website', question: 'site' }]);
    expect(validateStep(step, { site: '   ' })).toEqual([{ code: 'required', question: 'site' }]);
    expect(validateStep(step, { site: `  acme.com/${'a'.repeat(491)}  ` })).toEqual([]);
    expect(validateStep(step, { site: `acme.com/${'a'.repeat(492)}` }).map((i) => i.code)).toEqual(['too_long']);
  });

  it('takes a prefill from the link, encoded or not, for the question and the contact field (what the visitor confirms)', () => {
    const flow = flowOf([site, contact]);
    expect(prefillAnswers(flow, new URLSearchParams('website=https%3A%2F%2Fwww.acme.de%2Fde&web=acme.com'))).toEqual({ site: 'https://www.acme.de/de', web: 'acme.com' });
    // Unencoded, as people write links by hand: `:` and `/` survive a query.
    expect(prefillAnswers(flow, new URLSearchParams('?website=https://acme.com/de/'))).toEqual({ site: 'https://acme.com/de/' });
  });

  // Was: src/engine/prefill.ts:54 (and the contact field, :64, which falls back to `text`) takes
  // a link's website as is, invisible marks and all. An address copied from a right-to-left mail
  // or a web page into a newsletter link carries a direction mark or a zero-width space: with a
  // mark in the host the visitor sees "acme.com" in the field and is told it is no valid address
  // (the URL parser refuses the mark), with a zero-width space it is accepted and sent along —
  // docs/flow-format.md:78 promises a website answer "without … invisible marks", which the
  // widget only ensures for what is typed (src/ui/questions/typed-text.ts). Fix: a `websiteText`
  // prefiller that drops format characters (`\p{Cf}` but the joiners), for the question and the
  // contact field kind; or have isWebsite refuse them so nothing with one is ever sent.
  it('a prefilled address keeps no invisible marks: what the visitor sees is what is checked and sent', () => {
    const flow = flowOf([site, contact]);
    const answers = prefillAnswers(flow, new URLSearchParams('website=acme.com%E2%80%8E&web=acme%E2%80%8B.com'));
    expect(answers).toEqual({ site: 'acme.com', web: 'acme.com' });
  });
});

describe('the linter and a website', () => {
  it('names the field name and the message a French flow lacks, for a contact field without a label', () => {
    const flow = flowOf([{ id: 'contact', type: 'contact', title: 'Contact', fields: [{ id: 'web', kind: 'website' }] }], { locales: ['fr'], title: 'Site' });
    const warning = lintFlow(flow).find((issue) => issue.code === 'untranslated_messages');
    expect(warning?.message).toContain('fields.website');
    expect(warning?.message).toContain('issues.invalid_website');
    // With the field's own label, its built-in name is never shown.
    const labelled = flowOf([{ id: 'contact', type: 'contact', title: 'Contact', fields: [{ id: 'web', kind: 'website', label: 'Site' }] }], { locales: ['fr'], title: 'Site' });
    expect(lintFlow(labelled).find((issue) => issue.code === 'untranslated_messages')?.message).not.toContain('fields.website');
  });

  it("is satisfied by the docs' French set for a website question and field (the docs name both)", () => {
    const doc = readFileSync(join(process.cwd(), 'docs', 'flow-format.md'), 'utf8');
    const set = JSON.parse(/A whole set in French and Spanish[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]!) as Json;
    const messages = (set['messages'] ?? set) as Json;
    const flow = flowOf(
      [
        { ...site, required: false },
        { id: 'contact', type: 'contact', title: 'Contact', fields: [{ id: 'web', kind: 'website' }, { id: 'email', kind: 'email', required: false }] },
      ],
      { locales: ['fr', 'es'], title: 'Site', messages },
    );
    expect(lintFlow(flow).filter((issue) => issue.code === 'untranslated_messages')).toEqual([]);
  });

  // Was: src/engine/lint/lint-flow.ts:40 (answerKind) files a website answer under 'other'
  // (free text that may hold an e-mail), so `"domain"` on it passes the linter. A website answer never
  // holds an `@` (a user name is refused), so `{ "answer": "site", "domain": ["rival.example"] }`
  // — what a marketer writes to catch a competitor's site — never holds, though
  // docs/flow-format.md:573 says validateFlow lints "`domain` on a question that is no e-mail".
  // Fix: answerKind returns a kind of its own for `website` (and `phone`), which
  // operatorMismatch reports for `domain` (or make `domain` read a website's host).
  it('reports `domain` on a website answer, which never holds', () => {
    const flow = flowOf([{ ...site, next: [{ if: { answer: 'site', domain: ['rival.example'] }, goto: 'rival' }] }, { id: 'rival', type: 'end', title: 'Hallo Konkurrenz' }]);
    const mismatch = lintFlow(flow).filter((issue) => issue.code === 'operator_mismatch');
    expect(mismatch.map((issue) => issue.path)).toEqual([['steps', 0, 'next', 0, 'if', 'domain']]);
  });
});

describe('leadflow simulate and a website', () => {
  const { file, run } = simulateInProcess();
  const flowFile = () => file('flow.json', flowJson([{ ...site, next: [{ goto: 'contact' }] }, contact]));

  it('says why an address is refused, with the step, the question and the value, for the question and the field', () => {
    const flow = flowFile();
    const refused = run([flow, file('a.json', { site: 'localhost', email: 'ada@acme.example', web: 'acme.example' })]);
    expect(refused.failed).toBe(true);
    expect(refused.err).toEqual([expect.stringMatching(/step "site": "site" is no web address a company's site can have \(http or https, a domain name like acme\.com; no IP address, localhost or user name\): "localhost"$/)]);
    const field = run([flow, file('b.json', { site: 'acme.example', email: 'ada@acme.example', web: 'ftp://acme.example' })]);
    expect(field.err).toEqual([expect.stringMatching(/step "contact": "web" is no web address a company's site can have \(http or https, a domain name like acme\.com; no IP address, localhost or user name\): "ftp:\/\/acme\.example"$/)]);
    expect(run([flow, file('c.json', { site: 'https://acme.example/de', email: 'ada@acme.example', web: 'www.acme.example' })]).failed).toBe(false);
  });

  it('--all-paths answers a website question and field with its sample, reaching the ending', () => {
    const { out, failed } = run([flowFile(), '--all-paths', '--json']);
    expect(failed).toBe(false);
    const result = JSON.parse(out.join('\n')) as { complete: boolean; endingsNotReached: string[]; paths: Array<{ steps: string[]; ending?: string }> };
    expect(result.complete).toBe(true);
    expect(result.endingsNotReached).toEqual([]);
    expect(result.paths.map(({ steps, ending }) => ({ steps, ending }))).toEqual([{ steps: ['site', 'contact', 'done'], ending: 'done' }]);
  });
});

describe('the docs against the code', () => {
  const doc = readFileSync(join(process.cwd(), 'docs', 'flow-format.md'), 'utf8');
  const row = (first: string) => doc.split('\n').find((line) => line.startsWith(`| \`${first}\` |`));
  const entries = docs.properties as Record<string, { description: string; examples: unknown[] }>;

  it('docs/flow-format.md: every contact field kind, and the built-in website texts as the widget has them', () => {
    const kinds = doc.split('\n').find((line) => line.startsWith('| `kind` | `fields` |'))!;
    for (const kind of contactFieldKinds) expect(kinds).toContain(`\`${kind}\``);
    expect(row('invalid_website')).toBeDefined();
    for (const [key, first] of [
      ['fields', 'website'],
      ['issues', 'invalid_website'],
    ] as const) {
      const line = doc.split('\n').filter((l) => l.startsWith(`| \`${first}\` | “`))[0]!;
      const [de, en] = [uiMessages['de']!, uiMessages['en']!].map((m) => (m[key] as Record<string, string>)[first]!);
      expect(line, first).toContain(`“${de}” / “${en}”`);
    }
    expect(row('website')).toContain('`placeholder` |');
    expect(doc.split('\n').find((line) => line.startsWith('| `placeholder` |'))).toContain('`website`');
  });

  it('scripts/flow-schema-docs.json: the website type, field name and message, and every kind in the lists', () => {
    expect(entries['steps[website].type']?.examples).toEqual(['website']);
    for (const kind of contactFieldKinds) {
      expect(entries['messages.fields']!.description).toContain(`\`${kind}\``);
      expect(entries[`messages.fields.${kind}`], kind).toBeDefined();
    }
    expect(entries['steps[].errors']!.description).toContain('`invalid_website`');
    expect(entries['messages.issues.invalid_website']).toBeDefined();
    expect(entries['messages.fields.website']!.description).toContain(`“${uiMessages['de']!.fields.website}” (de), “${uiMessages['en']!.fields.website}” (en)`);
    expect(entries['messages.issues.invalid_website']!.description).toContain(`“${uiMessages['de']!.issues.invalid_website}” (de), “${uiMessages['en']!.issues.invalid_website}” (en)`);
  });
});
