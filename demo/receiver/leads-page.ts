import type { StoredLead } from './lead-store.ts';

/** Every value on the page is lead data, i.e. typed by strangers: nothing goes out unescaped. */
export function escapeHtml(value: unknown): string {
  return asText(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A stored value as text, without calling anything of its own: a posted `{"toString":0}` where
 * a text belongs made `String()` throw, and every later view of the page answer 500.
 */
function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return ''; // nested too deep to write out
  }
}

/**
 * A table in a scroll box of its own, named for screen readers and focusable so a keyboard
 * can scroll it sideways on a narrow screen (WCAG 2.1.1); the page itself never scrolls sideways.
 */
export function scrollBox(label: string, table: string): string {
  return `<div class="table-scroll" role="region" tabindex="0" aria-label="${escapeHtml(label)}">\n${table}\n</div>`;
}

/** The part after the last `@`: enough to see the company, without showing whose address it is. */
export function emailDomain(email: unknown): string {
  // A hand-edited line may hold anything here: only a text has a domain.
  if (typeof email !== 'string') return '';
  const at = email.lastIndexOf('@');
  return at >= 0 ? email.slice(at + 1) : '';
}

const KNOWN_TIERS = new Set(['hot', 'warm', 'cold']);

/**
 * Choices by their label, numbers and yes/no as they are; typed text is not shown (an `email`
 * step's address by its domain, like the contact column), as it may name the visitor.
 */
function shownAnswer(answer: { value?: unknown; label?: unknown } | undefined): string {
  const shown = answer?.label ?? answer?.value;
  if (Array.isArray(shown)) return shown.map(asText).join(', ');
  if (typeof shown !== 'string' || answer?.label !== undefined) return asText(shown);
  return /^[^\s@]+@[^\s@]+$/.test(shown.trim()) ? `…@${emailDomain(shown.trim())}` : '(text)';
}

function answersSummary(answers: StoredLead['envelope']['data']['answers']): string {
  return Object.entries(answers ?? {})
    .map(([question, answer]) => `<span class="q">${escapeHtml(question)}:</span> ${escapeHtml(shownAnswer(answer))}`)
    .join('<br>');
}

function row({ receivedAt, envelope: { data, type } }: StoredLead): string {
  const tier = String(data.score?.tier ?? '');
  const tierClass = KNOWN_TIERS.has(tier) ? tier : 'other';
  return `<tr>
  <td><time datetime="${escapeHtml(receivedAt)}">${escapeHtml(receivedAt.replace('T', ' ').slice(0, 19))}</time></td>
  <td>${escapeHtml(data.flow?.id)}@${escapeHtml(data.flow?.version)}</td>
  <td><span class="tier tier-${tierClass}">${escapeHtml(tier)}</span></td>
  <td class="num">${escapeHtml(data.score?.total)}</td>
  <td>${escapeHtml(data.score?.route)}${type === 'lead.partial' ? ' <em>(partial)</em>' : ''}</td>
  <td>${escapeHtml(data.contact?.company)}</td>
  <td>${escapeHtml(emailDomain(data.contact?.email))}</td>
  <td class="answers">${answersSummary(data.answers)}</td>
</tr>`;
}

/** The inside of the page's `<main>`: what its script swaps in when a lead arrives. */
export function renderLeadsMain(leads: StoredLead[]): string {
  return leads.length
    ? `<p class="total">${leads.length} lead${leads.length === 1 ? '' : 's'}</p>
${scrollBox(
  'Received leads',
  `<table>
<thead><tr><th>Received (UTC)</th><th>Flow</th><th>Tier</th><th>Score</th><th>Route</th><th>Company</th><th>E-mail domain</th><th>Answers</th></tr></thead>
<tbody>
${leads.map(row).join('\n')}
</tbody>
</table>`,
)}`
    : '<p class="empty">No leads yet. Fill in the form on the <a href="/">demo page</a>; leads show up here within a few seconds.</p>';
}

/**
 * The received leads as a small page. It changes only when a lead arrives (the dashboard's
 * script, on the receiver's stream), so a reader keeps their place, focus and selection; without
 * scripts it reloads every few seconds. No inline scripts or styles, so it runs under the strict
 * Content-Security-Policy it is served with.
 */
export function renderLeadsPage(leads: StoredLead[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<noscript><meta http-equiv="refresh" content="5"></noscript>
<title>Received leads · LeadFlow demo</title>
<link rel="stylesheet" href="/leads.css">
<script src="/dashboard.js" defer></script>
</head>
<body>
<header>
<h1>Received leads</h1>
<p>What the demo webhook received, newest first; new leads show up as they arrive. Names and typed answers are not shown, and e-mail addresses show their domain only: the full leads are in the JSON.
<a href="/">Demo page</a> · <a href="/dashboard">Conversion dashboard</a> · <a href="/leads?format=json">JSON</a></p>
<p id="live-status" class="live-status" role="status"></p>
</header>
<main id="dashboard" data-source="/leads?fragment=main">
${renderLeadsMain(leads)}
</main>
</body>
</html>
`;
}

export const LEADS_CSS = `
:root { color-scheme: light; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2130; background: #f5f6f8; }
body { margin: 0; padding: 24px; }
header, main { max-width: 1200px; margin: 0 auto; }
h1 { font-size: 24px; margin: 0 0 4px; }
.live-status, .total { color: #545b6b; font-size: 13px; margin: 0 0 8px; }
header p { color: #545b6b; margin: 0 0 20px; }
a { color: #2f5bea; }
.table-scroll { overflow-x: auto; margin: 0 0 16px; }
.table-scroll:focus-visible { outline: 3px solid #2f5bea; outline-offset: 2px; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid #dde0e6; border-radius: 8px; }
th, td { text-align: left; vertical-align: top; padding: 10px 12px; border-bottom: 1px solid #eceef2; }
th { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #545b6b; background: #fafbfc; }
td { overflow-wrap: anywhere; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.answers { min-width: 260px; font-size: 14px; }
.q { color: #545b6b; }
.tier { display: inline-block; white-space: nowrap; overflow-wrap: normal; padding: 1px 8px; border-radius: 999px; font-weight: 600; font-size: 13px; background: #e8eaef; }
.tier-hot { background: #fde2df; color: #9c1c10; }
.tier-warm { background: #fff0cc; color: #7a4b00; }
.tier-cold { background: #dfeafd; color: #1d4794; }
.empty { padding: 24px; background: #fff; border: 1px dashed #c6cad3; border-radius: 8px; }
`;
