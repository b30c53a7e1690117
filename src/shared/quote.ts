/**
 * A value in double quotes for a message, with the characters a reader cannot see written as
 * `\u200b`: `"done​"` (a zero-width space pasted from Google Docs) reads exactly like "done".
 */
export const quote = (value: unknown): string =>
  // No-break and other odd spaces, format marks (zero-width, direction, byte order) and line separators.
  String(JSON.stringify(value)).replace(/[^\S ]|\p{Cf}/gu, (char) =>
    // A tag character (in 🏴󠁧󠁢󠁥󠁮󠁧󠁿) is two UTF-16 units, each written out.
    [...Array(char.length).keys()].map((i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
