/** Longest pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 200;
/** Only this many characters of an answer are tested: bounds the work per test even for a safe pattern. */
export const MAX_INPUT_LENGTH = 500;

const HANG = ', which can hang the browser';
/** A repetition allowing more than this many counts as long. */
const LONG_REPEAT = 10;
/**
 * Most ways the repetitions of one alternative may split a text: each bounded one multiplies
 * them by the counts it allows (`\w{0,9}` five times: 100,000), and long ones, together, by 100
 * (`\w+\w{0,9}\w{0,9}\w{0,9}` takes seconds on a 500-character miss; alternatives add up).
 */
const MAX_SPLITS = 10_000;

/**
 * Why a pattern is refused, or undefined when it is safe to run. A conservative static check: it
 * may refuse harmless patterns, never the classic catastrophic shapes. A repeated group must not
 * contain a quantifier (even `?`: `(a?a)+` splits input like `(a|aa)+`) or a `|`, at any depth;
 * the same atom must not repeat without bound twice in a row (`\d+\d*`); `.` only once unbounded;
 * at most two long repetitions in the whole pattern, and repetitions that together split a text
 * in at most MAX_SPLITS ways.
 */
export function unsafePatternReason(source: string): string | undefined {
  if (source.length > MAX_PATTERN_LENGTH) return `longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(source, 'i');
  } catch (error) {
    // Engines word it differently ("Invalid regular expression: /(/i: Unterminated group"): keep the tail.
    return `not a valid regular expression: ${String((error as Error).message).split(': ').pop()}`;
  }
  // It compiles, so groups and classes are balanced and the scan can be loose. A group's flags
  // cover nested groups too (`((a|aa))+`); its start and the atom before it let a closed group
  // be compared as one atom (`(ab)+(ab)+`).
  const parents = [];
  let previous = ''; // the atom before, when it repeats without bound
  // `splits` counts the current alternative; a group keeps the count at its start (`base`) and
  // the most any alternative reached (`best`): alternatives are tried one after the other.
  let group = { start: 0, previous: '', quantified: false, alternation: false, base: 1, best: 1 };
  let dots = 0;
  let long = 0;
  let splits = 1;
  for (let i = 0; i < source.length; ) {
    let start = i;
    let closed;
    const c = source[i++];
    if (c === '\\') {
      if (/[1-9]/.test(source.charAt(i)) || source.startsWith('k<', i)) return 'backreferences (like \\1) are not supported';
      i++;
    } else if (c === '[') {
      // Inside a class `(`, `|`, `+` are literal; only an unescaped `]` closes it.
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '|') {
      previous = '';
      group.alternation = true;
      group.best = Math.max(group.best, splits);
      splits = group.base;
      continue;
    } else if (c === '(') {
      parents.push(group);
      group = { start, previous, quantified: false, alternation: false, base: splits, best: splits };
      // Skip `?:`, `?=`, `?<!`, `?<name>`: that `?` is no quantifier.
      i += /^\?(?:<(?:[=!]|[^>]*>)|[^:=!]*[:=!])|/.exec(source.slice(i))![0].length;
      continue;
    } else if (c === ')') {
      closed = group;
      splits = Math.max(closed.best, splits);
      group = parents.pop()!;
      start = closed.start;
      previous = closed.previous;
      group.quantified ||= closed.quantified;
      group.alternation ||= closed.alternation;
    }
    // Without the `u` flag a `{` that does not form a quantifier is a literal, hence the strict form.
    const q = /^(?:([*+?])|\{(\d+)(,(\d*))?\})\??/.exec(source.slice(i));
    const atom = source.slice(start, i);
    if (!q) {
      previous = '';
      continue;
    }
    i += q[0].length;
    const [, sign, min, comma, upper] = q;
    const max = sign === '?' ? 1 : sign || (comma && !upper) ? Infinity : Number(upper || min);
    if (closed && max > 1 && closed.quantified) return `a repeated group contains another repetition (like (a+)+)${HANG}`;
    if (closed && max > 1 && closed.alternation) return `a repeated group contains alternatives (like (a|ab)+)${HANG}`;
    // Each long repetition multiplies the ways to split the text: three of them over 500
    // characters (`\\w+\\s*\\w+\\s*\\w+x`) already take minutes on a miss, two take milliseconds.
    if (max > LONG_REPEAT && ++long > 2) return `more than two long repetitions (like \\w+ or {1,50})${HANG}`;
    if (max <= LONG_REPEAT) splits *= max - Number(min ?? (sign === '+' ? 1 : 0)) + 1;
    if (splits * (long ? 100 : 1) > MAX_SPLITS) return `repetitions that together split the text in too many ways (like \\w{0,9} five times)${HANG}`;
    group.quantified = true;
    if (max === Infinity && (atom === previous || (atom === '.' && ++dots > 1))) return `two repetitions can match the same text (like \\d+\\d+ or .*.*)${HANG}`;
    previous = max === Infinity ? atom : '';
  }
  return undefined;
}

// Conditions re-test the same few patterns on every answer: compile each once. Without the `g`
// or `y` flag `test` keeps no state, so a shared RegExp is safe. null marks an invalid pattern.
const compiled = new Map<string, RegExp | null>();

/** Tests text against a pattern that passed unsafePatternReason: case-insensitive, on the first MAX_INPUT_LENGTH characters. Never throws (an invalid pattern => false). */
export function testPattern(source: string, text: string): boolean {
  if (!compiled.has(source)) {
    try {
      compiled.set(source, new RegExp(source, 'i'));
    } catch {
      compiled.set(source, null);
    }
  }
  return compiled.get(source)?.test(text.slice(0, MAX_INPUT_LENGTH)) ?? false;
}
