import type { Issue } from '../../shared/issue.ts';
import type { Flow } from '../schema/flow.ts';
import type { StepOf } from '../schema/step.ts';
import type { AnswerIssueCode } from '../step-kinds.ts';
import { builtInLanguages, type MessageKey } from '../schema/messages.ts';
import type { LocalizedText } from '../schema/text.ts';
import { textLocale } from '../text.ts';

type Step = Flow['steps'][number];

/**
 * The widget's own words a flow can show: always the buttons, progress and error summary, the
 * rest only where a step or setting puts them on screen. An error message only where a step
 * that can show it has no text of its own for it (`ownText`: in the language asked about).
 */
function shownMessages(flow: Flow, ownText: (text: LocalizedText | undefined) => boolean): string[] {
  const steps = flow.steps;
  const has = (test: (step: Step) => unknown) => steps.some(test);
  const keys: Array<[MessageKey, unknown]> = [
    ['next', true],
    ['back', true],
    ['submit', true],
    ['progress', true],
    ['progressLabel', true],
    ['error', true],
    ['errorSummary', true],
    ['close', true],
    ['openForm', !flow.title],
    ['optional', has((s) => ('required' in s && s.required === false) || (s.type === 'contact' && s.fields.some((f) => f.required === false)))],
    ['autoAdvance', flow.autoAdvance && has((s) => s.type === 'single_choice')],
    ['privacy', has((s) => s.type === 'consent' && s.privacyUrl)],
    ['choose', has((s) => s.type === 'dropdown' && !s.placeholder)],
    ['noAnswer', has((s) => s.type === 'range' && s.required === false)],
    ['less', has((s) => s.type === 'range')],
    ['more', has((s) => s.type === 'range')],
    ['fillIn', has((s) => (s.type === 'contact' && s.fields.some((f) => f.required !== false)) || ('options' in s && s.options.some((o) => o.other)))],
  ];
  const fields = steps.flatMap((s) => (s.type === 'contact' ? s.fields.filter((f) => !f.label).map((f) => `fields.${f.kind}`) : []));
  const own = (s: Step, code: string) => ownText((s as { errors?: Record<string, LocalizedText> }).errors?.[code]);
  const issues = steps.flatMap((s) => issuesOf(s).flatMap((code) => (own(s, code) ? [] : [`issues.${code}`])));
  return [...keys.filter(([, shown]) => shown).map(([key]) => key), ...new Set([...fields, ...issues])];
}

/**
 * The error messages a step can show (src/engine/step-kinds.ts refuses answers with these). Not
 * `too_long`: a text field takes no more than its cap (`maxlength`), and `unknown_option`, which
 * no click makes.
 */
export function issuesOf(step: Step): AnswerIssueCode[] {
  // A consent says `consent_required`, contact fields `fillIn`; statements and endings ask nothing.
  const asks = !['consent', 'contact', 'statement', 'end'].includes(step.type) && (step as { required?: boolean }).required !== false;
  const required = asks ? ['required' as const] : [];
  const kind: Partial<Record<Step['type'], (s: never) => Array<AnswerIssueCode | false | undefined>>> = {
    consent: () => ['consent_required'],
    email: (s: StepOf<'email'>) => ['invalid_email', s.businessOnly && 'personal_email'],
    phone: () => ['invalid_phone'],
    website: () => ['invalid_website'],
    number: (s: StepOf<'number'>) => ['not_a_number', s.min !== undefined && 'too_small', s.max !== undefined && 'too_big', !!s.step && 'not_in_steps'],
    date: (s: StepOf<'date'>) => ['invalid_date', !!s.min && 'date_too_early', !!s.max && 'date_too_late'],
    multiple_choice: (s: StepOf<'multiple_choice'>) => [s.minSelected !== undefined && 'too_few_selected', s.maxSelected !== undefined && 'too_many_selected'],
    contact: (s: StepOf<'contact'>) =>
      s.fields.flatMap((f) => [['email', 'phone', 'website'].includes(f.kind) && (`invalid_${f.kind}` as AnswerIssueCode), f.kind === 'email' && f.businessOnly && 'personal_email']),
  };
  return [...required, ...((kind[step.type]?.(step as never) ?? []).filter(Boolean) as AnswerIssueCode[])];
}

/**
 * A declared locale in a language LeadFlow has no strings in (French, say): its visitors see the
 * widget's buttons and messages in English, unless the flow's `messages` gives them.
 */
export function checkMessageLanguages(flow: Flow, issues: Issue[]): void {
  const own = (flow.messages ?? {}) as Record<string, unknown>;
  const textOf = (key: string) => {
    const [group, name] = key.split('.');
    return (name ? (own[group!] as Record<string, LocalizedText> | undefined)?.[name] : own[key]) as LocalizedText | undefined;
  };
  (flow.locales ?? []).forEach((locale, i) => {
    const language = locale.split('-')[0]!;
    if ((builtInLanguages as readonly string[]).includes(language)) return;
    const says = (text: LocalizedText | undefined) => typeof text === 'string' || [locale, language].includes(textLocale(text, locale) ?? '');
    const missing = shownMessages(flow, says).filter((key) => !says(textOf(key)));
    if (missing.length)
      issues.push({
        code: 'untranslated_messages',
        path: ['locales', i],
        message: `LeadFlow has no "${locale}" buttons and messages of its own (only ${builtInLanguages.join(' and ')}), and "messages" gives no "${locale}" text for ${missing.join(', ')}: visitors in "${locale}" see ${missing.length > 1 ? 'these' : 'it'} in English (or in another of the flow's languages where "messages" has one)`,
        hint: `add "messages" with "${locale}" texts, e.g. { "next": { "${locale}": "…" } } (docs/flow-format.md has a French and a Spanish set to copy)`,
        severity: 'warning',
      });
  });
}
