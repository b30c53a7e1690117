import { deepActiveElement, liftAgain } from '../ui/index.ts';

/** What lost focus because its widget left the document, by the widget's shadow root. */
const lostFocus = new WeakMap<ShadowRoot, HTMLElement>();

/**
 * Remembers, until the end of the task, what in `root` lost focus to nothing: a single-page app
 * moving the widget takes it out of the document for a moment, and the browser blurs what had
 * focus there (to `<body>`, no `relatedTarget`), so a visitor typing in the form, or in an open
 * popup, would lose their place. Not when the visitor took focus away themselves: a press
 * outside the widget (a tap's blur and click can come in one task) or Tab to something else.
 * Returns the undo.
 */
export function watchFocus(root: ShadowRoot): () => void {
  let pressedOutside = false;
  const listening = new AbortController();
  const { signal } = listening;
  root.host.ownerDocument.addEventListener('pointerdown', (event) => (pressedOutside = !event.composedPath().includes(root.host)), { capture: true, signal });
  root.addEventListener('focusin', () => (pressedOutside = false), { signal });
  root.addEventListener(
    'focusout',
    (event) => {
      if ((event as FocusEvent).relatedTarget || pressedOutside) return;
      lostFocus.set(root, event.target as HTMLElement);
      // The move's MutationObserver callback runs before this task ends.
      setTimeout(() => lostFocus.delete(root), 0);
    },
    { signal },
  );
  return () => listening.abort();
}

/**
 * After a single-page app moved widgets in the page (all that one batch of DOM changes moved):
 * their bubbles, open panels and modal dialogs go back into the top layer (see `liftAgain`), and
 * focus goes back where it was — into the widget that lost it, or stays in the page where the
 * visitor was typing (showing a dialog again would focus it).
 */
export function restoreAfterMove(doc: Document, roots: ShadowRoot[]): void {
  const before = deepActiveElement(doc);
  // The widget that had focus was on top (a modal dialog makes the rest of the page inert, a
  // page's modal too): it goes back last, over the others and over a modal the page has open.
  const focused = roots.find((root) => lostFocus.has(root));
  for (const root of roots) if (root !== focused) liftAgain(root, false);
  if (focused) liftAgain(focused, true);
  const element = !before || before === doc.body ? focused && lostFocus.get(focused) : before;
  if (element?.isConnected && deepActiveElement(doc) !== element) element.focus({ preventScroll: true });
}

const MOVES = Symbol.for('leadflow.moves');

interface Moves {
  widgets: Map<Element, ShadowRoot>;
  observer: MutationObserver;
}

/**
 * Watches the document for a single-page app moving `element`'s widget (removed and put back in
 * one task: a keyed list reordered, a layout re-parented) and gives it back its top layer and
 * focus (`restoreAfterMove`). One observer per document for every widget, whoever mounted it
 * (the script tag, an app's ES module, another copy of LeadFlow). Returns the undo.
 */
export function watchMoves(element: Element, root: ShadowRoot): () => void {
  const doc = element.ownerDocument as Document & { [MOVES]?: Moves };
  let moves = doc[MOVES];
  if (!moves) {
    const widgets = new Map<Element, ShadowRoot>();
    const observer = new MutationObserver((records) => {
      if (records.some((record) => record.removedNodes.length))
        // By then a moved widget is back in the page (a removed one is not: its owner unmounts it).
        // Only one with something to put back (its bubble, an open dialog, focus it lost) is looked
        // for among the removed nodes: an app's list of 1,000 rows made 1,000 checks per widget.
        queueMicrotask(() => {
          const moved = [...widgets].flatMap(([host, shadow]) =>
            host.isConnected && (lostFocus.has(shadow) || shadow.querySelector('.lf-bubble, .lf-dialog[open]')) && records.some((record) => [...record.removedNodes].some((node) => node.contains(host))) ? [shadow] : [],
          );
          if (moved.length) restoreAfterMove(doc, moved);
        });
    });
    observer.observe(doc.documentElement, { childList: true, subtree: true });
    moves = doc[MOVES] = { widgets, observer };
  }
  const { widgets, observer } = moves;
  widgets.set(element, root);
  const stopFocus = watchFocus(root);
  return () => {
    stopFocus();
    widgets.delete(element);
    if (!widgets.size) {
      observer.disconnect();
      delete doc[MOVES];
    }
  };
}
