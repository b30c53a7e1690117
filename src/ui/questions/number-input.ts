import { asciiDigits, withoutFormatMarks } from './typed-text.ts';

/**
 * Reads what a visitor typed into a number field by the habits of their locale: in German
 * "1.500" is fifteen hundred and "1,5" one and a half; in English the other way round. A
 * group mark not followed by groups of three ("1.5" in German) is taken as a decimal mark,
 * since that is what the visitor meant. Spaces and apostrophes are ignored ("1 500", "1'500"),
 * Indian groups of two are read ("10,00,000"), and so are the digits and marks of other
 * scripts ("۵٬۰۰۰", "１２０"), as the widget writes its own limits in them.
 * Text that is no number stays text, so validation can say "enter a number".
 */
export function parseNumberInput(raw: string, locale: string): number | string | undefined {
  const decimal = decimalMark(locale);
  // Arabic-script group and decimal marks (٬ ٫) are neither: they say which one they are.
  // Intl writes a minus as U+2212 (Swedish "−1 500"), which the visitor may type back.
  const text = asciiDigits(withoutFormatMarks(raw)).replace(/[\s'’٬]/g, '').replace('٫', decimal).replace('\u2212', '-');
  if (!text) return undefined;
  const group = decimal === ',' ? '.' : ',';
  const grouped = new RegExp(`^[+-]?\\d{1,3}(\\${group}\\d{2})*(\\${group}\\d{3})+(\\${decimal}\\d*)?$`);
  const plain = grouped.test(text) ? text.split(group).join('') : text.includes(decimal) ? text : text.replace(group, decimal);
  const normalized = plain.replace(decimal, '.');
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(normalized) ? Number(normalized) : raw;
}

const marks = new Map<string, string>();

/**
 * `,` where the locale writes one and a half as "1,5", else `.`. Once per locale: a formatter
 * per keystroke was wasted work, and the page's first one loads the locale's number data
 * (~15 ms here, ~60 ms on a slow phone; `warmNumberInput` does that before the first key).
 */
const decimalMark = (locale: string) => {
  let mark = marks.get(locale);
  if (!mark) marks.set(locale, (mark = new Intl.NumberFormat(locale).formatToParts(0.5).find((part) => part.type === 'decimal')?.value === ',' ? ',' : '.'));
  return mark;
};

/** Finds the locale's decimal mark while the browser is idle, so the visitor's first key does not wait for it. */
export const warmNumberInput = (locale: string): void => void (window.requestIdleCallback ?? setTimeout)(() => decimalMark(locale));

/** A stored answer as the visitor would type it: 2.125 is "2,125" in German, never "2.125". */
export const formatNumberInput = (value: number, locale: string): string => String(value).replace('.', decimalMark(locale));
