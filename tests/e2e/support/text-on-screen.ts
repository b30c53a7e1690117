import type { Page } from 'playwright-core';

/**
 * The text the visitor sees in each element matching a selector of the page's (first) widget,
 * read off the screen from left to right (each character where it is drawn, screen-reader-only
 * text left out): "Please answer this question." drawn right to left reads ".Please answer this
 * question". A right-to-left word reads backwards, which the tests allow for.
 */
export const textOnScreen = (page: Page, selectors: string[]): Promise<string[]> =>
  page.evaluate((selectors) => {
    const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
    const range = document.createRange();
    return selectors.map((selector) => {
      const el = root.querySelector(selector);
      if (!el) return `${selector}: missing`;
      const glyphs: Array<[string, number]> = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement?.closest('.lf-sr-only')) continue;
        const text = node.textContent ?? '';
        for (let i = 0; i < text.length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const box = range.getClientRects()[0];
          if (box?.width) glyphs.push([text[i]!, box.left + box.width / 2]);
        }
      }
      return glyphs
        .sort((a, b) => a[1] - b[1])
        .map(([glyph]) => glyph)
        .join('');
    });
  }, selectors);
