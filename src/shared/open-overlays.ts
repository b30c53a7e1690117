const OPEN = Symbol.for('leadflow.open');

/**
 * The page's open popups, sliders and bubble panels (their host elements), whichever copy of
 * LeadFlow opened them. A selector cannot find those inside a web component's shadow root, so
 * a trigger opened a popup over such a one, and a bubble went into the top layer above it.
 */
export const openOverlays = (doc: Document): Set<Element> => ((doc as Document & { [OPEN]?: Set<Element> })[OPEN] ??= new Set());

/** A modal dialog open on the page: the page's own, or a LeadFlow popup or slider in any shadow root. */
export const openModal = (doc: Document): Element | null | undefined =>
  doc.querySelector('dialog:modal') ?? [...openOverlays(doc)].map((host) => host.shadowRoot?.querySelector('dialog:modal')).find(Boolean);
