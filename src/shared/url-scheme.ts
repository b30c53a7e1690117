/** The scheme of an absolute URL, lower-cased (`https`, `javascript`), or undefined for a relative one. */
export const urlScheme = (url: string): string | undefined => /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
