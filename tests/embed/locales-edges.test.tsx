import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanupMounted, host, mountWidget, shadowOf } from './support/harness.ts';

afterEach(() => {
  cleanupMounted();
  document.documentElement.removeAttribute('lang');
});

/** A flow offered in the given locales, its one question titled per locale. */
const flowIn = (titles: Record<string, string>) => ({
  id: 'locales',
  version: 1,
  locales: Object.keys(titles),
  webhook: 'https://hooks.example.test/lead',
  steps: [
    { id: 'company', type: 'short_text', title: titles },
    { id: 'done', type: 'end', title: 'OK' },
  ],
});

/**
 * The language an element is spoken in: its own `lang`, else its nearest ancestor's, across
 * the shadow boundary to the host and the page (as the accessibility tree inherits it).
 */
function languageOf(element: Element): string | null {
  for (let node: Node | null = element; node; ) {
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang');
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return null;
}

describe("the flow locale chosen for a visitor's browser languages", () => {
  it.each([
    [['de-AT', 'de', 'en'], ['en', 'de'], 'de'],
    [['de-CH'], ['en', 'de'], 'de'],
    [['en-GB', 'en'], ['de', 'en'], 'en'],
    [['en-US'], ['en-GB', 'en-US'], 'en-US'],
    [['pt-BR'], ['pt-PT', 'pt-BR', 'en'], 'pt-BR'],
    [['fr-FR', 'fr'], ['de', 'en'], 'de'],
    [['fr-FR', 'en-US'], ['de', 'en'], 'en'],
    [['DE-de'], ['en', 'de'], 'de'],
  ])('browser %j, flow %j: %s', async (languages, locales, expected) => {
    vi.spyOn(Navigator.prototype, 'languages', 'get').mockReturnValue(languages);
    const { element, of } = host();
    const titles = Object.fromEntries(locales.map((l) => [l, `Firma (${l})?`]));
    await mountWidget(element, { flow: flowIn(titles), locale: undefined }).ready;
    expect(of('ready')[0]?.locale).toBe(expected);
    expect(element.shadowRoot!.querySelector('[lang]')?.getAttribute('lang')).toBe(expected);
  });

  // Was: a visitor in Taiwan (browser `zh-TW`, or `zh-Hant-TW`) opens a flow written in
  // Simplified and Traditional Chinese (`"locales": ["zh-Hans", "zh-Hant"]`) and gets the
  // Simplified text, which they read as foreign. `zh-TW` implies the Traditional script;
  // they should get `zh-Hant`. pick-locale.ts:11-13 matches the exact tag, then only the
  // primary language subtag, so the first `zh-*` wins; comparing likely scripts
  // (`new Intl.Locale(tag).maximize().script`) before falling back to the language fixes it.
  it('gives a zh-TW visitor the Traditional Chinese (zh-Hant) text, not Simplified', async () => {
    vi.spyOn(Navigator.prototype, 'languages', 'get').mockReturnValue(['zh-TW', 'zh']);
    const { element, of } = host();
    await mountWidget(element, { flow: flowIn({ 'zh-Hans': '您的公司？', 'zh-Hant': '您的公司？（繁體）' }), locale: undefined }).ready;
    expect(of('ready')[0]?.locale).toBe('zh-Hant');
  });

  // Was: a Swiss company writes its flow for Switzerland first and Germany second
  // (`"locales": ["de-CH", "de", "en"]`). A visitor from Germany (browser `de-DE`) gets the Swiss
  // texts and Swiss number format (1'500, no ß) although the plain German version is there.
  // RFC 4647 lookup truncates `de-DE` to `de` and finds it; pick-locale.ts:12-13 instead takes
  // the first flow locale of the same language. Prefer an exact language-only tag before
  // another region.
  it('gives a de-DE visitor the flow\'s plain "de" texts, not the "de-CH" ones listed first', async () => {
    vi.spyOn(Navigator.prototype, 'languages', 'get').mockReturnValue(['de-DE', 'de']);
    const { element, of } = host();
    await mountWidget(element, { flow: flowIn({ 'de-CH': 'Firma (Schweiz)?', de: 'Firma?', en: 'Company?' }), locale: undefined }).ready;
    expect(of('ready')[0]?.locale).toBe('de');
  });
});

describe('the language of the popup around the form', () => {
  // Was: a German widget (`data-leadflow-locale="de"`) opened as a popup on an English page
  // (`<html lang="en">`): the close button is named "Schließen" and the dialog by the German
  // flow title, but both sit outside the `lang="de"` section, inside the shadow root of a host
  // on an English page, so a screen reader speaks "Schließen" with English rules. The bubble's
  // "Formular öffnen" button likewise. mount.tsx:110 sets `dir` on the container but not
  // `lang` (only widget.tsx's inner <section> has it); set `container.lang = locale` too.
  it('speaks the close button of a German popup in German on an English page', async () => {
    document.documentElement.lang = 'en';
    const { element } = host();
    const handle = mountWidget(element, { mode: 'popup', locale: 'de' });
    await handle.ready;
    handle.open();
    const close = await shadowOf(element).findByRole('button', { name: 'Schließen', hidden: true });
    expect(languageOf(close)).toBe('de');
  });

  it("speaks the built-in English close and bubble buttons of a French flow in English", async () => {
    const { element } = host();
    const handle = mountWidget(element, { flow: flowIn({ fr: 'Votre entreprise ?' }), mode: 'bubble', locale: 'fr' });
    await handle.ready;
    const bubble = await shadowOf(element).findByRole('button', { name: 'Open the form', hidden: true });
    expect(languageOf(bubble)).toBe('en');
    handle.open();
    expect(languageOf(await shadowOf(element).findByRole('button', { name: 'Close', hidden: true }))).toBe('en');
    expect(languageOf(await shadowOf(element).findByRole('heading', { name: 'Votre entreprise ?', hidden: true }))).toBe('fr');
  });
});
