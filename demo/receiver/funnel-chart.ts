import { formatPercent, NOTHING } from './dashboard-format.ts';
import type { FunnelStage, VariantStats } from './funnel-stats-types.ts';
import { escapeHtml, scrollBox } from './leads-page.ts';

const CHART_WIDTH = 760;
const LABEL_WIDTH = 190;
/** Leaves room after the longest bar for `30 reached, 20 completed (33.3 % left)`. */
const BAR_SPACE = 280;
const ROW_HEIGHT = 30;
const BAR_HEIGHT = 20;
/** Step ids are chosen by flow authors; a long one would run into its bar. The table shows it in full. */
const MAX_LABEL_CHARACTERS = 24;

/** `Views`, `Step “budget”`: how a stage is named in the chart, the table and the text alternative. */
const stageName = (stage: FunnelStage) => (stage.kind === 'step' ? `Step “${stage.label}”` : stage.label);

const shorten = (text: string) => (text.length > MAX_LABEL_CHARACTERS ? `${text.slice(0, MAX_LABEL_CHARACTERS - 1)}…` : text);

/**
 * `30 (25.0 % left)`, `30 reached, 20 completed (33.3 % left)`: what the bar says, the same
 * numbers as the table's row. Views have no drop-off, and neither has a stage with nothing to
 * divide by.
 */
function barText({ sessions, completed, dropOff }: FunnelStage): string {
  const counts = completed === null ? String(sessions) : `${sessions} reached, ${completed} completed`;
  return dropOff === null ? counts : `${counts} (${formatPercent(dropOff)} left)`;
}

/**
 * A variant's funnel as horizontal bars, one per stage, widths relative to the largest
 * stage; a step's bar is the sessions that reached it, darkened as far as they completed it.
 * The numbers are drawn as text beside each bar, and the whole chart is one image
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
    const widthOf = (count: number) => Math.round((count / largest) * BAR_SPACE);
    const width = widthOf(stage.sessions);
    const bar = (className: string, barWidth: number) =>
      `<rect class="${className}" x="${LABEL_WIDTH}" y="${y + (ROW_HEIGHT - BAR_HEIGHT) / 2}" width="${Math.max(barWidth, 1)}" height="${BAR_HEIGHT}" rx="3"></rect>`;
    const bars =
      stage.completed === null ? [bar('bar', width)] : [bar('bar bar-reached', width), ...(stage.completed > 0 ? [bar('bar bar-completed', widthOf(stage.completed))] : [])];
    return `<g class="stage stage-${stage.kind}">
<text class="stage-label" x="${LABEL_WIDTH - 10}" y="${middle}" text-anchor="end" dominant-baseline="middle">${escapeHtml(shorten(stageName(stage)))}</text>
${bars.join('\n')}
<text class="stage-count" x="${LABEL_WIDTH + width + 8}" y="${middle}" dominant-baseline="middle">${escapeHtml(barText(stage))}</text>
</g>`;
  });
  return `<svg class="funnel-chart" viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}" role="img" aria-labelledby="${idPrefix}-chart-title">
<title id="${idPrefix}-chart-title">${escapeHtml(description)}</title>
${rows.join('\n')}
</svg>`;
}

/** After "Stage". Sessions stays first: it is what the bars show, and what readers of the table look for. */
const FUNNEL_COLUMNS = ['Sessions', 'Completed', 'Drop-off (left at this stage)', 'Share of views'] as const;

/** The funnel's numbers as a table: a row per stage, its sessions, completions (steps), drop-off and share of views. */
export function renderFunnelTable(flowId: string, variant: VariantStats): string {
  const views = variant.funnel[0]?.sessions ?? 0;
  const rows = variant.funnel.map((stage) => {
    const cells = [
      stage.sessions,
      stage.completed ?? NOTHING,
      stage.dropOff === null ? NOTHING : formatPercent(stage.dropOff),
      views > 0 ? formatPercent(stage.sessions / views) : NOTHING,
    ];
    return `<tr><th scope="row">${escapeHtml(stageName(stage))}</th>${cells.map((cell) => `<td class="num">${cell}</td>`).join('')}</tr>`;
  });
  const caption = `Funnel of ${flowId}, variant ${variant.label}`;
  return scrollBox(
    caption,
    `<table class="funnel">
<caption>${escapeHtml(caption)}</caption>
<thead><tr><th scope="col">Stage</th>${FUNNEL_COLUMNS.map((column) => `<th scope="col">${column}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`,
  );
}
