import { suggestName } from '../../shared/did-you-mean.ts';
import type { Issue } from '../../shared/issue.ts';
import type { Flow } from '../schema/flow.ts';
import { answerIssueCodes, TEXT_LIMITS } from '../step-kinds.ts';
import { issuesOf } from './lint-messages.ts';

/**
 * Question settings that load but do nothing: a message for an issue code that does not exist
 * (a typo keeps the built-in message), "other" on a question that never asks for its text,
 * `"minSelected": 0` on a required question, and a `maxLength` past what a text answer holds.
 */
export function checkQuestions(flow: Flow, issues: Issue[]): void {
  flow.steps.forEach((step, i) => {
    const path = ['steps', i];
    if ('errors' in step)
      for (const code of Object.keys(step.errors ?? {}))
        if (!(answerIssueCodes as readonly string[]).includes(code))
          issues.push({
            code: 'unknown_error_code',
            path: [...path, 'errors', code],
            message: `no answer is ever refused as "${code}", so this message is never shown`,
            hint: suggestName(code, answerIssueCodes),
          });
        // Written for a check the step does not make: its author meant gmail.com to be refused.
        else if (code === 'personal_email' && !issuesOf(step).includes(code))
          issues.push({
            code: 'error_never_shown',
            path: [...path, 'errors', code],
            message: 'this step takes personal e-mail addresses, so this message is never shown',
            hint: 'add "businessOnly": true to refuse personal addresses, or remove this message',
            severity: 'warning',
          });
    if ('options' in step && step.type !== 'single_choice')
      step.options.forEach((option, k) => {
        if (option.other)
          issues.push({
            code: 'other_ignored',
            path: [...path, 'options', k, 'other'],
            message: `only a single choice asks for a text with "other"; on a ${step.type} question it does nothing`,
            hint: 'remove "other", or add a short_text step for the text',
            severity: 'warning',
          });
      });
    if (step.type === 'contact')
      step.fields.forEach((field, k) => {
        if (field.businessOnly !== undefined && field.kind !== 'email')
          issues.push({
            code: 'business_only_ignored',
            path: [...path, 'fields', k, 'businessOnly'],
            message: `only an e-mail field refuses personal addresses; on a ${field.kind} field "businessOnly" does nothing`,
            hint: step.fields.some((f) => f.kind === 'email') ? 'remove "businessOnly", or put it on the e-mail field' : 'remove "businessOnly"',
            severity: 'warning',
          });
      });
    if (step.type === 'multiple_choice' && step.minSelected === 0 && step.required !== false)
      issues.push({
        code: 'min_ignored',
        path: [...path, 'minSelected'],
        message: 'a required question needs at least one choice, so "minSelected": 0 does nothing',
        hint: 'add "required": false to let visitors choose none',
        severity: 'warning',
      });
    if ((step.type === 'short_text' || step.type === 'long_text') && step.maxLength !== undefined && step.maxLength > TEXT_LIMITS[step.type])
      issues.push({
        code: 'too_big',
        path: [...path, 'maxLength'],
        message: `a ${step.type} answer holds at most ${TEXT_LIMITS[step.type]} characters, so visitors are stopped there`,
        hint: step.type === 'short_text' ? `lower it to ${TEXT_LIMITS.short_text}, or use a long_text question` : `lower it to ${TEXT_LIMITS.long_text}`,
        severity: 'warning',
      });
  });
}
