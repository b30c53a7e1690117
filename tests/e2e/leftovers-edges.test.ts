import { describe, expect, inject, it } from 'vitest';
import { SCRIPT_TAG, demoFlowJson, widgetElement } from './support/embed-pages.ts';
import { inlineFlow, landingPage } from './support/pages.ts';
import { browserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

/** Earlier stops' leftovers, fixed, as a visitor sees them in Chromium. */
describe.skipIf(!chromiumPath)('leftovers of earlier stops, in Chromium', () => {
  const suite = browserSuite(chromiumPath, { shareContexts: true });

  // Was: the options' shortcut badges are a CSS counter, so the 27th option showed "AA", the
  // 28th "AB", which no key picks (only A–Z do).
  it('shows shortcut badges A–Z only: options past Z keep the badge room but show none', async () => {
    const options = Array.from({ length: 30 }, (_, i) => ({ id: `o${i + 1}`, label: `Option ${i + 1}` }));
    const flow = { id: 'many', version: 1, steps: [{ id: 'pick', type: 'single_choice', title: 'Pick one', options }, { id: 'done', type: 'end', title: 'Thanks' }] };
    const { page } = await suite.sessions.open();
    await page.goto(suite.site.page('/many-options.html', landingPage(inlineFlow('flow', flow) + widgetElement({ '': '#flow', webhook: suite.receiver.url, locale: 'en' }) + SCRIPT_TAG)));
    await page.getByRole('radio', { name: 'Option 30' }).waitFor();
    const badges = await page.evaluate(() =>
      [...document.querySelector('[data-leadflow]')!.shadowRoot!.querySelectorAll('.lf-keyed')].map((label) => {
        const badge = getComputedStyle(label, '::before');
        return { shown: badge.visibility === 'visible' && badge.content !== 'none', left: label.getBoundingClientRect().left, text: label.textContent };
      }),
    );
    expect(badges.filter((badge) => badge.shown).map((badge) => badge.text)).toEqual(options.slice(0, 26).map((option) => option.label));
    // The labels still line up: a hidden badge keeps its room.
    expect(new Set(badges.map((badge) => Math.round(badge.left))).size).toBe(1);
    // And a key still picks only A–Z.
    await page.getByRole('radio', { name: 'Option 1', exact: true }).focus();
    await page.keyboard.press('z');
    await expect.poll(() => page.getByRole('radio', { name: 'Option 26' }).isChecked()).toBe(true);
  });

  // Was (noticed by the several-widgets audit): the document's click listener saw only a web
  // component as the target, so an opener button inside its shadow root opened nothing.
  it('opens a popup from an opener inside a web component', async () => {
    const cta = `<script>
customElements.define('cta-box', class extends HTMLElement {
  connectedCallback() { this.attachShadow({ mode: 'open' }).innerHTML = '<p>Neugierig?</p><button type="button" data-leadflow-open="#pop"><span>Projekt anfragen</span></button>'; }
});
</script><cta-box></cta-box>`;
    const popup = widgetElement({ '=id': 'pop', '': '#flow', mode: 'popup', webhook: suite.receiver.url, locale: 'de' });
    const { page } = await suite.sessions.open();
    await page.goto(suite.site.page('/opener-in-component.html', landingPage(cta + inlineFlow('flow', demoFlowJson()) + popup + SCRIPT_TAG)));
    await page.waitForFunction(() => (window as unknown as { LeadFlow?: { version?: string } }).LeadFlow?.version);
    await page.getByRole('button', { name: 'Projekt anfragen' }).click();
    await expect.poll(() => page.locator('#pop').getAttribute('data-leadflow-state')).toBe('open');
    await page.getByRole('dialog').getByRole('heading', { level: 2 }).waitFor();
  });

  // Was: an optional slider answered its middle value as soon as it was shown.
  it('sends what a press on an optional slider chose, and nothing for one skipped', async () => {
    const slider = (id: string) => ({ id, type: 'range', title: `Slider ${id}`, min: 0, max: 200, step: 10, required: false });
    const flow = { id: 'sliders', version: 1, steps: [slider('a'), slider('b'), { id: 'done', type: 'end', title: 'Thanks' }] };
    const { page } = await suite.sessions.open();
    await page.goto(suite.site.page('/optional-sliders.html', landingPage(inlineFlow('flow', flow) + widgetElement({ '': '#flow', webhook: suite.receiver.url, locale: 'en', 'min-fill-ms': 0 }) + SCRIPT_TAG)));
    const first = page.getByRole('slider', { name: 'Slider a' });
    const box = (await first.boundingBox())!;
    // A press on the track at a fifth of its width: the thumb jumps there (about 40) and that is the answer.
    await page.mouse.click(box.x + box.width / 5, box.y + box.height / 2);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('slider', { name: 'Slider b' }).waitFor();
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Thanks' }).waitFor();
    await expect.poll(() => suite.receiver.posts().filter((r) => r.path === '/webhook' && r.status === 200).length, { timeout: 5000 }).toBe(1);
    const answers = (suite.receiver.posts()[0]!.body as { data: { answers: Record<string, { value: unknown }> } }).data.answers;
    expect(Object.keys(answers)).toEqual(['a']);
    expect(answers['a']!.value).toBeGreaterThanOrEqual(30);
    expect(answers['a']!.value).toBeLessThanOrEqual(50);
  });
});
