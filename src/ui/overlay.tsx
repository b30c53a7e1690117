import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { langOf, type UiMessages } from './i18n/messages.ts';
import { MODAL_DIALOG, openModal } from '../shared/open-overlays.ts';

/** How a widget sits on the page; inline needs no overlay. */
export type OverlayMode = 'popup' | 'slider' | 'bubble';

export interface OverlayProps {
  mode: OverlayMode;
  open: boolean;
  /** The dialog's accessible name: the flow's title. */
  label: string;
  /** The title's language when it is not the visitor's (a fallback), for the bubble that shows it. */
  labelLang?: string | undefined;
  messages: UiMessages;
  onOpen: () => void;
  /** Escape, the close button, a click outside, or the bubble pressed again. */
  onClose: () => void;
  children: ComponentChildren;
}

/**
 * A popup (centred modal), a slider (side panel, modal) or a bubble (a floating button and a
 * panel beside it, not modal). A native `<dialog>`: a modal one sits in the top layer, above
 * any z-index and out of reach of a transformed ancestor, with the rest of the page inert, so
 * focus stays inside; Escape and the close button close it, and focus returns to where it was.
 */
export function Overlay({ mode, open, label, labelLang, messages, onOpen, onClose, children }: OverlayProps) {
  const nameLang = label ? labelLang : langOf(messages, 'openForm');
  const dialog = useRef<HTMLDialogElement>(null);
  const bubble = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const pressedOutside = useRef(false);
  // A bubble panel opened over the page's own modal dialog (modal itself).
  const overPageModal = useRef(false);

  // The bubble goes into the top layer (see `lift`), its panel too when it opens. The panel sits
  // above the bubble, whose title wraps on a narrow window: as high as the bubble is, also after
  // the window narrowed (a phone turned upright).
  useEffect(() => {
    if (mode !== 'bubble') return;
    const button = bubble.current!;
    lift(button);
    // Not once the widget is unmounted: Preact runs this effect's cleanup after the next paint,
    // and the observer reports the removed button before that.
    const measure = () => dialog.current?.style.setProperty('--lf-bubble-h', `${button.offsetHeight}px`);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const resized = new ResizeObserver(measure);
    resized.observe(button);
    return () => resized.disconnect();
  }, [mode]);

  useEffect(() => {
    const element = dialog.current!;
    if (open === element.open) return;
    if (open) {
      returnTo.current = deepActiveElement(element.ownerDocument);
      // Browsers without <dialog> methods (old ones, jsdom) get an open attribute instead.
      if (!element.showModal) element.setAttribute('open', '');
      else if (mode === 'bubble') {
        element.show();
        // Opened by an opener inside the page's own modal dialog ("Chat with us" in it): above
        // that one, and modal itself, as nothing outside the page's modal could be used
        // otherwise. Not when focus is merely there (a cookie banner open when a timer fires).
        const inPageModal = (overPageModal.current = openerInModal(returnTo.current));
        // Modal to assistive technology only then: a screen reader's cursor stays in a modal dialog.
        element.setAttribute('aria-modal', String(inPageModal));
        lift(element, inPageModal, inPageModal);
        // Waiting below the page's modal (a cookie banner) until it closes: the visitor stays there.
        if ('showPopover' in element && !element.matches(':popover-open, :modal')) {
          returnTo.current?.focus();
          return;
        }
      } else element.showModal();
      element.querySelector<HTMLElement>('h2, button:not(.lf-close)')?.focus();
    } else {
      if (mode === 'bubble') element.hidePopover?.();
      if (element.close) element.close();
      else element.removeAttribute('open');
      // A bubble panel opened over the page's modal gives focus back to its opener there.
      (mode === 'bubble' && !overPageModal.current ? bubble.current : returnTo.current)?.focus();
    }
  }, [open, mode]);

  // Unmounted while open (`unmount()`, or a single-page app leaving the route): focus that was in
  // the form, or fell to <body> as it went, goes back to where it came from, as on closing.
  // (Preact may run this after paint, when the ref is gone: the dialog is taken now.)
  useEffect(() => {
    const element = dialog.current!;
    return () => {
      const back = returnTo.current;
      if (!element.open || !back?.isConnected || back.getRootNode() === element.getRootNode()) return;
      const active = deepActiveElement(element.ownerDocument);
      if (!active || active === element.ownerDocument.body || element.contains(active)) back.focus();
    };
  }, []);

  return (
    <>
      {mode === 'bubble' && (
        <button
          ref={bubble}
          type="button"
          class="lf-bubble"
          popover="manual"
          aria-haspopup="dialog"
          aria-expanded={open}
          lang={nameLang}
          // The second click of a double tap is no new press: it would close what the first opened.
          onClick={(event) => event.detail < 2 && (open ? onClose : onOpen)()}
        >
          {label || messages.openForm}
        </button>
      )}
      <dialog
        ref={dialog}
        class={`lf-dialog lf-dialog-${mode}`}
        popover={mode === 'bubble' ? 'manual' : undefined}
        // Named like the bubble before a flow is there to name it (loading, or a load error), by
        // a hidden element that says its language (a French form's built-in "Open the form").
        aria-labelledby="lf-dialog-name"
        // The browser closes a modal dialog on Escape by itself; the state must follow.
        onCancel={(event) => {
          event.preventDefault();
          onClose();
        }}
        onKeyDown={(event) => {
          // Keys this dialog handles are not the page's: a Bootstrap modal or Micromodal around
          // the opener closed itself on the same Escape, or cancelled Tab (the host looks outside it).
          if (event.key === 'Escape' || event.key === 'Tab') event.stopPropagation();
          if (event.key === 'Escape' && mode === 'bubble') onClose();
        }}
        // A click on the backdrop lands on the dialog itself; clicks inside land on its content.
        // Pressed inside and released outside (selecting text) is no click on the backdrop, nor
        // is a double tap's second click: on a sticky opener, or on Submit above a shorter
        // ending, it lands beside the form the first one opened or left.
        onPointerDown={(event) => (pressedOutside.current = event.target === dialog.current)}
        onClick={(event) => event.target === dialog.current && pressedOutside.current && event.detail < 2 && onClose()}
      >
        {/* Made anew when its language changes: Preact would leave `lang=""` ("unknown"). Its id
            is unique in the widget's shadow root (a widget always has one). */}
        <span key={nameLang} id="lf-dialog-name" lang={nameLang} hidden>
          {label || messages.openForm}
        </span>
        <div class="lf-dialog-body">
          <button type="button" class="lf-close" aria-label={messages.close} lang={langOf(messages, 'close')} onClick={onClose}>
            ×
          </button>
          {children}
        </div>
      </dialog>
    </>
  );
}

/**
 * Whether `element` is an opener (`[data-leadflow-open]`) inside a modal dialog of the page (a
 * native one, or a script's `aria-modal` one: Bootstrap, Micromodal), through shadow roots: a web
 * component's button in the page's modal counts too.
 */
function openerInModal(element: Element | null): boolean {
  if (!element?.closest('[data-leadflow-open]')) return false;
  for (let node: Element | undefined = element; node; node = (node.getRootNode() as Partial<ShadowRoot>).host) if (node.closest(`${MODAL_DIALOG},[aria-modal=true]`)) return true;
  return false;
}

/**
 * Puts the bubble or its panel into the top layer as a manual popover, or an open popup or
 * slider back in as a modal dialog (`modal`), where a transformed, filtered or contained
 * ancestor (page builders add them) cannot trap it — but not over a modal dialog the page has
 * open (a cookie banner): only once that closes, unless `overPage` (it was above it). Without
 * popovers or dialog methods (older browsers, jsdom) it stays `position: fixed`.
 */
function lift(element: HTMLElement, modal = false, overPage = false) {
  const dialog = element as HTMLDialogElement;
  // A panel closed while it waited stays closed.
  if (!(modal ? dialog.showModal : element.showPopover) || !element.isConnected || element.matches(modal ? MODAL_DIALOG : ':popover-open') || dialog.open === false) return;
  const pageModal = !overPage && openModal(element.ownerDocument);
  if (pageModal) pageModal.addEventListener('close', () => lift(element, modal), { once: true });
  else if (!modal) element.showPopover();
  else {
    dialog.close();
    dialog.showModal();
  }
}

/**
 * After a single-page app moved the widget in the page: the browser took the bubble, its panel
 * and an open popup or slider out of the top layer when they left the document (without an
 * event), so they go back — a modal dialog would otherwise stay open but no longer modal: no
 * backdrop, the page behind it usable, Escape ignored. `onTop`: the visitor was in this widget,
 * so it was above any modal the page has open.
 */
export const liftAgain = (root: ParentNode, onTop = false): void =>
  root.querySelectorAll<HTMLElement>('.lf-bubble, .lf-dialog[open]').forEach((element) => lift(element, element.matches('.lf-dialog-popup, .lf-dialog-slider'), onTop));

/** The focused element, looking into shadow roots (the page's may be a widget too). */
export function deepActiveElement(doc: Document): HTMLElement | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active as HTMLElement | null;
}
