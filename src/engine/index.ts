/**
 * The pure engine: flow schema, loading, conditions, navigation and scoring. No DOM, no
 * Preact, no fetch — it runs in the browser, in Node (`leadflow/engine`) and in tests alike.
 */
export { flowSchema, type Flow } from './schema/flow.ts';
export type { Step, StepType, StepOf, NextRule, ContactField, ContactFieldKind } from './schema/step.ts';
export type { Condition, Predicate, Scalar } from './schema/condition.ts';
export type { Scoring, Criterion, Dimension, Route, Signal, TierRanges, FrameworkId, ScoreKind } from './schema/scoring.ts';
export type { LocalizedText } from './schema/text.ts';
export { loadFlow, loadVariant } from './load/load-flow.ts';
export { lintFlow, lintWithVariants, validateFlow } from './lint/lint-flow.ts';
export { evaluateCondition, type ConditionContext, type ScoreFacts } from './conditions.ts';
export { isAnswered, type Answers, type AnswerValue, type HiddenFields } from './answers.ts';
export { questionsOf, validateStep, isEmail, isPhone, isWebsite, TEXT_LIMITS, type AnswerIssue, type AnswerIssueCode } from './step-kinds.ts';
export {
  startFlow,
  restoreFlow,
  currentStep,
  setAnswer,
  nextStep,
  previousStep,
  canGoBack,
  isComplete,
  pathAnswers,
  progress,
  type FlowState,
  type Progress,
} from './navigation.ts';
export { scoreLead, type ScoreResult, type ScoreContext, type DimensionScore } from './scoring/score-lead.ts';
export { tierOf, DEFAULT_TIERS, type Tier } from './scoring/tiers.ts';
export { presets, DEFAULT_ROUTES, type Preset } from './scoring/presets.ts';
export { resolveScoring, type ResolvedScoring } from './scoring/resolve-scoring.ts';
export { isPersonalDomain, emailDomain, type DomainOverrides } from './scoring/personal-domains.ts';
export type { TraceEntry } from './scoring/criteria.ts';
export { webhookTargets } from './webhook-targets.ts';
export { prefillAnswers } from './prefill.ts';
export type { Theme } from './schema/theme.ts';
export { builtInLanguages, messageKeys, type MessageKey, type Messages } from './schema/messages.ts';
export { fallbackLocale, resolveText, textLocale } from './text.ts';
export type { Result } from '../shared/result.ts';
export { formatIssue, formatPath, type Issue, type JsonPath } from '../shared/issue.ts';
export { summarizeAnswers, type AnswerSummary, type LeadAnswers } from './lead-answers.ts';
export { createFunnelTracker, type FunnelEvent, type FunnelEventType, type FunnelContext, type FunnelTracker } from './funnel.ts';
export { pickVariant, applyVariant } from './variants.ts';
export type { Variant } from './schema/variant.ts';
