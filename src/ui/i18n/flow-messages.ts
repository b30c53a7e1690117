import { fallbackLocale, resolveText, textLocale, type Flow, type LocalizedText } from '../../engine/index.ts';
import { messagesFor, uiMessages, type UiMessages } from './messages.ts';

/**
 * Whether a flow's own text takes the place of a built-in one: when it has the visitor's
 * language, or LeadFlow has no strings in that language. German beats the flow's English for a
 * German visitor; for a French one (no built-in French) the flow's English stays.
 */
export function ownTextWins(own: LocalizedText | undefined, locale: string): boolean {
  const language = locale.split('-')[0]!;
  if (own === undefined) return false;
  const tag = textLocale(own, locale);
  return typeof own === 'string' || tag === locale || tag === language || !Object.hasOwn(uiMessages, language);
}

/**
 * The built-in strings for `locale` with the flow's `messages` over them, each with its
 * language where that is not the visitor's (a fallback), in `langs`. Texts are taken as they
 * are written (no answers piped in: they are made once, for the whole visit).
 */
export function flowMessages(flow: Flow, locale: string): UiMessages {
  const builtIn = messagesFor(locale);
  if (!flow.messages) return builtIn;
  const langs: Record<string, string | undefined> = {};
  const take = <T extends object>(strings: T, own: Partial<Record<keyof T, LocalizedText>> = {}, prefix = ''): T => {
    const result = { ...strings } as Record<string, unknown>;
    for (const [key, text] of Object.entries(own) as Array<[string, LocalizedText | undefined]>) {
      const shown = ownTextWins(text, locale) && resolveText(text, locale, flow.locales);
      // White space only shows nothing (a blank button): the built-in text stays, as for a map's.
      if (!shown || !shown.trim()) continue;
      result[key] = shown;
      langs[prefix + key] = fallbackLocale(text, locale, flow.locales);
    }
    return result as T;
  };
  const { fields, issues, ...strings } = flow.messages;
  return {
    ...take(builtIn, strings),
    fields: take(builtIn.fields, fields, 'fields.'),
    issues: take(builtIn.issues, issues, 'issues.'),
    langs,
  };
}
