/** The scheme of an absolute URL, lower-cased (`https`, `javascript`), or undefined for a relative one. */
export const urlScheme = (url: string): string | undefined => /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();

/**
 * The host a relative URL was meant to name (`hooks.example.com/leads`, `https//hooks…`,
 * `www.…`, `localhost:3000`), else undefined: every lead would go to a path on the page's own
 * site. `leads.ashx` alone is a file next to the page.
 */
export const hostWithoutScheme = (url: string): string | undefined => {
  const host = urlScheme(url) ? null : /^(https?\/*:?\/*)?((www\.)?(?:[\w-]+\.)+[a-z]{2,}|localhost)([:/]?)/i.exec(url);
  return host && (host[1] || host[3] || host[4]) ? host[2] : undefined;
};

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
