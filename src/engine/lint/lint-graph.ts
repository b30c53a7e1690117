import { urlScheme } from '../../shared/url-scheme.ts';
import { suggestName } from '../../shared/did-you-mean.ts';
import type { Issue } from '../../shared/issue.ts';
import { predicatesOf } from '../flow-conditions.ts';
import type { Flow } from '../schema/flow.ts';
import { resolveScoring } from '../scoring/resolve-scoring.ts';

/** Where each step can go, ignoring conditions: every `goto`, and the following step when no rule always holds. */
function edges(flow: Flow): number[][] {
  const position = new Map(flow.steps.map((step, i) => [step.id, i]));
  return flow.steps.map((step, i) => {
    if (step.type === 'end') return [];
    const targets = (step.next ?? []).map((rule) => position.get(rule.goto)!);
    if (!step.next?.some((rule) => !rule.if) && i + 1 < flow.steps.length) targets.push(i + 1);
    return targets;
  });
}

/** Every step reachable from `starts` along `graph` (or the first `limit` found), as positions. */
function reach(graph: number[][], starts: number[], limit = Infinity): Set<number> {
  const seen = new Set(starts);
  const queue = [...starts];
  while (queue.length && seen.size < limit) for (const next of graph[queue.pop()!]!) if (!seen.has(next)) seen.add(next), queue.push(next);
  return seen;
}

/**
 * The flow as a graph: steps no path reaches (warning), and steps from which no path leads to
 * an ending — a loop the visitor can never leave (error). Conditions are not evaluated: a step
 * counts as reachable when any rule can lead there. Linear in steps and rules.
 */
export function checkGraph(flow: Flow, issues: Issue[]): void {
  const graph = edges(flow);
  const reachable = reach(graph, [0]);
  const reverse: number[][] = flow.steps.map(() => []);
  graph.forEach((targets, from) => targets.forEach((to) => reverse[to]!.push(from)));
  const ends = flow.steps.flatMap((step, i) => (step.type === 'end' ? [i] : []));
  const finishing = reach(reverse, ends);
  flow.steps.forEach((step, i) => {
    if (!reachable.has(i))
      issues.push({
        code: 'unreachable_step',
        path: ['steps', i],
        message: `step "${step.id}" can never be reached`,
        hint: 'add a "goto" to it, or remove it',
        severity: 'warning',
      });
    else if (!finishing.has(i)) {
      // A few of the steps it goes round are enough to find the loop; listing all would make the
      // check quadratic and its output unreadable for a large generated flow.
      const loop = [...reach(graph, [i], 4)].map((k) => flow.steps[k]!.id);
      issues.push({
        code: 'dead_end',
        path: ['steps', i],
        message: `from step "${step.id}" no path leads to an end step: it only goes round ${loop.map((id) => `"${id}"`).join(', ')}`,
        hint: 'add a rule that leads to an end step',
      });
    }
  });
}

/** Text properties that may be a locale map. */
const TEXT_KEYS = new Set(['title', 'description', 'label', 'placeholder', 'unit', 'minLabel', 'maxLabel']);

/** Locale maps that lack a locale the flow declares: visitors in it would see the fallback language. */
export function checkTranslations(flow: Flow, issues: Issue[]): void {
  const locales = flow.locales ?? [];
  if (locales.length < 2) return;
  const walk = (value: unknown, path: Array<string | number>): void => {
    if (Array.isArray(value)) return value.forEach((item, i) => walk(item, [...path, i]));
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (TEXT_KEYS.has(key) && child && typeof child === 'object' && !Array.isArray(child)) {
        const missing = locales.filter((locale) => !(locale in child));
        if (missing.length)
          issues.push({
            code: 'missing_translation',
            path: [...path, key],
            message: `no ${missing.map((l) => `"${l}"`).join(', ')} text, though the flow declares ${missing.length > 1 ? 'these locales' : 'this locale'}`,
            hint: `add ${missing.map((l) => `"${l}": "…"`).join(', ')}; until then visitors see the ${locales[0]} text`,
            severity: 'warning',
          });
      } else walk(child, [...path, key]);
    }
  };
  walk(flow.steps, ['steps']);
  walk({ title: flow.title }, []);
}

/** A lead's answers in transit: only https, except to this machine while developing. */
export function checkWebhooks(flow: Flow, issues: Issue[]): void {
  const urls: Array<[string, Array<string | number>]> = [];
  if (flow.webhook) urls.push([flow.webhook, ['webhook']]);
  flow.webhooks?.forEach((hook, i) => urls.push([hook.url, ['webhooks', i, 'url']]));
  // Funnel events carry no personal data, but a visitor's path is still theirs to keep private.
  if (flow.analytics) urls.push([flow.analytics, ['analytics']]);
  for (const [url, path] of urls) {
    // Relative URLs post to the page's own origin, which is as safe as the page.
    const protocol = urlScheme(url);
    if (!protocol || protocol === 'https') continue;
    const local = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/i.test(url);
    if (protocol === 'http' && local) continue;
    issues.push(
      protocol === 'http'
        ? { code: 'insecure_webhook', path, message: `"${url}" is not https: what is sent would travel unencrypted`, hint: 'use https://', severity: 'warning' }
        : { code: 'invalid_webhook', path, message: `"${url}" is not a web address`, hint: 'use an https:// URL, or a path on the page’s own site' },
    );
  }
}

/**
 * When a flow picks endings by route, every route should get one: named by a rule that leads
 * to an end step, or caught by a step whose last rule (or following step) is an ending. An
 * early exit (`disqualified` → goodbye, everyone else on) is fine.
 */
export function checkRouteEndings(flow: Flow, issues: Issue[]): void {
  const isEnd = (id: string | undefined) => flow.steps.find((s) => s.id === id)?.type === 'end';
  const named = new Set<unknown>();
  let choosesEndings = false;
  let catchAll = false;
  flow.steps.forEach((step, i) => {
    if (step.type === 'end' || !step.next) return;
    let here = false;
    for (const rule of step.next)
      for (const [predicate] of rule.if ? predicatesOf(rule.if, []) : [])
        if ('score' in predicate && predicate.score === 'route' && isEnd(rule.goto)) {
          here = true;
          [predicate.is, ...(predicate.in ?? [])].forEach((value) => named.add(value));
        }
    choosesEndings ||= here;
    catchAll ||= here && isEnd(step.next.find((rule) => !rule.if)?.goto ?? flow.steps[i + 1]?.id);
  });
  if (!choosesEndings || catchAll) return;
  const scoring = resolveScoring(flow);
  const routes = new Set([...scoring.routes.map((row) => row.route), 'nurture', ...(scoring.knockouts.length ? ['disqualified'] : [])]);
  for (const route of routes)
    if (!named.has(route))
      issues.push({
        code: 'unhandled_route',
        path: ['scoring', 'routes'],
        message: `no ending is chosen for the route "${route}": its leads get whatever step the rules fall through to`,
        hint: `add a rule like { "if": { "score": "route", "is": "${route}" }, "goto": "…" }, or end those rules with one to an end step`,
        severity: 'warning',
      });
}

/** `{{answers.nmae}}` in a text would show nothing: every piped id must be a question of the flow. */
export function checkPiping(flow: Flow, questions: ReadonlySet<string>, issues: Issue[]): void {
  const walk = (value: unknown, path: Array<string | number>): void => {
    if (typeof value === 'string') {
      for (const [, id] of value.matchAll(/\{\{\s*answers\.([\w-]+)\s*\}\}/g))
        if (!questions.has(id!))
          issues.push({
            code: 'unknown_answer',
            path,
            message: `"{{answers.${id}}}" names no question, so it shows nothing`,
            hint: suggestName(id!, [...questions]),
          });
    } else if (value && typeof value === 'object') for (const [key, child] of Object.entries(value)) walk(child, [...path, Array.isArray(value) ? Number(key) : key]);
  };
  walk(flow.steps, ['steps']);
}
