import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { THEME_PROPERTIES } from '../../src/embed/start-widget.tsx';

/**
 * The `--leadflow-*` properties the widget checks (THEME_PROPERTIES, src/embed/start-widget.tsx)
 * are the ones its stylesheet reads: a property added to one alone would be either unchecked
 * (a page's typo there would hide what uses it) or checked for nothing.
 */
describe('the theme properties the widget checks', () => {
  // (Read as a file: CSS imports are empty in tests.)
  const css = readFileSync(join(process.cwd(), 'src/ui/styles.css'), 'utf8');
  const frame = /\.lf-frame\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
  const declared = Object.fromEntries([...frame.matchAll(/--lf-([\w-]+):\s*var\(--leadflow-([\w-]+),/g)].map(([, own, page]) => [page!, own!]));

  it('are the ones the stylesheet reads, each into the same --lf-* property', () => {
    expect(Object.keys(declared).length).toBeGreaterThan(5);
    expect(Object.fromEntries(Object.entries(THEME_PROPERTIES).map(([page, [own]]) => [page, own]))).toEqual(declared);
  });
});
