/**
 * Where JSON text first goes wrong, as a character offset, or -1 when it is valid. V8 names
 * the position for some syntax errors but not for others ("Unexpected token ']'" after a
 * trailing comma in a list), so the explained message finds it itself.
 */
export function jsonErrorOffset(text: string): number {
  let at = 0;
  // A throw unwinds the recursive descent at the first error in one step; it never leaves
  // this function, which returns the offset as data.
  const fail = (): never => {
    throw at;
  };
  const space = () => {
    while (/\s/.test(text[at] ?? '')) at++;
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
      at++;
      space();
      if (text[at] === close) return void at++;
      for (;;) {
        if (close === '}') {
          space();
          if (text[at] !== '"') fail();
          string();
          space();
          literal(':');
        }
        value();
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
