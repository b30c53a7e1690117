import type { Page } from 'playwright-core';

/**
 * What a screen reader is given, as Chromium computes it: the accessibility tree through the
 * DevTools protocol (the tree platform APIs are built from), the live region's texts and the
 * focus moves inside the widget. For tests/e2e/screen-reader-edges.test.ts.
 */

/** One node of Chromium's accessibility tree, flattened to what a screen reader says. */
export interface AxNode {
  id: string;
  parentId: string | undefined;
  role: string;
  name: string;
  description: string;
  /** States and properties: `invalid`, `checked`, `required`, `modal`, `focused`, … */
  props: Record<string, unknown>;
}

interface RawAxNode {
  nodeId: string;
  parentId?: string;
  ignored?: boolean;
  role?: { value: string };
  name?: { value: string };
  description?: { value: string };
  properties?: Array<{ name: string; value: { value: unknown } }>;
}

/** The whole page's accessibility tree (ignored nodes left out), as Chromium exposes it. */
export async function axTree(page: Page): Promise<AxNode[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: RawAxNode[] };
    return nodes
      .filter((node) => !node.ignored)
      .map((node) => ({
        id: node.nodeId,
        parentId: node.parentId,
        role: node.role?.value ?? '',
        name: node.name?.value ?? '',
        description: node.description?.value ?? '',
        props: Object.fromEntries((node.properties ?? []).map((p) => [p.name, p.value.value])),
      }));
  } finally {
    await cdp.detach();
  }
}

/** The nodes of `role` (and `name`, if given) in `nodes`. */
export const axAll = (nodes: AxNode[], role: string, name?: string): AxNode[] =>
  nodes.filter((node) => node.role === role && (name === undefined || node.name === name));

/** The one node of `role` named `name`; throws naming what there was otherwise. */
export function axOne(nodes: AxNode[], role: string, name: string): AxNode {
  const found = axAll(nodes, role, name);
  if (found.length !== 1) throw new Error(`${found.length} ${role} nodes named "${name}"; ${role}s: ${axAll(nodes, role).map((n) => `"${n.name}"`).join(', ')}`);
  return found[0]!;
}

/** How a control reads: role, name, description and the states a screen reader speaks. */
export const spoken = (node: AxNode): string => {
  const states = ['required', 'invalid', 'checked', 'modal', 'expanded']
    .filter((state) => node.props[state] !== undefined)
    .map((state) => `${state}=${String(node.props[state])}`);
  return `${node.role} "${node.name}"${node.description ? ` (${node.description})` : ''}${states.length ? ` [${states.join(' ')}]` : ''}`;
};

/** What was said since `recordSpeech`: live region texts in order, and ids (or tags) of what took focus. */
export interface Speech {
  live: string[];
  focus: string[];
}

/**
 * From now on, records every text the widget's live region gets (each mutation inside it) and
 * every element that takes focus inside the widget (its id, or its tag and text).
 */
export const recordSpeech = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
    const live = root.querySelector('[aria-live="polite"]')!;
    const log: { live: string[]; focus: string[] } = { live: [], focus: [] };
    Object.assign(window, { __speech: log });
    new MutationObserver(() => log.live.push((live.textContent ?? '').trim())).observe(live, { subtree: true, childList: true, characterData: true });
    root.addEventListener(
      'focusin',
      (event) => {
        const target = event.target as HTMLElement;
        log.focus.push(target.id || `${target.tagName} ${(target.textContent ?? '').trim()}`);
      },
      true,
    );
  });

export const speech = (page: Page): Promise<Speech> => page.evaluate(() => (window as unknown as { __speech: Speech }).__speech);

/** The text of the widget's polite live region now, and the language it is spoken in (the nearest `lang` around its text). */
export const liveRegion = (page: Page): Promise<{ text: string; lang: string }> =>
  page.evaluate(() => {
    const live = document.querySelector('[data-leadflow]')!.shadowRoot!.querySelector('[aria-live="polite"]')!;
    // The text is in an element of its own, which says its language where it is not the widget's.
    const text = live.firstElementChild ?? live;
    return { text: (live.textContent ?? '').trim(), lang: text.closest('[lang]')?.getAttribute('lang') ?? '' };
  });
