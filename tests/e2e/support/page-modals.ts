import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { chooseRadio, focusInfo, tabTo } from './modes-pages.ts';
import type { StaticServer } from './static-server.ts';

/**
 * The page's own JavaScript modals and focus traps next to LeadFlow's overlays, for
 * tests/e2e/page-modals-edges.test.ts. The libraries are no dependencies of the project: their
 * browser builds are vendored in tests/e2e/fixtures/ (MIT, headers kept, only the
 * `sourceMappingURL` line dropped), or, where the licence is not MIT, re-written below.
 */

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** Serves the vendored libraries on `site`: `/vendor/bootstrap.js`, `/vendor/tabbable.js`, `/vendor/focus-trap.js`. */
export function serveLibraries(site: StaticServer): void {
  const js = (body: string) => ({ body, contentType: 'text/javascript; charset=utf-8' });
  // bootstrap.min.js (not the bundle): Modal and Offcanvas need no Popper.
  site.route('/vendor/bootstrap.js', js(fixture('bootstrap-5.3.9.min.js')));
  site.route('/vendor/tabbable.js', js(fixture('tabbable-6.5.2.umd.min.js')));
  site.route('/vendor/focus-trap.js', js(fixture('focus-trap-8.2.4.umd.min.js')));
}

/**
 * What of bootstrap.min.css the JavaScript relies on (232 KB are not needed for it): a hidden
 * modal is `display: none` until the script shows it, an offcanvas hidden until `.show`.
 */
export const BOOTSTRAP_CSS = `<style>
.modal { position: fixed; inset: 0; z-index: 1055; display: none; overflow: auto; }
.modal-dialog { background: #fff; margin: 40px auto; max-width: 500px; padding: 16px; }
.modal-backdrop { position: fixed; inset: 0; z-index: 1050; background: #000; opacity: .5; }
.offcanvas { position: fixed; top: 0; right: 0; bottom: 0; width: 400px; z-index: 1045; background: #fff; visibility: hidden; }
.offcanvas.showing, .offcanvas.show:not(.hiding) { visibility: visible; }
.offcanvas-backdrop { position: fixed; inset: 0; z-index: 1040; background: #000; opacity: .5; }
</style>`;

export const BOOTSTRAP = '<script src="/vendor/bootstrap.js"></script>';
export const FOCUS_TRAP = '<script src="/vendor/tabbable.js"></script><script src="/vendor/focus-trap.js"></script>';

/**
 * Micromodal 0.7.0 (ISC, so re-written rather than vendored), the listeners a shown modal adds,
 * as its `src/index.js` has them: a click and a keydown listener on the modal (Escape closes it;
 * Tab on its last or first control wraps), and a keydown listener on `document` for focus that
 * is not in the modal (Escape closes it; Tab focuses the modal's first control and is cancelled).
 * `MicroModal.show(id)` / `MicroModal.close()`; openers `data-micromodal-trigger="id"`, closers
 * `data-micromodal-close`; the modal gets `.is-open` and `aria-hidden="false"` while shown.
 */
export const MICROMODAL = `<script>
window.MicroModal = (function () {
  var FOCUSABLE = ['a[href]', 'area[href]', 'input:not([disabled]):not([type="hidden"]):not([aria-hidden])', 'select:not([disabled]):not([aria-hidden])',
    'textarea:not([disabled]):not([aria-hidden])', 'button:not([disabled]):not([aria-hidden])', 'iframe', 'object', 'embed', '[contenteditable]', '[tabindex]:not([tabindex^="-"])'];
  var shown = null;
  var focusable = function (modal) { return Array.prototype.slice.call(modal.querySelectorAll(FOCUSABLE)); };
  var direct = function (el, modal) { return el === modal || el.parentNode === modal; };
  function retainFocus(event, where) {
    var nodes = focusable(shown.modal);
    if (!nodes.length) return;
    nodes = nodes.filter(function (node) { return node.offsetParent !== null; });
    if (where === 'outside') { nodes[0].focus(); event.preventDefault(); return; }
    var index = nodes.indexOf(document.activeElement);
    if (event.shiftKey && index === 0) { nodes[nodes.length - 1].focus(); event.preventDefault(); }
    if (!event.shiftKey && nodes.length > 0 && index === nodes.length - 1) { nodes[0].focus(); event.preventDefault(); }
  }
  function onClick(event) {
    var inside = direct(event.target, shown.modal);
    var closer = event.target.closest('[data-micromodal-close]');
    if ((event.target.hasAttribute('data-micromodal-close') && inside) || (closer !== null && !direct(closer, shown.modal) && !inside)) {
      event.preventDefault(); event.stopPropagation(); close();
    }
  }
  function onKeydown(event) {
    if (event.key === 'Escape' && !shown.modal.querySelector('[role="alertdialog"]')) close();
    if (event.key === 'Tab') retainFocus(event, 'inside');
  }
  function onDocumentKeydown(event) {
    if (shown.modal.contains(document.activeElement)) return;
    if (event.key === 'Escape' && !shown.modal.querySelector('[role="alertdialog"]')) close();
    if (event.key === 'Tab') retainFocus(event, 'outside');
  }
  function show(id) {
    var modal = document.getElementById(id);
    if (shown) return;
    shown = { modal: modal, previous: document.activeElement };
    modal.setAttribute('aria-hidden', 'false');
    modal.classList.add('is-open');
    modal.addEventListener('click', onClick);
    modal.addEventListener('keydown', onKeydown);
    document.addEventListener('keydown', onDocumentKeydown);
    var first = focusable(modal).filter(function (node) { return !node.hasAttribute('data-micromodal-close'); })[0];
    if (first) first.focus();
  }
  function close() {
    if (!shown) return;
    var modal = shown.modal, previous = shown.previous;
    shown = null;
    modal.setAttribute('aria-hidden', 'true');
    modal.removeEventListener('click', onClick);
    modal.removeEventListener('keydown', onKeydown);
    document.removeEventListener('keydown', onDocumentKeydown);
    if (previous && previous.focus) previous.focus();
    modal.classList.remove('is-open');
  }
  document.addEventListener('click', function (event) {
    var trigger = event.target.closest && event.target.closest('[data-micromodal-trigger]');
    if (trigger) show(trigger.getAttribute('data-micromodal-trigger'));
  });
  return { show: show, close: close };
})();
</script>
<style>.micromodal { display: none; } .micromodal.is-open { display: block; position: fixed; inset: 0; background: rgba(0, 0, 0, .5); }
.micromodal [role="dialog"] { background: #fff; margin: 40px auto; max-width: 500px; padding: 16px; }</style>`;

export const FLOW_TITLE = 'Angebot anfragen';
export const FIRST_QUESTION = 'Welche Rolle haben Sie?';
export const ROLE = 'Ich entscheide';
export const CONTACT_QUESTION = 'Wie erreichen wir Sie?';
export const END_TITLE = 'Danke, wir melden uns!';
export const EMAIL = 'lea.kraus@example.de';

/** A short German flow with the controls a keyboard user must reach: radios, a text field, buttons. */
export const quoteFlow = () => ({
  id: 'page-modals',
  version: 1,
  title: FLOW_TITLE,
  locales: ['de'],
  steps: [
    {
      id: 'role',
      type: 'single_choice',
      title: FIRST_QUESTION,
      options: [
        { id: 'sign_off', label: ROLE },
        { id: 'research', label: 'Ich recherchiere nur' },
      ],
    },
    { id: 'contact', type: 'contact', title: CONTACT_QUESTION, fields: [{ id: 'email', kind: 'email' }] },
    { id: 'done', type: 'end', title: END_TITLE },
  ],
});

/** What a lead's body holds that these tests read. */
export interface Lead {
  data: { answers: Record<string, { value: unknown }>; contact: Record<string, string> };
}

/**
 * A keyboard-only visitor answers the flow in the widget `hostId`, where focus already is (on
 * its question, after it opened): Tab to the options, arrows and Space to choose, Tab to Next and
 * Enter, Tab to the e-mail field and type, Shift+Tab back and forth, Enter on Submit. Each step
 * fails saying where focus went instead.
 */
export async function answerByKeyboard(page: Page, hostId: string): Promise<void> {
  const here = async (what: string) => expect(await focusInfo(page), what).toMatchObject({ where: 'widget', id: hostId });
  await here('focus after opening');
  await chooseRadio(page, new RegExp(ROLE));
  await here('focus on the option chosen with Space');
  const next = await tabTo(page, /^Weiter$/, 4);
  expect(next.every((stop) => stop.where === 'widget' && stop.id === hostId), `Tab stops: ${JSON.stringify(next)}`).toBe(true);
  await page.keyboard.press('Enter');
  await expect.poll(() => focusInfo(page), { message: 'focus on the next question' }).toMatchObject({ where: 'widget', id: hostId, name: CONTACT_QUESTION });
  await tabTo(page, /E-Mail/, 3);
  await page.keyboard.type(EMAIL);
  await tabTo(page, /^Absenden$/, 3);
  await page.keyboard.press('Shift+Tab');
  await here('focus after Shift+Tab from Submit');
  await tabTo(page, /^Absenden$/, 3);
  await page.keyboard.press('Enter');
  await page.locator(`#${hostId}`).getByRole('heading', { name: END_TITLE }).waitFor({ timeout: 3_000 });
}

/** The widget's open state as the page sees it (`data-leadflow-state`), and whether its `<dialog>` is open. */
export const widgetOpen = (page: Page, hostId: string): Promise<{ state: string | null; dialog: boolean }> =>
  page.evaluate((id) => {
    const host = document.getElementById(id)!;
    return { state: host.getAttribute('data-leadflow-state'), dialog: Boolean(host.shadowRoot?.querySelector('dialog')?.open) };
  }, hostId);
