import type { Condition } from '../schema/condition.ts';
import type { Criterion, Dimension, FrameworkId, NegativeRule, Route, Scoring, Signal, Tiers } from '../schema/scoring.ts';

/** A preset is a complete scoring block: what `extend` starts from. */
export type Preset = Required<Pick<Scoring, 'dimensions' | 'criteria' | 'negative' | 'signals' | 'strongSignals' | 'routes'>> & { tiers: Tiers };

/**
 * The framework's dimensions, each weighing an equal share of 100 points, rounded down (its
 * weight and cap): `"budget:fit need:intent"`. A flow re-weights one by declaring it again.
 */
function dimensionsOf(spec: string): Record<string, Dimension> {
  const parts = spec.split(' ');
  const share = Math.floor(100 / parts.length);
  return Object.fromEntries(
    parts.map((part) => {
      const [id, kind] = part.split(':') as [string, 'fit' | 'intent'];
      return [id, { kind, weight: share, cap: share }];
    }),
  );
}

const purchaseRequest: Condition = { answer: 'request', in: ['demo', 'pricing', 'quote', 'trial'] };

/**
 * The seed article's values, shared by every framework. Rules read conventional ids (a
 * question `request`, a contact field `email`, hidden fields `visits`, `email_clicks`,
 * `downloads`, `social`, `opted_out`) and apply only when the flow has them; see
 * docs/flow-format.md, "Scoring".
 */
const intent: Criterion[] = [
  { id: 'demo_or_pricing', kind: 'intent', when: purchaseRequest, points: 25 },
  { id: 'repeat_visits', kind: 'intent', when: { hidden: 'visits', gte: 2 }, points: 5 },
  { id: 'email_engagement', kind: 'intent', when: { hidden: 'email_clicks', gte: 1 }, points: 10 },
  { id: 'content_download', kind: 'intent', when: { hidden: 'downloads', gte: 1 }, points: 10 },
  { id: 'social_engagement', kind: 'intent', when: { hidden: 'social', gte: 1 }, points: 5 },
];

const negative: NegativeRule[] = [
  { id: 'personal_email', when: { answer: 'email', domain: 'personal' }, points: -10 },
  { id: 'opted_out', when: { hidden: 'opted_out', in: ['1', 'true', 'yes'] }, points: -10 },
];

/**
 * The seed's thresholds: 0–30 cold, 31–60 warm, 61+ hot. Only the mins: a flow that moves one
 * tier's `min` must not clash with a default `max` it never wrote.
 */
export const DEFAULT_TIERS: Tiers = { cold: {}, warm: { min: 31 }, hot: { min: 61 } };

const signals: Signal[] = [{ id: 'purchase_request', strength: 'strong', when: purchaseRequest }];

/**
 * The seed's matrix: high score and strong signals go to sales now; signals with a low score
 * get a follow-up (tracking may have missed engagement); a high score with weak signals is
 * nurtured, as is everyone else. Knock-outs go to `disqualified` before this table is read.
 */
export const DEFAULT_ROUTES: Route[] = [
  { route: 'sales_now', tier: 'hot', signals: 'strong', qualified: true },
  { route: 'follow_up', signals: 'strong', qualified: true },
  { route: 'nurture', tier: 'hot', signals: 'weak' },
  { route: 'nurture' },
];

const preset = (dimensions: string): Preset => ({
  dimensions: dimensionsOf(dimensions),
  criteria: intent,
  negative,
  tiers: DEFAULT_TIERS,
  signals,
  strongSignals: { strong: 1, medium: 2 },
  routes: DEFAULT_ROUTES,
});

const meddic = 'metrics:fit economic_buyer:fit decision_criteria:intent decision_process:intent identify_pain:fit champion:intent';

/** The frameworks from the seed article, by the id a flow names in `extend`. */
export const presets: Record<FrameworkId, Preset> = {
  bant: preset('budget:fit authority:fit need:fit timeline:intent'),
  anum: preset('authority:fit need:fit urgency:intent money:fit'),
  meddic: preset(meddic),
  meddpicc: preset(`${meddic} paper_process:intent competition:intent`),
  champ: preset('challenges:fit authority:fit money:fit prioritization:intent'),
  faint: preset('funding:fit authority:fit interest:intent need:fit timing:intent'),
  gpctba: preset('goals:fit plans:intent challenges:fit timeline:intent budget:fit authority:fit consequences:intent implications:intent'),
};

/** Used when a flow declares no scoring, or scoring without `extend`: no dimensions, no rules. */
export const BLANK: Preset = { ...preset(''), dimensions: {}, criteria: [], negative: [], signals: [] };
