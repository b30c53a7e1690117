import { screen } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/delivery/index.ts';
import { install, type LeadFlowApi, type LeadFlowHandle } from '../../src/embed/index.ts';
import { mount } from '../../src/embed/mount.tsx';
import { createPageOutbox } from '../../src/embed/page-outbox.ts';
import { demoJsonCopy, flowFrom, renderWidget } from './fixtures.tsx';

/** The language a screen reader speaks an element in: its own or its nearest ancestor's `lang`. */
const languageOf = (element: Element): string | null => element.closest('[lang]')?.getAttribute('lang') ?? null;

const WEBHOOK = 'https://hooks.example.test/lead';
const mounted: LeadFlowHandle[] = [];
let api: LeadFlowApi;

// install() watches the document for the page's lifetime: once per file, as api-edges does.
beforeAll(() => {
  api = install(window);
});

afterEach(() => {
  for (const handle of mounted.splice(0)) handle.unmount();
});

describe('languages of parts, left out', () => {
  // Was (found by a review of this change, fixed since): a flow in French and English gives its own required message in English only
  // (`errors: { required: { en: … } }`). A French visitor sees that English sentence (the
  // fallback, as customError() in src/ui/questions/question-props.ts intends: no built-in French)
  // inside `lang="fr"`, so a French screen reader mispronounces it — the WCAG 3.1.2 case this
  // change fixed for titles, options and built-in strings. Cause: src/ui/questions/parts.tsx:31
  // gives a custom message no `lang` at all ("a flow's own message is in the visitor's language"),
  // though it went through the same fallback as every other flow text. The fix: have customError()
  // return the message's language too (`model.lang(own)`) and put it on the error paragraph.
  it("marks a flow's own error message shown in its fallback language with that language", async () => {
    const flow = flowFrom({
      id: 'fr-error-fallback',
      version: 1,
      locales: ['fr', 'en'],
      steps: [
        {
          id: 'company',
          type: 'short_text',
          title: { fr: 'Votre entreprise ?', en: 'Your company?' },
          errors: { required: { en: 'Please tell us your company.' } },
        },
        { id: 'done', type: 'end', title: { fr: 'Merci !', en: 'Thanks!' } },
      ],
    });
    const { user } = renderWidget({ flow, locale: 'fr' });
    await screen.findByRole('heading', { level: 2, name: 'Votre entreprise ?' });
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(languageOf(await screen.findByText('Please tell us your company.'))).toBe('en');
  });

  // Was (found by a review of this change, fixed since): a bubble whose flow title is missing in the visitor's language shows the title's
  // fallback ("Beratung anfragen") on the floating button, inside `lang="en"`: an English
  // screen reader reads the German words with English rules. Cause: src/ui/overlay.tsx:77 sets
  // `lang` on the bubble only for the built-in "open form" text (`label ? undefined :
  // messages.lang`); the label comes from `widget.model.text(flow.title)` in
  // src/embed/mount.tsx:157, whose language is dropped on the way. The fix: pass
  // `model.lang(flow.title)` along with the label (Frame → Overlay) and set it on the bubble
  // (and the dialog, whose accessible name is the same title).
  it("marks the bubble's flow title shown in its fallback language with that language", async () => {
    const element = document.createElement('div');
    document.body.append(element);
    const outbox = createPageOutbox(window, { storage: memoryStorage() });
    const json = {
      id: 'bubble-title-fallback',
      version: 1,
      locales: ['en', 'de'],
      webhook: WEBHOOK,
      title: { de: 'Beratung anfragen' },
      steps: [
        { id: 'company', type: 'short_text', title: { en: 'Your company?', de: 'Ihre Firma?' } },
        { id: 'done', type: 'end', title: { en: 'Thanks!', de: 'Danke!' } },
      ],
    };
    const handle = mount(element, { flow: json, webhook: WEBHOOK, locale: 'en', mode: 'bubble' }, outbox);
    mounted.push(handle, { ready: Promise.resolve(), open() {}, close() {}, unmount: () => outbox.dispose() });
    await handle.ready;
    const bubble = element.shadowRoot!.querySelector('.lf-bubble')!;
    expect(bubble.textContent).toBe('Beratung anfragen');
    expect(languageOf(bubble)).toBe('de');
  });
});

describe('a second mount of an element the script tag mounted', () => {
  // Was (found by a review of this change, fixed since): the script tag mounts a popup (`<div id="offer" data-leadflow … data-leadflow-mode=
  // "popup">`); the app's ES module mounts the same element again (to add callbacks), which now
  // replaces the widget (Symbol.for('leadflow.widget') in src/embed/mount.tsx:46). From then on
  // the page's "Angebot anfordern" buttons (`data-leadflow-open="#offer"`) and
  // LeadFlow.open('#offer') do nothing: src/embed/install.ts:63-65 `find()` looks the element up in
  // install's own `handles` map, which still holds the unmounted first handle, whose open() returns
  // at once. The fix: look the handle up under the shared key (`element[Symbol.for('leadflow.widget')]`)
  // before install's own map, so whichever copy mounted the widget last is the one opened,
  // closed and unmounted.
  it("LeadFlow.open() opens the module's widget that replaced the script tag's", async () => {
    const element = document.createElement('div');
    element.id = 'offer';
    document.body.append(element);
    const options = { flow: demoJsonCopy(), webhook: WEBHOOK, locale: 'de', mode: 'popup' as const };
    await api.mount(element, options).ready;
    const second = mount(element, { ...options, flow: demoJsonCopy() });
    mounted.push(second);
    await second.ready;
    expect(element.shadowRoot!.querySelectorAll('dialog')).toHaveLength(1);
    api.open('#offer');
    expect(element.getAttribute('data-leadflow-state')).toBe('open');
  });
});
