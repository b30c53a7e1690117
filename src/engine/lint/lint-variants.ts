import type { Issue } from '../../shared/issue.ts';
import type { Flow } from '../schema/flow.ts';

/**
 * Experiments that run but compare nothing: a variant with weight 0 is never shown, and with
 * one variant left to draw every visitor sees the same (fine while winding a test down, so
 * both are warnings). What cannot run at all is refused by `loadFlow` (`checkVariants`).
 */
export function checkVariantWeights(flow: Flow, issues: Issue[]): void {
  const variants = flow.variants ?? [];
  variants.forEach((variant, i) => {
    if (variant.weight === 0)
      issues.push({
        code: 'variant_never_shown',
        path: ['variants', i, 'weight'],
        message: `variant "${variant.id}" has weight 0, so no new visitor sees it (visitors assigned before keep it)`,
        hint: 'give it a weight, or remove it once its results are in',
        severity: 'warning',
      });
  });
  const drawn = variants.filter((v) => v.weight > 0);
  if (drawn.length === 1)
    issues.push({
      code: 'single_variant',
      path: ['variants'],
      message: `only variant "${drawn[0]!.id}" can be drawn, so there is nothing to compare`,
      hint: 'add a second variant with a weight, or remove "variants"',
      severity: 'warning',
    });
}
