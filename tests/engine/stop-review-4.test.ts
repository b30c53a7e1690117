import { describe, expect, it } from 'vitest';
import { formatPath, resolveText, type Issue } from '../../src/engine/index.ts';
import type { FlowJson } from './fixtures.ts';
import { done, issuesOf, role, tinyFlow } from './support/tiny-flow.ts';

/** Review of 8da52f7 (the linter's coverage fixes): no false negatives, hints that are true. */

const summary = (issues: Issue[]) => issues.map((i) => `${i.severity ?? 'error'} ${i.code} ${formatPath(i.path)}`);
const lint = (flow: FlowJson) => summary(issuesOf(flow));

const W = { webhook: 'https://hooks.example.com/leads' };
const contact = { id: 'contact', type: 'contact', title: 'Where do we send it?', fields: [{ id: 'email', kind: 'email' }] };
const roleWithOther = { ...role, options: [...role.options, { id: 'other', label: 'Something else', other: true }] };
const hot = { id: 'hot', type: 'end', title: 'Book a call' };
const warm = { id: 'warm', type: 'end', title: 'We will be in touch' };
const cold = { id: 'cold', type: 'end', title: 'Here is a guide' };

describe('unknownOption after the `<step>_other` change', () => {
  it('a typed text beside "other" may be compared with any text, and no unknown option is reported', () => {
    const flow = tinyFlow([{ ...roleWithOther, next: [{ if: { answer: 'role_other', is: 'CFO' }, goto: 'done' }] }, contact, done], W);
    expect(lint(flow).filter((line) => line.includes('unknown_'))).toEqual([]);
  });

  it('a misspelt option of the step itself is still caught, and a misspelt `_other` question too', () => {
    const flow = tinyFlow(
      [{ ...roleWithOther, next: [{ if: { answer: 'role', is: 'othr' }, goto: 'contact' }, { if: { answer: 'rol_other', is: 'CFO' }, goto: 'done' }] }, contact, done],
      W,
    );
    expect(lint(flow)).toEqual(expect.arrayContaining(['error unknown_option steps[0].next[0].if.is', 'error unknown_answer steps[0].next[1].if.answer']));
  });
});

describe('checkRouteEndings after the "two endings or more" change', () => {
  const scoring = { extend: 'bant' };
  it('a routing matrix at one step that leaves out a route is still warned about, naming that route', () => {
    const flow = tinyFlow(
      [
        { ...role, next: [{ if: { score: 'route', is: 'sales_now' }, goto: 'hot' }, { if: { score: 'route', is: 'nurture' }, goto: 'cold' }] },
        contact,
        done,
        hot,
        cold,
      ],
      { ...W, scoring },
    );
    const routes = issuesOf(flow).filter((i) => i.code === 'unhandled_route').map((i) => i.message);
    expect(routes.some((m) => m.includes('"follow_up"'))).toBe(true);
    expect(routes.some((m) => m.includes('"sales_now"') || m.includes('"nurture"'))).toBe(false);
  });

  it('the same matrix with a catch-all ending is not warned about', () => {
    const flow = tinyFlow(
      [
        { ...role, next: [{ if: { score: 'route', is: 'sales_now' }, goto: 'hot' }, { if: { score: 'route', is: 'nurture' }, goto: 'cold' }, { goto: 'warm' }] },
        hot,
        cold,
        warm,
      ],
      { ...W, scoring },
    );
    expect(lint(flow).filter((line) => line.includes('unhandled_route'))).toEqual([]);
  });
});

describe('checkTranslations after the one-locale and region-tag change', () => {
  it('a one-locale flow is checked: an English-only text in a German flow is warned about', () => {
    const flow = tinyFlow([{ ...role, title: { en: 'What is your role?' } }, done], { ...W, locales: ['de'] });
    expect(lint(flow)).toContain('warning missing_translation steps[0].title');
  });

  it('a `de` text counts for a declared `de-DE`, a `de-AT` text does not count for a declared `de`', () => {
    const ok = tinyFlow([{ ...role, title: { de: 'Ihre Rolle?' } }, done], { ...W, locales: ['de-DE'] });
    expect(lint(ok).filter((line) => line.includes('missing_translation'))).toEqual([]);
    const regionOnly = tinyFlow([{ ...role, title: { 'de-AT': 'Ihre Rolle?' } }, done], { ...W, locales: ['de'] });
    expect(lint(regionOnly)).toContain('warning missing_translation steps[0].title');
  });

  it('the hint names the declared locale whose text a visitor of a missing one gets', () => {
    const title = { en: 'Your role?', fr: 'Votre rôle ?' };
    const flow = tinyFlow([{ ...role, title }, done], { ...W, locales: ['de', 'fr', 'en'] });
    const issue = issuesOf(flow).find((i) => i.code === 'missing_translation')!;
    expect(issue.hint).toMatch(/visitors see the fr text/);
    expect(resolveText(title, 'de', ['de', 'fr', 'en'])).toBe(title.fr);
  });

  // Was: the hint named the en text while the widget (textLocale, which counted any text but
  // an empty one) showed the blank de one. A text of white space falls back now, as the hint says.
  it('for a text of white space only, the hint names what the widget shows', () => {
    const title = { de: '  ', en: 'Your role?' };
    const flow = tinyFlow([{ ...role, title }, done], { ...W, locales: ['de', 'en'] });
    const issue = issuesOf(flow).find((i) => i.code === 'missing_translation')!;
    expect(issue.hint).toMatch(/visitors see the en text/);
    expect(resolveText(title, 'de', ['de', 'en'])).toBe(title.en);
  });
});

describe('checkWebhooks: a URL with user:password', () => {
  const webhookIssues = (webhook: string) => lint(tinyFlow([role, done], { webhook })).filter((line) => line.includes('webhook'));

  it.each(['https://user:secret@hooks.example.com/leads', 'HTTPS://User:Secret@Hooks.Example.com/leads', 'https://n8n@hooks.example.com/leads'])(
    '%s is an error',
    (url) => {
      expect(webhookIssues(url)).toEqual(['error invalid_webhook webhook']);
    },
  );

  it.each([
    'https://hooks.example.com/team/@sales',
    'https://hooks.example.com/leads?notify=ops@example.com',
    'https://[2001:db8::1]:8443/leads',
    'http://[::1]:8787/leads',
    '/hooks/@team',
  ])('%s is fine', (url) => {
    expect(webhookIssues(url)).toEqual([]);
  });

  it('an @ after a # is no user name (only the # is warned about: nothing after it is sent)', () => {
    expect(webhookIssues('https://hooks.example.com/leads#ops@example.com')).toEqual(['warning webhook_fragment webhook']);
  });

  // Was: hasCredentials needed a scheme, so `//user:secret@host/…` passed the linter while the
  // widget, resolving it against the page, refused every lead (UrlError).
  it('a scheme-relative //user:password@host URL is an error too', () => {
    const url = '//user:secret@hooks.example.com/leads';
    expect(new URL(url, 'https://landing.example/page').username).toBe('user');
    expect(webhookIssues(url)).toEqual(['error invalid_webhook webhook']);
  });
});
