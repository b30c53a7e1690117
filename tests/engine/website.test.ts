/**
 * The `website` question and contact field kind: a web address as people type it, refused with
 * `invalid_website` when it cannot be a company's site.
 */
import { describe, expect, it } from 'vitest';
import { isWebsite, lintFlow, loadFlow, prefillAnswers, startFlow, validateStep, type Flow, type Step } from '../../src/engine/index.ts';

const flowOf = (steps: unknown[], extra: Record<string, unknown> = {}): Flow => {
  const loaded = loadFlow({ id: 'site', version: 1, locales: ['de', 'en'], ...extra, steps: [...steps, { id: 'done', type: 'end', title: 'Danke' }] });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return loaded.value;
};

describe('isWebsite', () => {
  it.each([
    'acme.com',
    'www.acme.de',
    'acme.co.uk/de/kontakt',
    'https://acme.com',
    'HTTP://Acme.COM/',
    'https://www.acme.de/de?ref=1#top',
    '  acme.com  ',
    'acme.com:8080',
    'bücher.de',
    'xn--bcher-kva.de',
    'shop.acme.museum',
    // A final dot, as in DNS: copied with the example's full stop ("z. B. firma.de.").
    'acme.com.',
  ])('takes %j', (value) => expect(isWebsite(value)).toBe(true));

  it.each([
    '',
    'acme',
    'localhost',
    'https://localhost:3000',
    '192.168.0.1',
    'https://10.0.0.1/admin',
    'acme.c',
    'acme.123',
    'acme .com',
    'https://acme.com/a b',
    'ftp://acme.com',
    'mailto:ada@acme.com',
    'ada@acme.com',
    'javascript:alert(1)',
    'https://user:secret@acme.com',
    'user@acme.com/path',
    'acme.com..',
    'https://',
    'http:/acme',
  ])('refuses %j', (value) => expect(isWebsite(value)).toBe(false));
});

describe('a website question', () => {
  const site = { id: 'site', type: 'website', title: 'Ihre Website?' };

  it('loads, with a placeholder, and refuses an unknown property by name', () => {
    expect(flowOf([{ ...site, placeholder: 'acme.com' }]).steps[0]).toMatchObject({ type: 'website', placeholder: 'acme.com' });
    const broken = loadFlow({ id: 'x', version: 1, locales: ['de'], steps: [{ ...site, maxLength: 80 }, { id: 'done', type: 'end', title: 'Danke' }] });
    expect(broken.ok).toBe(false);
    expect(JSON.stringify(!broken.ok && broken.issues)).toContain('maxLength');
  });

  it('is required by default; an address it cannot be is invalid_website, one past 500 characters too_long', () => {
    const step = flowOf([site]).steps[0]! as Step;
    expect(validateStep(step, {}).map((i) => i.code)).toEqual(['required']);
    expect(validateStep(step, { site: 'acme' })).toEqual([{ code: 'invalid_website', question: 'site' }]);
    expect(validateStep(step, { site: 'acme.com' })).toEqual([]);
    expect(validateStep(step, { site: `acme.com/${'a'.repeat(500)}` }).map((i) => i.code)).toEqual(['too_long']);
    expect(validateStep({ ...step, required: false } as Step, {})).toEqual([]);
  });

  it('as a contact field: checked the same way, its answer under the field id', () => {
    const step = flowOf([{ id: 'contact', type: 'contact', title: 'Kontakt', fields: [{ id: 'email', kind: 'email' }, { id: 'web', kind: 'website', required: false }] }]).steps[0]! as Step;
    expect(validateStep(step, { email: 'ada@acme.com', web: 'acme' })).toEqual([{ code: 'invalid_website', question: 'web' }]);
    expect(validateStep(step, { email: 'ada@acme.com', web: 'www.acme.com' })).toEqual([]);
    expect(validateStep(step, { email: 'ada@acme.com' })).toEqual([]);
  });

  it('takes a prefill from the URL as text', () => {
    const flow = flowOf([{ ...site, prefill: 'website' }]);
    expect(prefillAnswers(flow, new URLSearchParams('website=acme.com'))).toEqual({ site: 'acme.com' });
    expect(startFlow(flow).answers).toEqual({});
  });

  it('the linter names its error message where a French flow has none', () => {
    const issues = lintFlow(flowOf([site], { locales: ['fr'], title: 'Site' }));
    const untranslated = issues.filter((issue) => issue.code === 'untranslated_messages');
    expect(JSON.stringify(untranslated)).toContain('invalid_website');
  });
});
