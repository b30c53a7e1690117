import { resolveText, type Condition, type Flow, type Predicate, type Scalar } from '../../engine/index.ts';
import { parseArgs } from '../args.ts';
import { loadFlowFile, UsageError, type Io } from '../io.ts';
import { flowForVariant } from '../variant-file.ts';

export const graphHelp = `Usage: leadflow graph <file> [--locale <tag>] [--variant <id>]

Prints the flow as a Mermaid flowchart: one node per step (end steps rounded), one edge per
"next" rule labelled with a short summary of its condition, and "else" for the fall-through
to the following step. Paste it into a Markdown file or https://mermaid.live.

Options:
  --locale <tag>   the language of the step titles (default: the flow's first locale)
  --variant <id>   the flow as that A/B variant shows it (its overrides, or its flow file)`;

/** The longest edge label; longer conditions are shortened to `all(…)` or cut with "…". */
const MAX_LABEL = 40;

/**
 * Text safe inside a quoted Mermaid label: quotes, brackets, pipes, angle brackets and `#`
 * become entity codes (`#quot;`); line breaks become spaces.
 */
export function escapeMermaid(text: string): string {
  const codes: Record<string, string> = {
    '#': '#35;',
    '"': '#quot;',
    '[': '#91;',
    ']': '#93;',
    '{': '#123;',
    '}': '#125;',
    '<': '#60;',
    '>': '#62;',
    '|': '#124;',
    '&': '#38;',
    '`': '#96;',
  };
  return text.replace(/\s+/g, ' ').replace(/[#"[\]{}<>|&`]/g, (char) => codes[char]!);
}

/** Cut between characters as a reader sees them: an emoji or a flag at the cut stays whole or goes. */
const cut = (text: string) => {
  const chars = Array.from(new Intl.Segmenter().segment(text), (part) => part.segment);
  return chars.length > MAX_LABEL ? `${chars.slice(0, MAX_LABEL - 1).join('')}…` : text;
};

const show = (value: Scalar) => String(value);

const comparisons = [
  ['gt', '>'],
  ['gte', '≥'],
  ['lt', '<'],
  ['lte', '≤'],
] as const;

/** `role is student`, `team_size ≥ 10 and ≤ 50`, `score.route is sales_now`, `email domain personal`. */
function predicateSummary(predicate: Predicate): string {
  const subject = 'answer' in predicate ? predicate.answer : 'hidden' in predicate ? `hidden.${predicate.hidden}` : `score.${predicate.score}`;
  const parts: string[] = [];
  if (predicate.is !== undefined) parts.push(`is ${show(predicate.is)}`);
  if (predicate.not !== undefined) parts.push(`is not ${show(predicate.not)}`);
  if (predicate.in !== undefined) parts.push(`in ${predicate.in.map(show).join(', ')}`);
  for (const [op, sign] of comparisons) if (predicate[op] !== undefined) parts.push(`${sign} ${predicate[op]}`);
  if (predicate.answered !== undefined) parts.push(predicate.answered ? 'answered' : 'not answered');
  if (predicate.domain !== undefined)
    parts.push(`domain ${predicate.domain === 'personal' ? 'personal' : predicate.domain.join(', ')}`);
  if (predicate.matches !== undefined) parts.push(`matches /${predicate.matches}/`);
  return cut(`${subject} ${parts.join(' and ') || '(no operator)'}`);
}

const isCompound = (condition: Condition) => 'all' in condition || 'any' in condition;

/** A short summary of a condition for an edge label, at most MAX_LABEL characters. */
export function conditionSummary(condition: Condition): string {
  if ('all' in condition || 'any' in condition) {
    const [name, list, joiner] = 'all' in condition ? ['all', condition.all, ' and '] : ['any', condition.any, ' or '];
    if (list.length === 1) return conditionSummary(list[0]!);
    const joined = list.map((c) => (isCompound(c) ? `(${conditionSummary(c)})` : conditionSummary(c))).join(joiner);
    return joined.length <= MAX_LABEL && !joined.includes('…') ? joined : `${name}(…)`;
  }
  if (!('answer' in condition || 'hidden' in condition || 'score' in condition)) {
    const inner = conditionSummary(condition.not);
    const text = isCompound(condition.not) ? `not (${inner})` : `not ${inner}`;
    return text.length <= MAX_LABEL && !inner.includes('…') ? text : 'not(…)';
  }
  return predicateSummary(condition);
}

/** The Mermaid `flowchart TD` of a flow's steps and branching, one line per node and edge. */
export function mermaidOf(flow: Flow, locale: string): string[] {
  const node = new Map(flow.steps.map((step, i) => [step.id, `s${i}`]));
  const lines = ['flowchart TD'];
  flow.steps.forEach((step, i) => {
    const label = escapeMermaid(`${step.id}: ${resolveText(step.title, locale, flow.locales ?? [])}`);
    lines.push(step.type === 'end' ? `  s${i}(["${label}"])` : `  s${i}["${label}"]`);
  });
  flow.steps.forEach((step, i) => {
    if (step.type === 'end') return;
    let conditional = 0;
    const edge = (to: string, label?: string) => lines.push(`  s${i} -->${label ? `|"${escapeMermaid(label)}"|` : ''} ${to}`);
    for (const rule of step.next ?? []) {
      // A rule without "if" always applies: the rules after it and the fall-through never do.
      if (!rule.if) return void edge(node.get(rule.goto)!, conditional ? 'else' : undefined);
      conditional++;
      edge(node.get(rule.goto)!, conditionSummary(rule.if));
    }
    if (i + 1 < flow.steps.length) edge(`s${i + 1}`, conditional ? 'else' : undefined);
  });
  return lines;
}

export function graph(args: readonly string[], io: Io): number {
  const { positionals, values } = parseArgs(args, { command: 'graph', values: ['--locale', '--variant'] });
  if (positionals.length !== 1) throw new UsageError('graph needs exactly one flow file: leadflow graph <file>');
  const base = loadFlowFile(positionals[0]!);
  const variant = values.get('--variant')?.at(-1);
  const flow = variant === undefined ? base : flowForVariant(positionals[0]!, base, variant);
  const locale = values.get('--locale')?.at(-1) ?? flow.locales?.[0] ?? 'en';
  for (const line of mermaidOf(flow, locale)) io.out(line);
  return 0;
}
