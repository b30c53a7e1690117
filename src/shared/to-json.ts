/**
 * `JSON.stringify`, whatever the host page did to `Array.prototype.toJSON`: Prototype.js 1.6
 * (still on old shop and CMS pages) defines one that turns every list into a string, so a lead's
 * multiple-choice answers and its score trace reached the CRM as text. The page's method is set
 * aside for this one synchronous call and put back.
 */
export function toJson(value: unknown): string {
  const pages = Object.getOwnPropertyDescriptor(Array.prototype, 'toJSON');
  if (!pages?.configurable) return JSON.stringify(value);
  delete (Array.prototype as { toJSON?: unknown }).toJSON;
  try {
    return JSON.stringify(value);
  } finally {
    Object.defineProperty(Array.prototype, 'toJSON', pages);
  }
}
