import type { LocalizedText } from './schema/text.ts';

/**
 * The text for a locale: the exact tag (`de-AT`), then its language (`de`), then the
 * fallbacks in order, then whatever the map holds — a visitor never sees an empty label.
 */
export function resolveText(text: LocalizedText | undefined, locale: string, fallbacks: readonly string[] = []): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  const language = locale.split('-')[0]!;
  for (const tag of [locale, language, ...fallbacks]) {
    // Own keys only: a locale "toString" must not find Object.prototype.toString.
    const value = Object.hasOwn(text, tag) && text[tag];
    if (value) return value;
  }
  return Object.values(text).find(Boolean) ?? '';
}
