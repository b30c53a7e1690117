import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Read as a file: Vitest hands CSS imports to tests as empty strings. Tests run from the repository root.
const css = readFileSync(join(process.cwd(), 'src/ui/styles.css'), 'utf8');

/** The default theme, read from the stylesheet itself: `--lf-accent: var(--leadflow-primary, #2f5bea)`. */
const defaults = Object.fromEntries(
  [...css.matchAll(/--lf-([a-z]+):\s*var\(--leadflow-[a-z]+,\s*(#[0-9a-f]{3,6})\)/gi)].map(([, name, value]) => [name!, value!.toLowerCase()]),
);

/** WCAG 2.x relative luminance of an sRGB hex colour. */
function luminance(hex: string): number {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const channel = parseInt(full.slice(i, i + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

const contrast = (a: string, b: string) => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
};

describe('the default theme meets WCAG 2.2 AA', () => {
  it('reads every colour from the stylesheet', () => {
    expect(Object.keys(defaults).sort()).toEqual(['accent', 'bg', 'border', 'error', 'muted', 'text']);
  });

  // 1.4.3: text 4.5:1. Button labels are white on the accent colour.
  it.each([
    ['text on background', 'text', 'bg'],
    ['hints and progress on background', 'muted', 'bg'],
    ['error messages on background', 'error', 'bg'],
    ['back button and links in the accent colour', 'accent', 'bg'],
  ])('%s: at least 4.5:1', (_, foreground, background) => {
    expect(contrast(defaults[foreground]!, defaults[background]!)).toBeGreaterThanOrEqual(4.5);
  });

  it('white button labels on the accent colour: at least 4.5:1', () => {
    expect(contrast('#ffffff', defaults.accent!)).toBeGreaterThanOrEqual(4.5);
  });

  // 1.4.11: field borders (drawn in the muted colour) and focus rings (accent) 3:1.
  it.each([
    ['input borders', 'muted'],
    ['focus rings and selected options', 'accent'],
  ])('%s against the background: at least 3:1', (_, colour) => {
    expect(contrast(defaults[colour]!, defaults.bg!)).toBeGreaterThanOrEqual(3);
  });
});
