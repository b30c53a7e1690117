import { hasCredentials, hostWithoutScheme, urlScheme } from '../../shared/url-scheme.ts';
import { suggestName } from '../../shared/did-you-mean.ts';
import type { Issue } from '../../shared/issue.ts';
import { predicatesOf } from '../flow-conditions.ts';
import type { Flow } from '../schema/flow.ts';
import { resolveScoring } from '../scoring/resolve-scoring.ts';
import { questionsOf } from '../step-kinds.ts';
import { builtInLanguages } from '../schema/messages.ts';
import { textLocale } from '../text.ts';

/** The rules of a step that are ever tried: those up to and including the first without `if`. */
const triedRules = (step: Flow['steps'][number]) => {
  const rules = ('next' in step && step.next) || [];
  const always = rules.findIndex((rule) => !rule.if);
  return always < 0 ? rules : rules.slice(0, always + 1);
};

/** Where each step can go, ignoring conditions: every `goto` tried, and the following step when no rule always holds. */
function edges(flow: Flow): number[][] {
  const position = new Map(flow.steps.map((step, i) => [step.id, i]));
  return flow.steps.map((step, i) => {
    if (step.type === 'end') return [];
    const tried = triedRules(step);
    const targets = tried.map((rule) => position.get(rule.goto)!);
    if (!tried.some((rule) => !rule.if) && i + 1 < flow.steps.length) targets.push(i + 1);
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
  const askedAt = askedAtOf(flow);
  flow.steps.forEach((step, i) => {
    const tried = triedRules(step).length;
    ('next' in step ? (step.next ?? []) : []).slice(tried).forEach((_, k) =>
      issues.push({
        code: 'unreachable_rule',
        path: ['steps', i, 'next', tried + k],
        message: `this rule is never tried: rule ${tried - 1} before it has no "if", so it always applies`,
        hint: 'move the rule without "if" to the end, or remove this one',
        severity: 'warning',
      }),
    );
    checkAnsweredBefore(flow, i, graph, askedAt, issues);
    // One answer per question: a rule back to its own step shows it again as it was.
    triedRules(step).forEach((rule, k) => {
      if (rule.if && rule.goto === step.id)
        issues.push({
          code: 'same_step_again',
          path: ['steps', i, 'next', k, 'goto'],
          message: `this rule shows step "${step.id}" again, with the answer just given: Next seems to do nothing`,
          hint: 'go to another step, such as a follow-up question',
          severity: 'warning',
        });
    });
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

/** The step that asks each question, by position. */
function askedAtOf(flow: Flow): Map<string, number> {
  const askedAt = new Map<string, number>();
  flow.steps.forEach((step, i) => questionsOf(step).forEach((question) => askedAt.set(question, i)));
  return askedAt;
}

/** Whether a question asked at step `asked` has no answer yet at step `at`: no path leads from there to here. */
const askedOnlyAfter = (graph: number[][], asked: number | undefined, at: number): asked is number => asked !== undefined && asked !== at && !leadsTo(graph, asked, at);

/** Whether a path leads from `from` to `to`: a search that stops there (a rule usually reads an answer given a step or two before). */
function leadsTo(graph: number[][], from: number, to: number): boolean {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length)
    for (const next of graph[queue.pop()!]!) {
      if (next === to) return true;
      if (!seen.has(next)) seen.add(next), queue.push(next);
    }
  return false;
}

/**
 * A branching rule reads the answers given so far: one that names a question asked only after
 * its step never sees an answer, so `is` never holds (and `answered: false` always does).
 */
function checkAnsweredBefore(flow: Flow, at: number, graph: number[][], askedAt: Map<string, number>, issues: Issue[]): void {
  const step = flow.steps[at]!;
  triedRules(step).forEach((rule, k) => {
    for (const [predicate, path] of rule.if ? predicatesOf(rule.if, ['steps', at, 'next', k, 'if']) : []) {
      if (!('answer' in predicate)) continue;
      const asked = askedAt.get(predicate.answer);
      // Its own answers, and questions the flow does not ask (reported as unknown elsewhere).
      if (askedOnlyAfter(graph, asked, at))
        issues.push({
          code: 'answer_not_yet_given',
          path: [...path, 'answer'],
          message: `"${predicate.answer}" is asked only after step "${step.id}" (if at all), so this rule never sees its answer`,
          hint: `move the rule to step "${flow.steps[asked]!.id}" or a step after it, or ask "${predicate.answer}" earlier`,
          severity: 'warning',
        });
    }
  });
}

/** Text properties that may be a locale map. */
const TEXT_KEYS = new Set(['title', 'description', 'label', 'placeholder', 'unit', 'minLabel', 'maxLabel']);

/** Locale maps that lack a locale the flow declares: visitors in it would see the fallback language. */
export function checkTranslations(flow: Flow, issues: Issue[]): void {
  const locales = flow.locales ?? [];
  // Loading takes any tag Intl knows; text maps and visitors' languages use the usual form.
  locales.forEach((locale, i) => {
    const usual = Intl.getCanonicalLocales(locale)[0];
    if (usual !== locale)
      issues.push({ code: 'locale_form', path: ['locales', i], message: `"${locale}" is usually written "${usual}"`, hint: `write "${usual}", as in the text maps`, severity: 'warning' });
  });
  if (!locales.length) return;
  // Whether the widget shows this locale's own text, not a fallback's (a `de-DE` visitor the `de` one).
  const has = (text: Record<string, string>, locale: string) => [locale, locale.split('-')[0]].includes(textLocale(text, locale));
  // A step's own error messages (`errors`) are texts too, under any issue code.
  const walk = (value: unknown, path: Array<string | number>, isText = (key: string) => TEXT_KEYS.has(key)): void => {
    if (Array.isArray(value)) return value.forEach((item, i) => walk(item, [...path, i]));
    if (!value || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'errors') walk(child, [...path, key], () => true);
      else if (isText(key) && child && typeof child === 'object' && !Array.isArray(child)) {
        // An empty text shows nothing, which is no better than a missing one.
        const missing = locales.filter((locale) => !has(child as Record<string, string>, locale));
        // The widget falls back to the declared locales in order, then to any text the map holds.
        const shown = locales.find((locale) => has(child as Record<string, string>, locale));
        if (missing.length)
          issues.push({
            code: 'missing_translation',
            path: [...path, key],
            message: `no ${missing.map((l) => `"${l}"`).join(', ')} text, though the flow declares ${missing.length > 1 ? 'these locales' : 'this locale'}`,
            hint: `add ${missing.map((l) => `"${l}": "…"`).join(', ')}; until then visitors see ${flowWide(path, key, missing) ?? seen(path, missing, shown)}`,
            severity: 'warning',
          });
      } else walk(child, [...path, key]);
    }
  };
  // A step's own message lacking a locale gives way to the flow-wide one where that has it.
  const flowWide = (path: Array<string | number>, code: string, missing: string[]) => {
    const text = path.at(-1) === 'errors' ? (flow.messages?.issues as Record<string, Record<string, string> | string> | undefined)?.[code] : undefined;
    return text && missing.every((locale) => typeof text === 'string' || has(text, locale)) ? `the flow's "messages.issues.${code}" text` : undefined;
  };
  walk(flow.steps, ['steps']);
  walk({ title: flow.title }, []);
  // The widget's own words (`messages`): every property is a text, in its two groups too.
  const { fields, issues: errors, ...texts } = flow.messages ?? {};
  walk(texts, ['messages'], () => true);
  walk(fields, ['messages', 'fields'], () => true);
  walk(errors, ['messages', 'issues'], () => true);
}

/**
 * What visitors in the missing locales see instead of a text: a message of the flow's own gives
 * way to the built-in one in a language LeadFlow speaks (src/ui/i18n/flow-messages.ts).
 */
function seen(path: Array<string | number>, missing: string[], shown: string | undefined): string {
  const builtIn = (locale: string) => (builtInLanguages as readonly string[]).includes(locale.split('-')[0]!);
  const own = shown ? `the ${shown} text` : 'a text in another language';
  if (!path.includes('errors') && path[0] !== 'messages') return own;
  return missing.every(builtIn) ? 'the built-in text in their language' : missing.some(builtIn) ? `the built-in text, or ${own} where LeadFlow has no text in their language` : own;
}

/** A lead's answers in transit: only https, except to this machine while developing. */
export function checkWebhooks(flow: Flow, issues: Issue[]): void {
  const urls: Array<[string, Array<string | number>]> = [];
  if (flow.webhook) urls.push([flow.webhook, ['webhook']]);
  flow.webhooks?.forEach((hook, i) => urls.push([hook.url, ['webhooks', i, 'url']]));
  // Funnel events carry no personal data, but a visitor's path is still theirs to keep private.
  if (flow.analytics) urls.push([flow.analytics, ['analytics']]);
  for (const [url, path] of urls) {
    // Relative URLs post to the page's own origin, which is as safe as the page; but one that
    // starts with a host name (or a mangled "https//") was meant for another site, and every
    // lead would go to a path on the page's own.
    const protocol = urlScheme(url);
    const host = hostWithoutScheme(url);
    if (host)
      issues.push({
        code: 'webhook_without_scheme',
        path,
        message: `"${url}" has no https://, so it is a path on the landing page's own site, not the host "${host}"`,
        hint: `write "https://${url.replace(/^https?\/*:?\/*/i, '')}", or start a path on the page's own site with "/"`,
        severity: 'warning',
      });
    if (hasCredentials(url)) {
      issues.push({
        code: 'invalid_webhook',
        path,
        message: `"${url}" holds a user name or password, which browsers never send: no lead would arrive`,
        hint: 'put a token in its query (?token=…) instead, or post to a relay that adds the credentials',
      });
      continue;
    }
    if (url.includes('#'))
      issues.push({
        code: 'webhook_fragment',
        path,
        message: `"${url}" has a #: nothing after it is sent${url.includes('&#') ? ' (an HTML-escaped &, as WordPress writes it)' : ''}`,
        hint: 'remove the # and what follows, or write & for &#038; / &amp;',
        severity: 'warning',
      });
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
 * Partial leads go out when a contact step is complete (issue 4's contract): where a required
 * consent step can still follow it, on a path that reached the contact step without passing
 * the consent, the visitor's details reach the webhook before they agreed to what the consent
 * says. (A loop back after the contact step does not count: that visitor has agreed already.)
 * The marketer decides (ask for consent first, or keep partials off); a warning per contact
 * step names the consent it runs ahead of.
 */
export function checkPartialConsent(flow: Flow, issues: Issue[]): void {
  if (!flow.partialLeads) return;
  const graph = edges(flow);
  const reachedPast = (consent: number) => reach(graph.map((targets, k) => (k === consent ? [] : targets)), [0]);
  flow.steps.forEach((step, at) => {
    if (step.type !== 'contact') return;
    const consent = flow.steps.findIndex((later, i) => later.type === 'consent' && later.required !== false && leadsTo(graph, at, i) && reachedPast(i).has(at));
    if (consent >= 0)
      issues.push({
        code: 'partial_before_consent',
        path: ['partialLeads'],
        message: `a partial lead sends what step "${step.id}" asks as soon as it is complete, before the visitor agrees at step "${flow.steps[consent]!.id}"`,
        hint: `ask for consent before step "${step.id}" if the details may only go out with it, or leave "partialLeads" out`,
        severity: 'warning',
      });
  });
}

/**
 * When a flow picks endings by route (a step whose route rules lead to two endings or more),
 * every route should get one: named by a rule that leads to an end step, or caught by a step
 * whose last rule (or following step) is an ending. An early exit (`disqualified` → goodbye,
 * everyone else on) picks no ending for the others, and is fine.
 */
export function checkRouteEndings(flow: Flow, issues: Issue[]): void {
  const isEnd = (id: string | undefined) => flow.steps.find((s) => s.id === id)?.type === 'end';
  const named = new Set<unknown>();
  let choosesEndings = false;
  let catchAll = false;
  flow.steps.forEach((step, i) => {
    if (step.type === 'end' || !step.next) return;
    const endings = new Set<string>();
    for (const rule of step.next)
      for (const [predicate] of rule.if ? predicatesOf(rule.if, []) : [])
        if ('score' in predicate && predicate.score === 'route' && isEnd(rule.goto)) {
          endings.add(rule.goto);
          [predicate.is, ...(predicate.in ?? [])].forEach((value) => named.add(value));
        }
    const here = endings.size > 1;
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
  const graph = edges(flow);
  const askedAt = askedAtOf(flow);
  const walk = (value: unknown, path: Array<string | number>): void => {
    if (typeof value === 'string') {
      for (const [, id] of value.matchAll(/\{\{\s*answers\.([\w-]+)\s*\}\}/g)) {
        const asked = askedAt.get(id!);
        const at = path[1] as number;
        if (!questions.has(id!))
          issues.push({
            code: 'unknown_answer',
            path,
            message: `"{{answers.${id}}}" names no question, so it shows nothing`,
            hint: suggestName(id!, [...questions]),
          });
        // As for rules: a text shown before its question is asked shows nothing in its place.
        else if (askedOnlyAfter(graph, asked, at))
          issues.push({
            code: 'answer_not_yet_given',
            path,
            message: `"${id}" is asked only after step "${flow.steps[at]!.id}" (if at all), so this text shows nothing in its place`,
            hint: `move the text to step "${flow.steps[asked]!.id}" or a step after it, or ask "${id}" earlier`,
            severity: 'warning',
          });
      }
    } else if (value && typeof value === 'object') for (const [key, child] of Object.entries(value)) walk(child, [...path, Array.isArray(value) ? Number(key) : key]);
  };
  walk(flow.steps, ['steps']);
}
