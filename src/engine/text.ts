import type { LocalizedText } from './schema/text.ts';

/**
 * Which of a text's locales a visitor sees: the exact tag (`de-AT`), then its language
 * (`de`), then the fallbacks in order, then whatever the map holds — a visitor never sees an
 * empty label. Undefined for a plain string (written in the flow's own language) or no text.
 */
export function textLocale(text: LocalizedText | undefined, locale: string, fallbacks: readonly string[] = []): string | undefined {
  if (!text || typeof text === 'string') return undefined;
  // Own keys only: a locale "toString" must not find Object.prototype.toString.
  // A text of white space only shows nothing: passed over like a missing one.
  const has = (tag: string) => Object.hasOwn(text, tag) && !!text[tag]!.trim();
  return [locale, locale.split('-')[0]!, ...fallbacks].find(has) ?? Object.keys(text).find(has);
}

/**
 * The locale a text is shown in when that is not the visitor's (a missing translation fell back
 * to another), for a `lang` attribute; undefined when it is theirs, or a plain string.
 */
export function fallbackLocale(text: LocalizedText | undefined, locale: string, fallbacks: readonly string[] = []): string | undefined {
  const tag = textLocale(text, locale, fallbacks);
  return tag === locale || tag === locale.split('-')[0] ? undefined : tag;
}

/** The text for a locale, picked as `textLocale` says. */
export function resolveText(text: LocalizedText | undefined, locale: string, fallbacks: readonly string[] = []): string {
  if (typeof text === 'string') return text;
  const tag = textLocale(text, locale, fallbacks);
  return tag ? text![tag]! : '';
}
