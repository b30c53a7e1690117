import type { JsonPath } from '../../shared/issue.ts';

/** JSON's own white space; `\s` would also skip a no-break space, which JSON refuses. */
const JSON_SPACE = /[ \t\n\r]/;

/**
 * Reads JSON text the way JSON.parse does, to say what JSON.parse does not: where the text first
 * goes wrong, as a character offset (-1 when it is valid), and each key written a second time in
 * one object (JSON.parse keeps the last, silently), with its path and offset. V8 names the
 * position for some syntax errors but not for others ("Unexpected token ']'" after a trailing
 * comma in a list), so the explained message finds it itself.
 */
function scanJson(text: string, onDuplicate?: (path: JsonPath, at: number) => void): number {
  let at = 0;
  const path: Array<string | number> = [];
  // A throw unwinds the recursive descent at the first error in one step; it never leaves
  // this function, which returns the offset as data.
  const fail = (): never => {
    throw at;
  };
  const space = () => {
    while (JSON_SPACE.test(text[at] ?? '')) at++;
  };
  const literal = (word: string) => {
    for (const char of word) if (text[at++] !== char) (at--, fail());
  };
  const string = () => {
    at++;
    while (text[at] !== '"') {
      if (at >= text.length || text[at]! < ' ') fail();
      at += text[at] === '\\' ? 2 : 1;
    }
    at++;
  };
  const value = (): void => {
    space();
    const char = text[at];
    if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      const keys = new Set<string>();
      at++;
      space();
      if (text[at] === close) return void at++;
      for (let item = 0; ; item++) {
        let key: string | number = item;
        if (close === '}') {
          space();
          if (text[at] !== '"') fail();
          const start = at;
          string();
          if (onDuplicate) {
            // Only valid text is searched for duplicates: its keys parse.
            key = JSON.parse(text.slice(start, at)) as string;
            if (keys.has(key)) onDuplicate([...path, key], start);
            keys.add(key);
          }
          space();
          literal(':');
        }
        path.push(key);
        value();
        path.pop();
        space();
        if (text[at] === close) return void at++;
        literal(',');
      }
    }
    if (char === '"') return string();
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (number) return void (at += number[0].length);
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, at)) return void (at += word.length);
    fail();
  };
  try {
    value();
    space();
    return at < text.length ? at : -1;
  } catch (offset) {
    return offset as number;
  }
}

/** Where JSON text first goes wrong, as a character offset, or -1 when it is valid. */
export const jsonErrorOffset = (text: string): number => scanJson(text);

/** Each key written a second time in its object: its path and the offset of its second writing. */
export function duplicateKeys(text: string): Array<{ path: JsonPath; at: number }> {
  const found: Array<{ path: JsonPath; at: number }> = [];
  scanJson(text, (path, at) => found.push({ path, at }));
  return found;
}
