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
    const exact = flowLocales.find((l) => l.toLowerCase() === candidate.toLowerCase());
    if (exact) return exact;
    // Else the same language: in the same script where the flow has several (`zh-TW` takes
    // `zh-Hant`, not `zh` or `zh-Hans`; `sr-Latn-RS` takes `sr-Latn`, not Cyrillic `sr`), and of
    // those the language alone before another region (`de-DE` takes `de` before `de-CH`).
    const language = candidate.split('-')[0]!.toLowerCase();
    let pool = flowLocales.filter((l) => l.split('-')[0]!.toLowerCase() === language);
    if (pool.length > 1) {
      const script = scriptOf(candidate);
      const sameScript = pool.filter((l) => scriptOf(l) === script);
      if (sameScript.length) pool = sameScript;
    }
    const match = pool.find((l) => l.toLowerCase() === language) ?? pool[0];
    if (match) return match;
  }
  return flowLocales[0] ?? 'en';
}
