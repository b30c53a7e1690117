/**
 * Without invisible format characters (zero-width spaces, direction marks, soft hyphens); the
 * joiners stay, which are part of what is written (👩‍💻, Persian words). A paste from a web
 * page or a chat app brings them, and so can a link's parameter.
 */
export const withoutFormatMarks = (text: string): string => text.replace(/(?![\u200c\u200d])\p{Cf}/gu, '');
