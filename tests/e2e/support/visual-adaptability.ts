import type { Page } from 'playwright-core';

/**
 * Helpers for tests/e2e/visual-adaptability-edges.test.ts: what a visitor sees of the focused
 * control, text that is clipped or overlaps, colour contrast of computed colours and of pixels.
 * Everything is measured inside the widget's (open) shadow root.
 */

/** The WCAG 1.4.12 text-spacing bookmarklet's rules. */
export const TEXT_SPACING_CSS =
  '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';

/**
 * Puts the text-spacing rules into the widget's shadow root, as a user style sheet (which
 * applies in every tree) would: a sheet on the page does not reach into it.
 */
export const applyTextSpacingInWidget = (page: Page) =>
  page.evaluate((css) => {
    const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }, TEXT_SPACING_CSS);

/** How much of the focused control a sighted keyboard user sees, and its focus ring. */
export interface FocusView {
  /** `INPUT[radio=decide]`, `BUTTON[submit].lf-button`, `BUTTON[button].lf-close`, `A.lf-button`, … */
  what: string;
  /** Share of 8 × 8 points over the control that are inside the scrollport and not covered by anything else. */
  seen: number;
  /** What hides the rest: `out` (scrolled off) or the covering element. */
  covers: string[];
  /** `:focus-visible` matches (false while Chromium's own calendar button inside a date field has focus). */
  focusVisible: boolean;
  outlineStyle: string;
  outlineWidth: number;
  outlineColor: string;
  /** The widget's background (`.lf-root`), which the ring (2 px off the control) is drawn on. */
  background: string;
}

/** The focused control inside the widget, or null when focus is elsewhere. */
export function focusView(page: Page): Promise<FocusView | null> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
    const el = root.activeElement as HTMLElement | null;
    if (!el || document.activeElement !== root.host) return null;
    const r = el.getBoundingClientRect();
    const dialog = root.querySelector<HTMLElement>('dialog[open]');
    let clip = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
    if (dialog) {
      const d = dialog.getBoundingClientRect();
      clip = {
        left: Math.max(0, d.left + dialog.clientLeft),
        top: Math.max(0, d.top + dialog.clientTop),
        right: Math.min(innerWidth, d.left + dialog.clientLeft + dialog.clientWidth),
        bottom: Math.min(innerHeight, d.top + dialog.clientTop + dialog.clientHeight),
      };
    }
    // The close button is round: only points inside its circle are its own.
    const round = el.matches('.lf-close');
    let seen = 0;
    let total = 0;
    const covers = new Set<string>();
    for (let i = 0; i < 8; i++)
      for (let j = 0; j < 8; j++) {
        const x = r.left + ((i + 0.5) * r.width) / 8;
        const y = r.top + ((j + 0.5) * r.height) / 8;
        if (round && Math.hypot((x - r.left) / r.width - 0.5, (y - r.top) / r.height - 0.5) > 0.45) continue;
        total++;
        if (x < clip.left || x > clip.right || y < clip.top || y > clip.bottom) {
          covers.add('out');
          continue;
        }
        const hit = root.elementFromPoint(x, y);
        // A radio's or checkbox's own label (its option card) is part of the control.
        if (hit && (hit === el || el.contains(hit) || (hit as HTMLLabelElement).control === el)) seen++;
        else covers.add(hit ? `${hit.tagName}.${hit.className}` : 'nothing');
      }
    const control = el as HTMLInputElement;
    const type = ['INPUT', 'BUTTON'].includes(el.tagName) ? `[${control.type}${control.type === 'radio' || control.type === 'checkbox' ? `=${control.value}` : ''}]` : '';
    const style = getComputedStyle(el);
    return {
      what: `${el.tagName}${type}${el.className ? `.${String(el.className).split(' ').at(-1)}` : ''}`,
      seen: seen / total,
      covers: [...covers],
      focusVisible: el.matches(':focus-visible'),
      outlineStyle: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth),
      outlineColor: style.outlineColor,
      background: getComputedStyle(root.querySelector('.lf-root')!).backgroundColor,
    };
  });
}

/**
 * Checks that run in the page: self-contained functions without arguments, so that several of
 * them can share one `page.evaluate` (`checksInPage`); each costs the browser a round trip
 * otherwise, many times per step in the tests that walk every step in every mode.
 */
export const pageChecks = {
  /**
   * Targets under 24 × 24 CSS px whose 24 px circle touches another target (WCAG 2.5.8 and its
   * spacing exception); a radio or checkbox is measured by its option card, which takes its clicks.
   */
  smallTargets: (): string[] => {
    const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
    const targets = [...root.querySelectorAll('button, a, label.lf-option, select, textarea, input:not(.lf-trap):not([type=radio]):not([type=checkbox])')].filter((el) =>
      el.checkVisibility(),
    );
    const rects = targets.map((el) => el.getBoundingClientRect());
    const problems: string[] = [];
    targets.forEach((el, i) => {
      const r = rects[i]!;
      if (r.width >= 24 && r.height >= 24) return;
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      const crowded = rects.some((o, j) => j !== i && Math.hypot(Math.max(o.left - cx, 0, cx - o.right), Math.max(o.top - cy, 0, cy - o.bottom)) < 12);
      if (crowded) problems.push(`${r.width.toFixed(0)} × ${r.height.toFixed(0)}: ${el.tagName} "${(el.textContent ?? '').trim().slice(0, 20)}"`);
    });
    return problems;
  },

  /** Sideways scrolling of the page or of an open popup, slider or bubble panel. */
  sidewaysScrolling: (): string[] => {
    const problems: string[] = [];
    const scroller = document.scrollingElement!;
    if (scroller.scrollWidth > scroller.clientWidth) problems.push(`page ${scroller.scrollWidth} / ${scroller.clientWidth}`);
    const dialog = document.querySelector('[data-leadflow]')!.shadowRoot!.querySelector('dialog[open]');
    if (dialog && dialog.scrollWidth > dialog.clientWidth) problems.push(`dialog ${dialog.scrollWidth} / ${dialog.clientWidth}`);
    return problems;
  },

  /**
   * Text of the widget that is cut off or drawn over other text: an element whose content
   * overflows a box that hides it (overflow not visible), and text lines of different elements
   * that overlap each other or lie under the close button.
   */
  clippedOrOverlapping: (): string[] => {
    const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
    const problems: string[] = [];
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]} "${(el.textContent ?? '').trim().slice(0, 24)}"`;
    for (const el of root.querySelectorAll<HTMLElement>('*')) {
      if (el.closest('.lf-sr-only, .lf-trap, dialog:not([open])') || !el.checkVisibility() || el.matches('dialog, textarea, select, input, option')) continue;
      const style = getComputedStyle(el);
      const hides = style.overflowX !== 'visible' || style.overflowY !== 'visible';
      if (hides && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) && el.textContent?.trim())
        problems.push(`clipped (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}): ${name(el)}`);
    }
    // Text lines, each with the element that holds it.
    const lines: Array<{ owner: Element; rect: DOMRect }> = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const owner = node.parentElement!;
      if (!node.textContent?.trim() || owner.closest('.lf-sr-only, .lf-trap, option, select, dialog:not([open])') || !owner.checkVisibility()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const line of range.getClientRects()) {
        // Only what shows: cut by every ancestor that hides its overflow (a scrolled panel, the bubble).
        let rect: DOMRect | null = DOMRect.fromRect(line);
        for (let box: Element | null = owner; box && rect; box = box.parentElement) {
          if (getComputedStyle(box).overflowX === 'visible' && getComputedStyle(box).overflowY === 'visible') continue;
          const b = box.getBoundingClientRect();
          const left = Math.max(rect.left, b.left), top = Math.max(rect.top, b.top), right = Math.min(rect.right, b.right), bottom = Math.min(rect.bottom, b.bottom);
          rect = right - left > 0 && bottom - top > 0 ? new DOMRect(left, top, right - left, bottom - top) : null;
        }
        if (rect) lines.push({ owner, rect });
      }
    }
    const overlap = (a: DOMRect, b: DOMRect) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
    for (let i = 0; i < lines.length; i++)
      for (let j = i + 1; j < lines.length; j++)
        if (lines[i]!.owner !== lines[j]!.owner && overlap(lines[i]!.rect, lines[j]!.rect))
          problems.push(`text overlaps: ${name(lines[i]!.owner)} / ${name(lines[j]!.owner)}`);
    return [...new Set(problems)];
  },
};

/**
 * Runs page-side checks (functions like those of `pageChecks`: no arguments, nothing from
 * outside their own body) in one `page.evaluate`, in order, and returns their results in order.
 */
export function checksInPage<const T extends ReadonlyArray<() => unknown>>(page: Page, ...checks: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  return page.evaluate(`Promise.all([${checks.map((check) => `(${check.toString()})()`).join(', ')}])`);
}

/** Targets under 24 × 24 CSS px too close to another target (`pageChecks.smallTargets`). */
export const smallTargets = (page: Page): Promise<string[]> => page.evaluate(pageChecks.smallTargets);

/** Sideways scrolling of the page or of an open popup, slider or bubble panel. */
export const sidewaysScrolling = (page: Page): Promise<string[]> => page.evaluate(pageChecks.sidewaysScrolling);

/** The r, g, b (0–255) of a computed colour: `rgb(…)`, `rgba(…)` or, from `color-mix()`, `color(srgb 0–1 …)`. */
const channels = (color: string): number[] => {
  const numbers = color.match(/[\d.]+/g)!.map(Number);
  return color.startsWith('color(srgb') ? numbers.map((n) => n * 255) : numbers;
};

/** WCAG relative luminance of a computed colour, or of r, g, b. */
export function luminance(color: string | readonly number[]): number {
  const [r, g, b] = typeof color === 'string' ? channels(color) : color;
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

/** WCAG contrast ratio of two colours, rounded to two decimals. */
export function contrast(a: string | readonly number[], b: string | readonly number[]): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return Math.round(((l1! + 0.05) / (l2! + 0.05)) * 100) / 100;
}

/**
 * The pixels of a region of the screen as [r, g, b] triples (device pixels), decoded in the
 * page from a screenshot, so no image library is needed.
 */
export async function screenPixels(page: Page, clip: { x: number; y: number; width: number; height: number }): Promise<number[][]> {
  const png = await page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
  return page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const pixels: number[][] = [];
    for (let i = 0; i < data.length; i += 4) pixels.push([data[i]!, data[i + 1]!, data[i + 2]!]);
    return pixels;
  }, png.toString('base64'));
}

/** The highest contrast any pixel of `pixels` has against `background`. */
export const strongestContrast = (pixels: number[][], background: string | readonly number[]) => Math.max(...pixels.map((p) => contrast(p, background)));

/** Text of the widget that is cut off or drawn over other text (`pageChecks.clippedOrOverlapping`). */
export const clippedOrOverlapping = (page: Page): Promise<string[]> => page.evaluate(pageChecks.clippedOrOverlapping);
