import type { OutboxStorage } from '../delivery/index.ts';
import { loadVariant, pickVariant, type Flow, type Variant } from '../engine/index.ts';
import type { FlowRef } from './events.ts';

/** The flow a visitor is shown, and the variant they were assigned (null: no experiment). */
export interface VariantChoice {
  flow: Flow;
  variant: string | null;
  /** A variant pointing to another flow file: that file's own id and version. */
  variantFlow?: FlowRef;
  /** Forced with `?leadflow_variant=` (QA): counted apart from real visitors. */
  qa: boolean;
  /** Why the assigned variant could not be shown (the visitor sees the flow as it is instead). */
  error?: string;
}

/** `?leadflow_variant=<id>` shows that variant, for QA, without changing the visitor's assignment. */
export const VARIANT_PARAM = 'leadflow_variant';

type LoadResult = { ok: true; value: Flow } | { ok: false; issues: string[] };

/**
 * Assigns the visitor a variant of an experimenting flow and builds what they see. The
 * assignment is random by weight and sticky: kept in `settings` (localStorage, memory where
 * it is blocked) per flow id, and kept while that variant exists, even once its weight drops
 * to 0. A variant pointing to another flow file is fetched through `load`; if it cannot be
 * loaded, the visitor still gets a form: the flow as it is, reported as no variant.
 */
export async function chooseVariant(base: Flow, params: URLSearchParams, settings: OutboxStorage, load: (url: string) => Promise<LoadResult>, random: () => number = Math.random): Promise<VariantChoice> {
  const variants = base.variants;
  if (!variants?.length) return { flow: base, variant: null, qa: false };
  const key = `variant:${base.id}`;
  const byId = (id: unknown) => variants.find((v) => v.id === id);
  const forced = params.get(VARIANT_PARAM);
  if (forced !== null && !byId(forced)) console.warn(`LeadFlow: ?${VARIANT_PARAM}=${forced} names no variant of "${base.id}" (${variants.map((v) => v.id).join(', ')})`);
  // The first version with variants stored the id as JSON (`"who"`, quotes and all).
  const kept = settings.get(key)?.replace(/^"(.*)"$/, '$1');
  let chosen: Variant | undefined = byId(forced) ?? byId(kept);
  const qa = chosen !== undefined && chosen === byId(forced);
  if (!chosen) {
    chosen = pickVariant(variants, random);
    if (chosen) settings.set(key, chosen.id);
  }
  if (!chosen) return { flow: base, variant: null, qa: false };
  const at = `variants[${variants.indexOf(chosen)}]`;
  if (chosen.flow !== undefined) {
    const loaded = await load(chosen.flow);
    if (!loaded.ok) return { flow: base, variant: null, qa, error: `${at}.flow "${chosen.flow}": ${loaded.issues[0]}` };
    const file = loaded.value;
    return {
      // Reported under the experiment's flow, so the dashboard compares it with its siblings;
      // where the file says nothing, the experiment's webhooks apply, and its analytics always.
      flow: {
        ...file,
        id: base.id,
        version: base.version,
        variants: undefined,
        // A file that names any webhook keeps its own, whole; one that names none posts where the experiment does.
        ...(file.webhook || file.webhooks?.length ? {} : { webhook: base.webhook, webhooks: base.webhooks }),
        analytics: base.analytics ?? file.analytics,
      },
      variant: chosen.id,
      variantFlow: { id: file.id, version: file.version },
      qa,
    };
  }
  // loadFlow checked (and kept) every variant of `base` already; failing is not assumed impossible.
  const merged = loadVariant(base, chosen);
  return merged.ok ? { flow: merged.value, variant: chosen.id, qa } : { flow: base, variant: null, qa, error: `${at}: ${merged.issues[0]!.message}` };
}

/**
 * Variants written on a snippet, `data-leadflow-variants="control 1, short=/flows/short.json 1"`:
 * comma-separated `id[=flow URL] [weight]` (weight 1 when left out). Each entry that cannot be
 * read is named with what is wrong; `loadFlow` then checks the rest like a flow's own.
 */
export function parseVariants(text: string): { variants: Array<{ id: string; weight: number; flow?: string }>; issues: string[] } {
  const variants: Array<{ id: string; weight: number; flow?: string }> = [];
  const issues: string[] = [];
  text.split(',').forEach((entry, i) => {
    const words = entry.trim().split(/\s+/);
    if (!words[0]) return;
    const [name = '', weightText = '1', ...extra] = words;
    const split = name.indexOf('=');
    const id = split < 0 ? name : name.slice(0, split);
    const flow = split < 0 ? undefined : name.slice(split + 1);
    const weight = Number(weightText);
    const problem = extra.length
      ? `unexpected "${extra.join(' ')}" (write "id=flow.json weight")`
      : !Number.isFinite(weight)
        ? `weight "${weightText}" is not a number (use a point for decimals: 1.5)`
        : flow === ''
          ? 'nothing after "="'
          : undefined;
    if (problem) issues.push(`entry ${i + 1} ("${entry.trim()}"): ${problem}`);
    else variants.push({ id, weight, ...(flow && { flow }) });
  });
  return { variants, issues };
}
