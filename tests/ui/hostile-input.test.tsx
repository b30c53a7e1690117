import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchTriggers } from '../../src/embed/triggers.ts';
import { cleanupMounted } from '../embed/support/harness.ts';
import { expectStep } from './fixtures.tsx';
import { mountFlow } from './support/bad-input.ts';

/**
 * Hostile or odd flow input in a widget mounted the way a page gets it, found by an audit after
 * xss.test.tsx and bad-input.test.tsx: each test was a bug, its comment says what went wrong.
 */

afterEach(() => {
  cleanupMounted();
  vi.restoreAllMocks();
});

const WEBHOOK = 'https://hooks.example.test/lead';

describe('locale tags that are names every object has', () => {
  // `"locales": ["toString"]` passes the schema (Intl.getCanonicalLocales accepts "toString":
  // a 5–8 letter language subtag) and `leadflow validate` says "ok". The widget then looks the
  // UI strings up with `uiMessages["toString"]` (src/ui/i18n/messages.ts, messagesFor), gets
  // Object.prototype.toString instead of undefined, and the first render throws
  // (`messages.progress` is undefined): the visitor gets "can't be loaded", the page a
  // `render_failed` error. Same with "valueOf", or `data-leadflow-locale="valueof"` on a flow
  // that lists it. (resolveText in src/engine/text.ts has the same inherited-key lookup.)
  it('shows a flow whose locale tag is "toString" (or refuses it when loading), never render_failed', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const w = await mountFlow({
      id: 'proto-locale',
      version: 1,
      locales: ['toString'],
      webhook: WEBHOOK,
      steps: [
        { id: 'note', type: 'short_text', title: 'Your note' },
        { id: 'done', type: 'end', title: 'Thanks' },
      ],
    });
    expect(w.of('error').map((e) => e.code)).not.toContain('render_failed');
  });
});

describe('answer piping', () => {
  // src/ui/model/flow-model.ts (pipe/shown) reads `pathAnswers(...)[id]` without an own-property
  // check: `{{answers.constructor}}` shows "function Object() { [native code] }" and
  // `{{answers.__proto__}}` "[object Object]" (text, not markup, but not an answer either). The
  // linter says such a pipe "shows nothing"; the browser loads the flow and shows the junk.
  it('pipes nothing for names every object has ({{answers.constructor}}, {{answers.__proto__}})', async () => {
    const w = await mountFlow({
      id: 'proto-pipe',
      version: 1,
      locales: ['en'],
      webhook: WEBHOOK,
      steps: [
        { id: 'note', type: 'short_text', title: 'Your note' },
        { id: 'echo', type: 'statement', title: 'You wrote {{answers.note}}[{{answers.constructor}}][{{answers.__proto__}}]' },
        { id: 'done', type: 'end', title: 'Thanks' },
      ],
    });
    const user = userEvent.setup();
    await user.type(await w.q.findByRole('textbox', { name: 'Your note' }), 'hi');
    await user.click(w.q.getByRole('button', { name: 'Next' }));
    await expectStep('You wrote hi[][]', w.q);
  });
});

describe("a flow's own error messages", () => {
  // fillMessage (src/ui/i18n/messages.ts) fills `{name}` / `{name:date}` from `params[name]`,
  // inherited members included, and formats dates without checking the value: a flow message
  // `"Bitte {toString:date}"` (or `{max:date}` on a number whose max is 1e16) makes
  // Intl.DateTimeFormat#format throw RangeError "Invalid time value" while the error renders.
  // The throw escapes the Next click into the host page, and the visitor sees no message at all.
  it('shows a custom message with an unknown {placeholder:date} as text, without throwing', async () => {
    const w = await mountFlow({
      id: 'proto-message',
      version: 1,
      locales: ['en'],
      webhook: WEBHOOK,
      steps: [
        { id: 'note', type: 'short_text', title: 'Your note', errors: { required: 'Please write {toString:date}' } },
        { id: 'done', type: 'end', title: 'Thanks' },
      ],
    });
    const user = userEvent.setup();
    await user.click(await w.q.findByRole('button', { name: 'Submit' }));
    await vi.waitFor(() => expect(w.root.querySelector('.lf-error')?.textContent).toMatch(/^Error: Please write/));
  });
});

describe('data-leadflow-trigger', () => {
  // src/embed/triggers.ts passes `seconds * 1000` to setTimeout unchecked: above 2^31-1 ms
  // (about 24.8 days, e.g. `timer:3000000` meant as "practically never") browsers and Node
  // overflow it to 0 and the popup opens at once. Confirmed in Chromium with dist/leadflow.js
  // (`data-leadflow-state="open"` right after load); `timer:` with no number opens at once too.
  it('does not open a popup at once for a timer longer than setTimeout can hold', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const open = vi.fn();
    const stop = watchTriggers('timer:3000000', window, open);
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    expect(open).not.toHaveBeenCalled();
  });
});
