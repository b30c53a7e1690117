/**
 * Without invisible format characters (zero-width spaces, direction marks, soft hyphens); the
 * joiners stay, which are part of what is written (👩‍💻, Persian words). A paste from a web
 * page or a chat app brings them, and so can a link's parameter.
 */
export const withoutFormatMarks = (text: string): string => text.replace(/(?![\u200c\u200d])\p{Cf}/gu, '');

/**
 * An e-mail address as a receiver can use it: without invisible marks, and without the
 * `mailto:` (and `?subject=…`) of a link it was copied from, decoded (`b%C3%BCcher.de`).
 */
export const emailAddress = (text: string): string =>
  withoutFormatMarks(text).replace(/^\s*mailto:([^?]*).*$/is, (_, address: string) => decoded(address));

/** A link's percent-encoding undone, or the text as it is when it has none that works. */
const decoded = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};
