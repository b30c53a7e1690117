import { liftAgain } from '../ui/index.ts';

/** What lost focus because its widget left the document, by the widget's shadow root. */
const lostFocus = new WeakMap<ShadowRoot, HTMLElement>();

/**
 * Remembers, until the end of the task, what in `root` lost focus to nothing (no
 * `relatedTarget`): a single-page app moving the widget takes it out of the document for a
 * moment, and the browser blurs what had focus there (focus falls to `<body>`), so a visitor
 * typing in the form, or in an open popup, would lose their place. Returns the undo.
 */
export function watchFocus(root: ShadowRoot): () => void {
  const onFocusOut = (event: Event) => {
    if ((event as FocusEvent).relatedTarget) return;
    lostFocus.set(root, event.target as HTMLElement);
    // The move's MutationObserver callback runs before this task ends; a later move must not
    // bring back focus the visitor took away themselves (a click on the page's background).
    setTimeout(() => lostFocus.delete(root), 0);
  };
  root.addEventListener('focusout', onFocusOut);
  return () => root.removeEventListener('focusout', onFocusOut);
}

/**
 * After a single-page app moved a widget in the page: its bubble, open panel or modal dialog go
 * back into the top layer (see `liftAgain`), and what had focus in it gets it back, unless
 * something else on the page has taken it since.
 */
export function restoreAfterMove(root: ShadowRoot): void {
  const element = lostFocus.get(root);
  // Read before the dialogs are shown again: showing one focuses its first control.
  const { activeElement, body } = root.host.ownerDocument;
  const unfocused = !activeElement || activeElement === body;
  liftAgain(root);
  if (unfocused && element?.isConnected && root.contains(element)) element.focus({ preventScroll: true });
}
