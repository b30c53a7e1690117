/**
 * What a visitor's answer to one question can be: an option id (single choice), option ids
 * (multiple choice), a text, a number or a yes/no (consent).
 */
export type AnswerValue = string | number | boolean | string[];

/** Answers by question id. Contact fields are questions too, keyed by their field id. */
export type Answers = Readonly<Record<string, AnswerValue>>;

/** Hidden fields passed by the embedding page (UTM parameters, a plan, an account id). */
export type HiddenFields = Readonly<Record<string, string>>;

/** Empty means "not answered": no text, no selection, an unticked box, or nothing at all. */
export function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined || value === false) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === 'number' ? Number.isFinite(value) : true;
}
