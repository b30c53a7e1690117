/**
 * Reads what a visitor typed into a number field, in German or English habits: "1,5" and
 * "1.5" are one and a half, "1 500" and "1.500,5" / "1,500.5" use thousands separators (when
 * both marks appear, the last one is the decimal mark). Text that is no number stays text, so
 * validation can say "enter a number" instead of silently dropping it.
 */
export function parseNumberInput(raw: string): number | string | undefined {
  const text = raw.trim().replace(/[\s\u00a0']/g, '');
  if (!text) return undefined;
  let normalized = text;
  if (text.includes(',') && text.includes('.')) {
    normalized = text.lastIndexOf(',') > text.lastIndexOf('.') ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  } else if (text.includes(',')) {
    normalized = text.replace(',', '.');
  }
  const value = Number(normalized);
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(normalized) && Number.isFinite(value) ? value : raw;
}
