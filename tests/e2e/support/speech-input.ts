import type { CDPSession, Page } from 'playwright-core';

/**
 * What a speech-input user (Voice Control, Dragon, Voice Access) and a switch user meet on a
 * step: each control's role and accessible name as Chromium computes them (the tree speech
 * tools match spoken words against), the label the visitor sees beside it, where a click at the
 * centre of its box lands, and the order focus goes through the controls. For
 * tests/e2e/speech-input-edges.test.ts.
 */

/** The roles a visitor can say "click …" to (Chromium's names for them; a date field is "Date"). */
const CONTROL_ROLES = new Set(['button', 'link', 'radio', 'checkbox', 'textbox', 'combobox', 'slider', 'Date', 'spinbutton', 'searchbox']);

/** One control of the widget, as a speech or switch user meets it. */
export interface SpokenControl {
  role: string;
  /** The accessible name: what a speech tool matches the spoken words against. */
  name: string;
  /**
   * The label as it is drawn: the control's own text (a button, a link) or its `<label>`'s,
   * in reading order, whitespace collapsed. Characters drawn with no width (format marks,
   * zero-width spaces) are left out, and so is text only a screen reader gets (`.lf-sr-only`).
   */
  shown: string;
  /** An option's letter badge ("A"): generated content before the label, drawn but no text of the page. */
  badge: string;
  /** Drawn text hidden from assistive technology (an option's icon), in reading order. */
  decoration: string;
  /**
   * What a click at the centre of the control's box lands on, as a speech tool's click (or a
   * "show grid" tap) would: "itself", "its label", or the element it hits instead. The control is
   * scrolled into view first, as the tools do.
   */
  hit: string;
  /** Its box as drawn when asked (CSS pixels, in the viewport), before any control was scrolled into view. */
  box: { x: number; y: number; width: number; height: number };
}

interface RawAxNode {
  nodeId: string;
  ignored?: boolean;
  role?: { value: string };
  name?: { value: string };
  backendDOMNodeId?: number;
  properties?: Array<{ name: string; value: { value: unknown } }>;
}

/**
 * Runs in the page, on the elements of the controls Chromium's tree has: for each, null unless
 * it is in the first widget's shadow root; else its place in that root, what it shows, its box
 * (every box taken before any control is scrolled) and where a click at its centre lands.
 */
function describeControls(this: unknown, ...elements: Element[]) {
  const inWidget = (el: Element) => {
    const root = el.getRootNode() as ShadowRoot;
    return root.host instanceof Element && root.host.hasAttribute('data-leadflow') ? root : null;
  };
  const boxes = elements.map((el) => {
    const { x, y, width, height } = el.getBoundingClientRect();
    return { x, y, width, height };
  });
  const range = document.createRange();
  const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
  return elements.map((element, index) => {
    const root = inWidget(element);
    if (!root) return null;
    const el = element as HTMLElement & { labels?: NodeListOf<HTMLLabelElement> | null };
    let shown = '';
    let decoration = '';
    /** Text as drawn under `from` (leaving `skip` out): a character with no width is not seen. */
    const read = (from: Node, skip?: Node) => {
      const walker = document.createTreeWalker(from, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement!;
        if (parent.closest('.lf-sr-only') || (skip && skip.contains(node))) continue;
        const hidden = !!parent.closest('[aria-hidden="true"]');
        const text = node.textContent ?? '';
        for (let i = 0; i < text.length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const drawn = [...range.getClientRects()].some((r) => r.width > 0);
          const char = /\s/.test(text[i]!) ? ' ' : drawn ? text[i]! : '';
          if (hidden) decoration += char;
          else shown += char;
        }
        if (hidden) decoration += ' ';
      }
    };
    const labels = el.labels ? [...el.labels] : [];
    if (labels.length) for (const label of labels) read(label, el);
    else read(el);
    // The badge is the CSS counter of the option's card (`.lf-keyed::before`): its letter is the
    // card's place among its siblings, A for the first.
    let badge = '';
    const keyed = labels[0]?.querySelector('.lf-keyed');
    if (keyed) {
      const before = getComputedStyle(keyed, '::before');
      const card = keyed.closest('.lf-option')!;
      if (before.content !== 'none' && before.visibility !== 'hidden') badge = String.fromCharCode(65 + [...card.parentElement!.children].indexOf(card));
    }
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const rect = el.getBoundingClientRect();
    const target = root.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2);
    const what = (e: Element | null) =>
      e ? `${e.tagName.toLowerCase()}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''} "${(e.textContent ?? '').trim().slice(0, 40)}"` : 'nothing';
    const hit = target && (target === el || el.contains(target)) ? 'itself' : target && labels.some((l) => l.contains(target)) ? 'its label' : what(target);
    return { order: [...root.querySelectorAll('*')].indexOf(el), shown: collapse(shown), badge, decoration: collapse(decoration), hit, box: boxes[index]! };
  });
}

async function axNodes(cdp: CDPSession): Promise<RawAxNode[]> {
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: RawAxNode[] };
  return nodes.filter((node) => !node.ignored);
}

/** The widget's controls on the screen now, in document order (those hidden from assistive technology left out). */
export async function spokenControls(page: Page): Promise<SpokenControl[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const found: Array<SpokenControl & { order: number }> = [];
    const elements: Array<{ role: string; name: string; objectId: string }> = [];
    for (const node of await axNodes(cdp)) {
      const role = node.role?.value ?? '';
      if (!CONTROL_ROLES.has(role) || node.backendDOMNodeId === undefined) continue;
      const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: node.backendDOMNodeId })) as { object: { objectId?: string } };
      if (object.objectId) elements.push({ role, name: node.name?.value ?? '', objectId: object.objectId });
    }
    if (!elements.length) return [];
    const { result } = (await cdp.send('Runtime.callFunctionOn', {
      objectId: elements[0]!.objectId,
      functionDeclaration: describeControls.toString(),
      arguments: elements.map(({ objectId }) => ({ objectId })),
      returnByValue: true,
    })) as { result: { value: Array<(Omit<SpokenControl, 'role' | 'name'> & { order: number }) | null> } };
    for (const [index, described] of result.value.entries()) if (described) found.push({ role: elements[index]!.role, name: elements[index]!.name, ...described });
    return found.sort((a, b) => a.order - b.order).map(({ order: _, ...control }) => control);
  } finally {
    await cdp.detach();
  }
}

/** `role "name"`: a control as a speech user would ask for it ("click Weiter"). */
export const said = (control: { role: string; name: string }): string => `${control.role} "${control.name}"`;

/**
 * The control that has focus now, through shadow roots, as `role "name"` from Chromium's tree;
 * null when focus is on no element of the page (the page itself, or the browser's own UI).
 */
export async function focusedControl(page: Page): Promise<string | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { result } = (await cdp.send('Runtime.evaluate', {
      expression: `(() => { let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement; return a === document.body ? null : a; })()`,
    })) as { result: { objectId?: string } };
    if (!result.objectId) return null;
    const { node } = (await cdp.send('DOM.describeNode', { objectId: result.objectId })) as { node: { backendNodeId: number } };
    const { nodes } = (await cdp.send('Accessibility.getPartialAXTree', { backendNodeId: node.backendNodeId, fetchRelatives: false })) as { nodes: RawAxNode[] };
    const own = nodes.find((n) => n.backendDOMNodeId === node.backendNodeId) ?? nodes[0];
    return own ? said({ role: own.role?.value ?? '', name: own.name?.value ?? '' }) : null;
  } finally {
    await cdp.detach();
  }
}

/**
 * Where Tab takes a switch user who scans with it: each stop from the current focus on, as
 * `role "name"`, until focus comes back to the first stop (or leaves the page: "page ends"), at
 * most `max` stops.
 */
export async function tabStops(page: Page, max = 20): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const stop = (await focusedControl(page)) ?? 'page ends';
    // A date field's month, day and year are stops of one control.
    if (stop === stops.at(-1)) continue;
    if (stop === stops[0]) break;
    stops.push(stop);
  }
  return stops;
}

/**
 * `controls` in the order they are drawn, as a visitor reads them: row by row from the top (a
 * row: boxes whose vertical extents overlap), each row from the left, or from the right in a
 * right-to-left form.
 */
export function drawnOrder<T extends { box: SpokenControl['box'] }>(controls: T[], direction: 'ltr' | 'rtl' = 'ltr'): T[] {
  const rows: T[][] = [];
  for (const control of [...controls].sort((a, b) => a.box.y - b.box.y)) {
    const row = rows.find((r) => r.some((c) => c.box.y < control.box.y + control.box.height && control.box.y < c.box.y + c.box.height));
    if (row) row.push(control);
    else rows.push([control]);
  }
  const across = (c: T) => (direction === 'ltr' ? c.box.x : -(c.box.x + c.box.width));
  return rows.flatMap((row) => row.sort((a, b) => across(a) - across(b)));
}

/**
 * The invisible characters a speech tool would have to match too: format characters (bidi
 * isolation marks U+2066–9, zero-width space U+200B, soft hyphen U+00AD, …) and no-break
 * spaces (U+00A0, U+202F), each written as its code point.
 */
export const invisibleCharacters = (text: string): string[] =>
  [...text].filter((c) => /[\p{Cf}\u00a0\u202f]/u.test(c)).map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
