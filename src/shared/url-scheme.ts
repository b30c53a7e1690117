/** The scheme of an absolute URL, lower-cased (`https`, `javascript`), or undefined for a relative one. */
export const urlScheme = (url: string): string | undefined => /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();

/**
 * Whether a URL with a host (`https://…`, or `//…` taking the page's scheme) carries
 * `user:password@` before it. Browsers refuse to request such a URL (the Fetch standard), so a
 * webhook written that way never receives anything.
 */
export const hasCredentials = (url: string): boolean => /^(?:[^:/?#]+:)?\/\/[^/?#]*@/.test(url);

/** `url` resolved against `base` (a page's address), or as it is when either is no URL. */
export const resolvedUrl = (url: string, base: string | undefined): string => {
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
};
