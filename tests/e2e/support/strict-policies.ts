import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { FlowJson } from './a11y-pages.ts';

/**
 * Helpers for tests/e2e/strict-policies-edges.test.ts: the policies a strict page serves, a flow
 * with every question type (and the features that could reach a CSP or Trusted Types sink:
 * an option picture, an "other" text, piping, a slider, a call to action), and the policy the
 * README says a host needs.
 */

/**
 * The strictest policy a page can serve that still lets LeadFlow's own requests through: nothing
 * by default (so `style-src` is `'none'`: no style attribute, no `<style>`, no nonce), the script
 * and pictures from the page's origin, requests to the page's origin and `connect`, Trusted Types
 * enforced with no policy allowed, and no form submission anywhere.
 */
export const strictPolicy = (connect: string): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    `connect-src 'self' ${connect}`,
    "img-src 'self'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');

/**
 * Every permission a page can deny in this Chromium (features it does not know are left out: it
 * warns about them), but `cross-origin-isolated`, which a COEP page needs to be isolated.
 */
export const DENY_ALL_PERMISSIONS = [
  'accelerometer', 'autoplay', 'browsing-topics', 'camera', 'clipboard-read', 'clipboard-write', 'compute-pressure',
  'display-capture', 'encrypted-media', 'fullscreen', 'gamepad', 'geolocation', 'gyroscope', 'hid',
  'identity-credentials-get', 'idle-detection', 'keyboard-map', 'local-fonts', 'magnetometer', 'microphone', 'midi',
  'otp-credentials', 'payment', 'picture-in-picture', 'publickey-credentials-create', 'publickey-credentials-get',
  'screen-wake-lock', 'serial', 'storage-access', 'sync-xhr', 'unload', 'usb', 'window-management', 'xr-spatial-tracking',
  'private-state-token-issuance', 'private-state-token-redemption', 'deferred-fetch', 'deferred-fetch-minimal',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/** A small picture for an option card (SVG: the static server serves strings). */
export const PICTURE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" fill="#0b6e4f"/></svg>';

/**
 * One step of every question type, with an option picture (`pictureUrl`) and icon, an "other"
 * option, a slider, a call to action, and titles piping the first answer given in text.
 */
export function everyTypeFlow(pictureUrl: string, extra: Record<string, unknown> = {}): FlowJson {
  return {
    id: 'strict-every-type',
    version: 1,
    title: { de: 'Projektanfrage', en: 'Project enquiry' },
    locales: ['de', 'en'],
    ...extra,
    steps: [
      {
        id: 'role',
        type: 'single_choice',
        title: 'Welche Rolle haben Sie?',
        options: [
          { id: 'decide', label: 'Ich entscheide', icon: '🚀', image: pictureUrl },
          { id: 'other', label: 'Etwas anderes', other: true },
        ],
      },
      { id: 'interests', type: 'multiple_choice', title: 'Welche Themen interessieren Sie?', options: [{ id: 'automation', label: 'Automatisierung' }, { id: 'reporting', label: 'Berichte' }] },
      { id: 'industry', type: 'dropdown', title: 'In welcher Branche arbeiten Sie?', options: [{ id: 'retail', label: 'Handel' }, { id: 'software', label: 'Software' }] },
      { id: 'first_name', type: 'short_text', title: 'Wie heißen Sie mit Vornamen?', maxLength: 40 },
      { id: 'message', type: 'long_text', title: 'Hallo {{answers.first_name}}, was sollen wir wissen?', maxLength: 200 },
      { id: 'work_email', type: 'email', title: 'Wie lautet Ihre geschäftliche E-Mail-Adresse?' },
      { id: 'phone', type: 'phone', title: 'Unter welcher Nummer erreichen wir Sie?' },
      { id: 'budget', type: 'number', title: 'Welches Budget ist eingeplant?', min: 0, max: 100000 },
      { id: 'team', type: 'range', title: 'Wie groß ist Ihr Team?', min: 0, max: 100, step: 10, unit: 'Personen' },
      { id: 'start', type: 'date', title: 'Wann soll es losgehen?', min: '2026-01-01', max: '2027-12-31' },
      { id: 'nps', type: 'rating', title: 'Wie wahrscheinlich empfehlen Sie uns weiter?', min: 0, max: 10 },
      { id: 'privacy', type: 'consent', title: 'Datenschutz', label: 'Ich bin einverstanden', privacyUrl: '/datenschutz' },
      { id: 'contact', type: 'contact', title: 'Wie dürfen wir Sie kontaktieren?', fields: [{ id: 'name', kind: 'name' }, { id: 'email', kind: 'email' }] },
      { id: 'summary', type: 'statement', title: 'Fast geschafft, {{answers.first_name}}' },
      { id: 'end', type: 'end', title: 'Danke, {{answers.first_name}}!', cta: { label: 'Termin buchen', url: 'https://cal.example/demo' } },
    ],
  } as FlowJson;
}

export interface ReadmeOrigins {
  script: string;
  flow: string;
  webhook: string;
  analytics: string;
  pictures: string;
}

/**
 * The policy README.md's "Content-Security-Policy" section says a host needs ("A host needs
 * only: …"), nothing else allowed: its first code block, each `<placeholder>` replaced by the
 * origin it names. A placeholder this does not recognise fails the test, so a reworded README
 * is noticed rather than read wrong.
 */
export function policyFromReadme(origins: ReadmeOrigins): string {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.split(/^### Content-Security-Policy$/m)[1]?.split(/^##/m)[0] ?? '';
  const block = /```[^\n]*\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no code block under "### Content-Security-Policy"');
  const policy = block.trim().replace(/<([^>]+)>/g, (_, placeholder: string) => {
    if (/leadflow\.js|script/i.test(placeholder)) return origins.script;
    if (/analytics|funnel/i.test(placeholder)) return origins.analytics;
    if (/picture|image|img/i.test(placeholder)) return origins.pictures;
    if (/webhook/i.test(placeholder)) return origins.webhook;
    if (/flow/i.test(placeholder)) return origins.flow;
    throw new Error(`README's CSP names a placeholder this test does not know: <${placeholder}>`);
  });
  return `default-src 'none'; ${policy}`;
}

/** Assigns HTML through a Trusted Types sink in the page, as a page script would: the control that the policy is enforced. */
export const pageAssignsHtml = (page: Page): Promise<string> =>
  page.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<b>page</b>';
      return 'assigned';
    } catch (error) {
      return (error as Error).name;
    }
  });

/**
 * The visitor switches to another tab: `visibilityState` becomes `hidden` and `visibilitychange`
 * fires, so the widget sends what it holds at once (funnel events wait up to 2 s otherwise).
 */
export const switchTabAway = (page: Page): Promise<void> =>
  page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });
