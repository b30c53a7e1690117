/** The script a tag is written in, as likely as Intl knows (`zh-TW` → Hant). */
const scriptOf = (tag: string): string | undefined => {
  try {
    return new Intl.Locale(tag).maximize().script;
  } catch {
    return undefined;
  }
};

/**
 * The locale to show a flow in: the one asked for (snippet or option), else the visitor's
 * browser languages, matched exactly or by language against what the flow offers; else the
 * flow's first locale. Always one of `flowLocales`, so a mistyped request cannot reach `Intl`.
 */
export function pickLocale(flowLocales: readonly string[], requested: string | undefined, preferred: readonly string[]): string {
  const candidates = [requested, ...preferred].filter((l): l is string => Boolean(l));
  for (const candidate of candidates) {
    const language = candidate.split('-')[0]!.toLowerCase();
    // The tag itself, then its language alone (`de-DE` takes `de` before `de-CH`), then the same
    // language in the same script (`zh-TW` takes `zh-Hant`, not `zh-Hans`), then any region.
    const exact = flowLocales.find((l) => l.toLowerCase() === candidate.toLowerCase()) ?? flowLocales.find((l) => l.toLowerCase() === language);
    if (exact) return exact;
    const sameLanguage = flowLocales.filter((l) => l.split('-')[0]!.toLowerCase() === language);
    if (sameLanguage.length > 1) {
      const script = scriptOf(candidate);
      const sameScript = script && sameLanguage.find((l) => scriptOf(l) === script);
      if (sameScript) return sameScript;
    }
    if (sameLanguage[0]) return sameLanguage[0];
  }
  return flowLocales[0] ?? 'en';
}
