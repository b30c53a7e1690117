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
    const language = candidate.split('-')[0]!.toLowerCase();
    const byLanguage = flowLocales.find((l) => l.split('-')[0]!.toLowerCase() === language);
    if (byLanguage) return byLanguage;
  }
  return flowLocales[0] ?? 'en';
}
