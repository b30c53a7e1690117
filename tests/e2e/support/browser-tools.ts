import type { Page } from 'playwright-core';

/**
 * German → English the way a page translator would put it, for the widget's own buttons and its
 * progress; numbers stay where they are ("Schritt 2 von 7" → "Step 2 of 7"). Any other text gets
 * an "EN: " prefix (`translated`), so a translated node can always be told from the original.
 */
const DICTIONARY: Array<[RegExp, string]> = [
  [/^Schritt (\d+) von (\d+)$/, 'Step $1 of $2'],
  [/^Weiter$/, 'Next'],
  [/^Zurück$/, 'Back'],
  [/^Absenden$/, 'Submit'],
];

/**
 * Does to the page what Chrome's page translation (Google Translate) does: every text node with
 * words in it — in the document and in open shadow roots, not inside `translate="no"`, `<script>`,
 * `<style>` or a text box — is taken out and replaced by
 * `<font style="vertical-align: inherit;"><font style="vertical-align: inherit;">translation</font></font>`,
 * and a MutationObserver translates what is added or changed later, as the real translator keeps
 * doing while the page is translated. The original text nodes are left detached, as the
 * translator leaves them. Returns how many nodes it translated, for the test to know it did.
 */
export async function translatePage(page: Page): Promise<number> {
  return page.evaluate((dictionary: Array<[string, string]>) => {
    const rules = dictionary.map(([pattern, replacement]) => [new RegExp(pattern), replacement] as const);
    const translated = (text: string) => {
      const trimmed = text.trim();
      for (const [pattern, replacement] of rules) if (pattern.test(trimmed)) return text.replace(trimmed, trimmed.replace(pattern, replacement));
      return text.replace(trimmed, `EN: ${trimmed}`);
    };
    const skipped = (node: Node) => {
      for (let at: Node | null = node.parentNode; at; at = at.parentNode ?? (at as ShadowRoot).host ?? null) {
        if (!(at instanceof Element)) continue;
        if (/^(SCRIPT|STYLE|TEXTAREA|NOSCRIPT)$/.test(at.tagName)) return true;
        if (at.getAttribute('translate') === 'no' || at.classList.contains('notranslate')) return true;
        if (at.getAttribute('translate') === 'yes') return false;
        if (at.tagName === 'FONT' && (at as HTMLElement).dataset.translated) return true;
      }
      return false;
    };
    let count = 0;
    const translate = (text: Text) => {
      if (!text.parentNode || !text.data.trim() || skipped(text)) return;
      const outer = document.createElement('font');
      const inner = document.createElement('font');
      outer.style.verticalAlign = 'inherit';
      inner.style.verticalAlign = 'inherit';
      inner.dataset.translated = '1';
      inner.textContent = translated(text.data);
      outer.append(inner);
      text.replaceWith(outer);
      count++;
    };
    const walk = (root: Node) => {
      const texts: Text[] = [];
      const visit = (node: Node) => {
        if (node.nodeType === Node.TEXT_NODE) texts.push(node as Text);
        if (node instanceof Element && node.shadowRoot) {
          observe(node.shadowRoot);
          visit(node.shadowRoot);
        }
        node.childNodes.forEach(visit);
      };
      visit(root);
      texts.forEach(translate);
    };
    const observed = new WeakSet<Node>();
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'characterData') translate(record.target as Text);
        record.addedNodes.forEach((node) => walk(node));
      }
    });
    const observe = (root: Node) => {
      if (observed.has(root)) return;
      observed.add(root);
      observer.observe(root, { childList: true, subtree: true, characterData: true });
    };
    observe(document.body);
    walk(document.body);
    return count;
  }, DICTIONARY.map(([pattern, replacement]) => [pattern.source, replacement] as [string, string]));
}

/**
 * Fills fields the way Chromium's autofill does when the visitor picks a saved address: every
 * field of the form in one go, found by its `autocomplete` token, each value set and announced
 * with `input` and `change` events (no key presses, no focus moving through the fields). Returns
 * the tokens it found a field for.
 */
export function autofill(page: Page, values: Record<string, string>): Promise<string[]> {
  return page.evaluate((values: Record<string, string>) => {
    const host = document.querySelector('[data-leadflow]')!;
    const filled: string[] = [];
    for (const [token, value] of Object.entries(values)) {
      const field = host.shadowRoot!.querySelector<HTMLInputElement>(`input[autocomplete="${token}"]`);
      if (!field) continue;
      field.value = value;
      field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText' }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
      filled.push(token);
    }
    return filled;
  }, values);
}

/** The visible text of the widget's shadow root (what a visitor reads), white space collapsed. */
export function widgetText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-leadflow]')!.shadowRoot!;
    const frame = root.querySelector<HTMLElement>('.lf-frame')!;
    return frame.innerText.replace(/\s+/g, ' ').trim();
  });
}

/** What `translatePage` makes of text outside its dictionary. */
export const translated = (german: string) => `EN: ${german}`;
