import { afterEach, describe, expect, it, vi } from 'vitest';
import { restoreAfterMove, watchFocus } from '../../src/embed/moved-widget.ts';

/**
 * jsdom neither blurs what leaves the document nor has a top layer, so the browser's part is
 * played here: a `focusout` with no `relatedTarget` and focus on <body>, as Chromium does when a
 * single-page app moves the widget (tests/e2e/modes.test.ts checks the real thing).
 */
function widget() {
  const host = document.body.appendChild(document.createElement('div'));
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = '<label>E-Mail <input id="email"></label><button id="next">Weiter</button>';
  const stop = watchFocus(root);
  const email = root.getElementById('email') as HTMLInputElement;
  const page = document.body.appendChild(document.createElement('input'));
  /** What the browser does to focus while the widget is out of the document for a moment. */
  const movedAway = () => {
    email.focus();
    email.blur();
    email.dispatchEvent(new FocusEvent('focusout', { bubbles: true, composed: true, relatedTarget: null }));
  };
  return { host, root, email, page, stop, movedAway };
}
const focusedIn = (root: ShadowRoot) => root.activeElement?.id ?? (document.activeElement === document.body ? 'body' : document.activeElement?.tagName);

afterEach(() => {
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('a widget moved in the page', () => {
  it('gets focus back where the visitor was, in the same task as the move', () => {
    const { root, movedAway } = widget();
    movedAway();
    expect(focusedIn(root)).toBe('body');
    restoreAfterMove(document, [root]);
    expect(focusedIn(root)).toBe('email');
  });

  it('does not take focus back once the task is over: a later move after a click on the page leaves it', () => {
    vi.useFakeTimers();
    const { root, movedAway } = widget();
    movedAway();
    vi.runAllTimers();
    restoreAfterMove(document, [root]);
    expect(focusedIn(root)).toBe('body');
  });

  it('does not take focus from the page when something there has it already', () => {
    const { root, page, movedAway } = widget();
    movedAway();
    page.focus();
    restoreAfterMove(document, [root]);
    expect(document.activeElement).toBe(page);
  });

  it('does not remember focus that went somewhere (Tab to the page), nor after its watch stopped', () => {
    const { root, email, page, stop, movedAway } = widget();
    email.focus();
    page.focus(); // focusout with the page's field as relatedTarget
    page.blur();
    restoreAfterMove(document, [root]);
    expect(focusedIn(root)).toBe('body');

    stop();
    movedAway();
    restoreAfterMove(document, [root]);
    expect(focusedIn(root)).toBe('body');
  });

  it('does not take focus back after the visitor pressed outside the widget (a tap blurs and clicks in one task)', () => {
    vi.useFakeTimers();
    const { root, email, movedAway } = widget();
    const press = (where: Element) => where.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    email.focus();
    press(document.body);
    movedAway();
    restoreAfterMove(document, [root]);
    expect(focusedIn(root)).toBe('body');
    vi.runAllTimers();

    // Back in the form by a press inside it, a move gives focus back again.
    press(email);
    movedAway();
    restoreAfterMove(document, [root]);
    expect(focusedIn(root)).toBe('email');
    vi.runAllTimers();

    // And back in it by keyboard after a press outside.
    press(document.body);
    email.blur();
    email.focus();
    movedAway();
    restoreAfterMove(document, [root]);
    expect(focusedIn(root)).toBe('email');
  });

  it('gives focus back to the widget that had it when a batch moved several', () => {
    const first = widget();
    const second = widget();
    second.movedAway();
    restoreAfterMove(document, [second.root, first.root]);
    expect(focusedIn(second.root)).toBe('email');
    expect(first.root.activeElement).toBeNull();
  });

  it('does nothing for a batch that moved no widget', () => {
    const { page } = widget();
    page.focus();
    restoreAfterMove(document, []);
    expect(document.activeElement).toBe(page);
  });

  it('does not focus an element that left the widget meanwhile (the step changed)', () => {
    const { root, email, movedAway } = widget();
    movedAway();
    email.closest('label')!.remove();
    restoreAfterMove(document, [root]);
    expect(focusedIn(root)).toBe('body');
  });
});
