import { applyVariant, loadFlow, pickVariant, type Flow, type Variant } from '../engine/index.ts';
import { storedValue } from './session-store.ts';

/** The flow a visitor is shown, and the variant they were assigned (null: no experiment). */
export interface VariantChoice {
  flow: Flow;
  variant: string | null;
  /** Why the assigned variant could not be shown (the visitor sees the flow as it is instead). */
  error?: string;
}

/** `?leadflow_variant=<id>` shows that variant, for QA, without changing the visitor's assignment. */
export const VARIANT_PARAM = 'leadflow_variant';

/**
 * Assigns the visitor a variant of an experimenting flow and builds what they see. The
 * assignment is random by weight and sticky: kept in localStorage (in memory where it is
 * blocked) per flow id, and kept while that variant exists, even once its weight drops to 0.
 * A variant pointing to another flow file is fetched through `load`; if it cannot be
 * loaded, the visitor still gets a form: the flow as it is, reported as no variant.
 */
export async function chooseVariant(
  base: Flow,
  params: URLSearchParams,
  load: (url: string) => Promise<{ ok: true; value: Flow } | { ok: false; issues: string[] }>,
  random: () => number = Math.random,
): Promise<VariantChoice> {
  const variants = base.variants;
  if (!variants?.length) return { flow: base, variant: null };
  const stored = storedValue<string>(() => localStorage, `leadflow:variant:${base.id}`);
  const byId = (id: unknown) => variants.find((v) => v.id === id);
  let chosen: Variant | undefined = byId(params.get(VARIANT_PARAM)) ?? byId(stored.load());
  if (!chosen) {
    chosen = pickVariant(variants, random);
    if (chosen) stored.save(chosen.id);
  }
  if (!chosen) return { flow: base, variant: null };
  const at = `variants[${variants.indexOf(chosen)}]`;
  if (chosen.flow !== undefined) {
    const loaded = await load(chosen.flow);
    if (!loaded.ok) return { flow: base, variant: null, error: `${at}.flow "${chosen.flow}": ${loaded.issues[0]}` };
    // Reported under the experiment's flow, so the dashboard compares it with its siblings.
    return { flow: { ...loaded.value, id: base.id, version: base.version, variants: undefined }, variant: chosen.id };
  }
  // loadFlow checked every variant of `base` already; this cannot fail, but is not assumed to.
  const merged = loadFlow(applyVariant(base, chosen));
  return merged.ok ? { flow: merged.value, variant: chosen.id } : { flow: base, variant: null, error: `${at}: ${merged.issues[0]!.message}` };
}

/**
 * Variants written on a snippet, `data-leadflow-variants="control 1, short=/flows/short.json 1"`:
 * comma-separated `id[=flow URL] weight`. Replaces the flow's own `variants`; `loadFlow` then
 * checks them like any (a bad entry is named as `variants[i]`).
 */
export function parseVariants(text: string): Array<{ id: string; weight: number; flow?: string }> {
  return text
    .split(',')
    .filter((entry) => entry.trim())
    .map((entry) => {
      const [name = '', weight = ''] = entry.trim().split(/\s+/);
      const [id = '', flow] = name.split('=');
      return { id, weight: weight === '' ? 1 : Number(weight), ...(flow && { flow }) };
    });
}
