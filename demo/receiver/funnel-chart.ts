import { formatPercent, NOTHING } from './dashboard-format.ts';
import type { FunnelStage, VariantStats } from './funnel-stats.ts';
import { escapeHtml } from './leads-page.ts';

const CHART_WIDTH = 640;
const LABEL_WIDTH = 190;
const BAR_SPACE = 330;
const ROW_HEIGHT = 30;
const BAR_HEIGHT = 20;
/** Step ids are chosen by flow authors; a long one would run into its bar. The table shows it in full. */
const MAX_LABEL_CHARACTERS = 24;

/** `Views`, `Step “budget”`: how a stage is named in the chart, the table and the text alternative. */
const stageName = (stage: FunnelStage) => (stage.kind === 'step' ? `Step “${stage.label}”` : stage.label);

const shorten = (text: string) => (text.length > MAX_LABEL_CHARACTERS ? `${text.slice(0, MAX_LABEL_CHARACTERS - 1)}…` : text);

/**
 * `80 (−33.3 %)`: the count and its change from the previous stage, as the bar says it. More
 * sessions than the stage before (events of earlier visits lost) shows as a gain, not `−-5 %`.
 */
function barText({ sessions, dropOff }: FunnelStage): string {
  if (dropOff === null) return String(sessions);
  const sign = dropOff > 0 ? '−' : dropOff < 0 ? '+' : '±';
  return `${sessions} (${sign}${formatPercent(Math.abs(dropOff))})`;
}

/**
 * A variant's funnel as horizontal bars, one per stage, widths relative to the largest
 * stage. The numbers are drawn as text beside each bar, and the whole chart is one image
 * whose name reads them all out; the table after it has the same numbers for anyone who
 * would rather read a table. `idPrefix` comes from positions, never from flow ids, so a
 * stranger's id cannot collide with or break out of an attribute.
 */
export function renderFunnelChart(flowId: string, variant: VariantStats, idPrefix: string): string {
  const stages = variant.funnel;
  const largest = Math.max(1, ...stages.map((stage) => stage.sessions));
  const height = stages.length * ROW_HEIGHT;
  const description = `Funnel of ${flowId}, variant ${variant.label}: ${stages.map((stage) => `${stageName(stage)} ${barText(stage)}`).join(', ')}`;
  const rows = stages.map((stage, i) => {
    const y = i * ROW_HEIGHT;
    const middle = y + ROW_HEIGHT / 2;
    const width = Math.round((stage.sessions / largest) * BAR_SPACE);
    return `<g class="stage stage-${stage.kind}">
<text class="stage-label" x="${LABEL_WIDTH - 10}" y="${middle}" text-anchor="end" dominant-baseline="middle">${escapeHtml(shorten(stageName(stage)))}</text>
<rect class="bar" x="${LABEL_WIDTH}" y="${y + (ROW_HEIGHT - BAR_HEIGHT) / 2}" width="${Math.max(width, 1)}" height="${BAR_HEIGHT}" rx="3"></rect>
<text class="stage-count" x="${LABEL_WIDTH + width + 8}" y="${middle}" dominant-baseline="middle">${escapeHtml(barText(stage))}</text>
</g>`;
  });
  return `<svg class="funnel-chart" viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}" role="img" aria-labelledby="${idPrefix}-chart-title">
<title id="${idPrefix}-chart-title">${escapeHtml(description)}</title>
${rows.join('\n')}
</svg>`;
}

/** The funnel's numbers as a table: stage, sessions, drop-off from the previous stage, share of views. */
export function renderFunnelTable(flowId: string, variant: VariantStats): string {
  const views = variant.funnel[0]?.sessions ?? 0;
  const rows = variant.funnel.map(
    (stage) => `<tr><th scope="row">${escapeHtml(stageName(stage))}</th><td class="num">${stage.sessions}</td><td class="num">${
      stage.dropOff === null ? NOTHING : formatPercent(stage.dropOff)
    }</td><td class="num">${views > 0 ? formatPercent(stage.sessions / views) : NOTHING}</td></tr>`,
  );
  return `<table class="funnel">
<caption>Funnel of ${escapeHtml(flowId)}, variant ${escapeHtml(variant.label)}</caption>
<thead><tr><th scope="col">Stage</th><th scope="col">Sessions</th><th scope="col">Drop-off from previous stage</th><th scope="col">Share of views</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}
