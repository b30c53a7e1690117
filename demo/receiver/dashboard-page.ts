import { formatDifference, formatDuration, formatPValue, formatRate, NOTHING } from './dashboard-format.ts';
import { renderFunnelChart, renderFunnelTable } from './funnel-chart.ts';
import type { DashboardStats, FlowStats, Verdict, VariantStats } from './funnel-stats-types.ts';
import type { StoredLead } from './lead-store.ts';
import { emailDomain, escapeHtml, scrollBox } from './leads-page.ts';
import { countedLeads } from './qa-visits.ts';

const plural = (count: number, noun: string) => (count === 1 ? noun : `${noun}s`);

/** The leads table shows the newest few; /leads has them all. */
export const LATEST_LEADS = 25;

/** Fixed class names by verdict, so no stranger's text ever lands in a class attribute. */
const VERDICT_CLASS: Record<Verdict, string> = {
  'significant at 95 %': 'verdict-significant',
  'not significant yet': 'verdict-open',
  'not enough data': 'verdict-thin',
};

function verdictCell(variant: VariantStats): string {
  if (variant.versusBaseline) {
    const { verdict, version } = variant.versusBaseline;
    // Compared within one flow version when they ran under several (weights may have changed).
    const within = version === undefined ? '' : ` <span class="facts">(version ${version} only)</span>`;
    return `<td><span class="verdict ${VERDICT_CLASS[verdict]}">${escapeHtml(verdict)}</span>${within}</td>`;
  }
  return `<td>${variant.isBaseline ? 'baseline' : variant.variant === null ? 'no experiment' : NOTHING}</td>`;
}

function variantRow(variant: VariantStats): string {
  const { conversion, qualified, versusBaseline } = variant;
  const name = `${escapeHtml(variant.label)}${variant.isBaseline ? ' <span class="badge">baseline</span>' : ''}`;
  const numbers = [
    conversion.of,
    conversion.sessions,
    formatRate(conversion.rate, conversion.interval),
    formatRate(qualified.rate, qualified.interval),
    formatDifference(versusBaseline?.difference ?? null),
    formatPValue(versusBaseline?.pValue ?? null),
  ].map((value) => `<td class="num">${value}</td>`);
  const after = [formatDuration(variant.medianTimeToCompleteMs), variant.leads.received, variant.leads.partialOnly].map((value) => `<td class="num">${value}</td>`);
  return `<tr><th scope="row">${name}</th>${numbers.join('')}${verdictCell(variant)}${after.join('')}</tr>`;
}

/**
 * Views, submits and rates count every flow version; a comparison run within one version (the
 * weights may have changed between them) says so under the table, or its difference would not
 * be the difference of the rates beside it.
 */
function comparedWithin(flow: FlowStats): string {
  const version = flow.variants.find((variant) => variant.versusBaseline?.version !== undefined)?.versusBaseline?.version;
  return version === undefined
    ? ''
    : `\n<p class="facts">Views, submits and rates count every flow version; the difference, p-value and verdict compare version ${version} only, where the variants ran with the same weights.</p>`;
}

function variantsTable(flow: FlowStats): string {
  const caption = `Variants of ${flow.flowId}${flow.baseline === null ? '' : `, compared with ${flow.baseline}`}`;
  return scrollBox(
    caption,
    `<table class="variants">
<caption>${escapeHtml(caption)}</caption>
<thead><tr><th scope="col">Variant</th><th scope="col">Views</th><th scope="col">Submits</th><th scope="col">Conversion (95 % CI)</th><th scope="col">Qualified leads (95 % CI)</th><th scope="col">Difference vs. baseline</th><th scope="col">p-value</th><th scope="col">Verdict</th><th scope="col">Median time to complete</th><th scope="col">Leads received</th><th scope="col">Partial only</th></tr></thead>
<tbody>
${flow.variants.map(variantRow).join('\n')}
</tbody>
</table>`,
  ) + comparedWithin(flow);
}

function flowSection(flow: FlowStats, flowIndex: number): string {
  const versions = [...new Set(flow.variants.flatMap((variant) => variant.versions))].sort((a, b) => a - b);
  const funnels = flow.variants.map((variant, variantIndex) => {
    const id = `flow-${flowIndex}-variant-${variantIndex}`;
    const median = formatDuration(variant.medianTimeToCompleteMs);
    return `<section class="variant" aria-labelledby="${id}">
<h3 id="${id}">Variant ${escapeHtml(variant.label)}</h3>
${renderFunnelChart(flow.flowId, variant, id)}
${renderFunnelTable(flow.flowId, variant)}
<p class="facts">Abandoned: <strong>${variant.abandoned}</strong> ${plural(variant.abandoned, 'session')} left without submitting. Median time to complete: <strong>${median}</strong>.</p>
</section>`;
  });
  return `<section class="flow" aria-labelledby="flow-${flowIndex}">
<h2 id="flow-${flowIndex}">Flow ${escapeHtml(flow.flowId)}</h2>
<p class="versions">${versions.length ? `Flow versions ${versions.map((version) => escapeHtml(version)).join(', ')}.` : 'No funnel events yet, only leads.'}</p>
${variantsTable(flow)}
${funnels.join('\n')}
</section>`;
}

function leadRow({ receivedAt, envelope: { type, data } }: StoredLead): string {
  const cells = [
    `<time datetime="${escapeHtml(receivedAt)}">${escapeHtml(receivedAt.replace('T', ' ').slice(0, 19))}</time>`,
    `${escapeHtml(data.flow?.id)}@${escapeHtml(data.flow?.version)}`,
    escapeHtml(data.variant ?? NOTHING),
    `${escapeHtml(data.score?.tier)}${type === 'lead.partial' ? ' <em>(partial)</em>' : ''}`,
    escapeHtml(data.score?.route),
  ].map((cell) => `<td>${cell}</td>`);
  return `<tr>${cells.join('')}<td class="num">${escapeHtml(data.score?.total)}</td><td>${escapeHtml(emailDomain(data.contact?.email))}</td></tr>`;
}

/**
 * One row per lead, newest first: its `lead.submitted`, else its latest `lead.partial` (the two
 * may arrive in either order; the final one wins).
 */
function latestPerLead(leads: readonly StoredLead[]): StoredLead[] {
  const byId = new Map<unknown, StoredLead>();
  for (const lead of leads) {
    const id = lead.envelope.data?.id ?? lead.id;
    const known = byId.get(id);
    if (!known || (known.envelope.type === 'lead.partial' && lead.envelope.type === 'lead.submitted')) byId.set(id, lead);
  }
  return [...byId.values()];
}

function leadsSection(all: readonly StoredLead[]): string {
  const leads = latestPerLead(all);
  const shown = leads.slice(0, LATEST_LEADS);
  const caption = `Latest leads, newest first (${shown.length} of ${leads.length})`;
  const table = shown.length
    ? scrollBox(
        caption,
        `<table class="leads">
<caption>${escapeHtml(caption)}</caption>
<thead><tr><th scope="col">Received (UTC)</th><th scope="col">Flow</th><th scope="col">Variant</th><th scope="col">Tier</th><th scope="col">Route</th><th scope="col">Score</th><th scope="col">E-mail domain</th></tr></thead>
<tbody>
${shown.map(leadRow).join('\n')}
</tbody>
</table>`,
      )
    : '<p class="empty">No leads yet.</p>';
  return `<section aria-labelledby="leads-heading">
<h2 id="leads-heading">Latest leads</h2>
${table}
</section>`;
}

/**
 * The inside of `<main>`: totals, a section per flow (variants compared, a funnel per
 * variant) and the latest leads. Served alone for `?fragment=main`, which the page's script
 * swaps in on every change. Every string in it came from strangers and is escaped; leads
 * show no name, answer or full e-mail address. QA visits are left out of the leads table as
 * they are of the numbers.
 * @param leads newest first, as the lead store lists them
 */
export function renderDashboardMain(stats: DashboardStats, leads: readonly StoredLead[]): string {
  const { totals, qaExcluded, botsExcluded } = stats;
  const qa =
    (qaExcluded.sessions || qaExcluded.leads
      ? `\n<p class="facts">QA visits excluded: ${qaExcluded.sessions} ${plural(qaExcluded.sessions, 'session')}, ${qaExcluded.leads} ${plural(qaExcluded.leads, 'lead')}</p>`
      : '') + (botsExcluded ? `\n<p class="facts">Suspected bots excluded: ${botsExcluded} ${plural(botsExcluded, 'session')}</p>` : '');
  const flows = stats.flows.length
    ? stats.flows.map(flowSection).join('\n')
    : '<p class="empty">No analytics yet. Open the <a href="/">demo page</a> and go through the form: its funnel shows up here as it happens.</p>';
  return `
<section aria-labelledby="totals-heading">
<h2 id="totals-heading">Totals</h2>
<dl class="totals"><div><dt>Funnel events</dt><dd>${totals.events}</dd></div><div><dt>Sessions</dt><dd>${totals.sessions}</dd></div><div><dt>Leads received</dt><dd>${totals.leads}</dd></div><div><dt>Partial leads only</dt><dd>${totals.partialOnly}</dd></div></dl>${qa}
</section>
${flows}
${leadsSection(countedLeads(leads))}
`;
}

/** The whole page: the same `<main>`, with the stylesheets and the script that keeps it current. */
export function renderDashboardPage(stats: DashboardStats, leads: readonly StoredLead[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conversion dashboard · LeadFlow demo</title>
<link rel="stylesheet" href="/leads.css">
<link rel="stylesheet" href="/dashboard.css">
<script src="/dashboard.js" defer></script>
</head>
<body>
<header>
<h1>Conversion dashboard</h1>
<p>Funnels and A/B variants from the widget's analytics, and the leads the webhook received. Every count is of distinct sessions: a session is one visit, one run through a flow in one widget, so a reload counts once.
<a href="/">Demo page</a> · <a href="/leads">Leads</a> · <a href="/dashboard?format=json">JSON</a></p>
<p id="live-status" class="live-status" role="status">Updates itself when a lead or analytics arrive.</p>
</header>
<main id="dashboard">${renderDashboardMain(stats, leads)}</main>
</body>
</html>
`;
}
