import type { Issue } from '../../shared/issue.ts';
import type { Flow } from '../schema/flow.ts';

/**
 * Experiments that run but compare nothing: a variant with weight 0 is never shown, and with
 * one variant left to draw every visitor sees the same (fine while winding a test down, so
 * both are warnings); percentages that miss 100 are probably a typo. What cannot run at all is refused by `loadFlow` (`checkVariants`).
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
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  // Weights written as percentages that miss 100 are probably a typo, not a wish: say what they mean.
  if (variants.length > 1 && total !== 100 && Math.abs(total - 100) <= 20 && variants.every((v) => Number.isInteger(v.weight)))
    issues.push({
      code: 'weights_not_100',
      path: ['variants'],
      message: `the weights add up to ${total}, not 100; they are relative, so the shares are ${variants.map((v) => `${v.id} ${Math.round((v.weight / total) * 1000) / 10} %`).join(', ')}`,
      hint: 'if they are meant as percentages, make them add up to 100',
      severity: 'warning',
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
