/** How often the page fetches its numbers when the live stream is unavailable. */
export const POLL_SECONDS = 5;

/**
 * `/dashboard.js`, the only script of /dashboard and /leads (whose `<main>` names its fragment
 * in `data-source`), served from the receiver's own origin so the pages can forbid inline scripts. The receiver announces every stored lead or analytics batch on
 * `/dashboard/stream`; the script then fetches the new `<main>` and swaps it in. Without a
 * stream (no EventSource, or the connection failing) it polls instead, and goes back to the
 * stream when it reconnects. The status line only announces changes of mode, so a screen
 * reader is not told about every update.
 */
export const DASHBOARD_JS = `// LeadFlow demo dashboard: keeps <main> current (see demo/receiver/dashboard-assets.ts).
(() => {
  'use strict';
  const main = document.getElementById('dashboard');
  const status = document.getElementById('live-status');
  if (!main) return;
  let loading = false;
  let again = false;
  let timer = 0;
  // Markup as the browser writes it back, to tell a change from the same numbers.
  const normal = (html) => {
    const template = document.createElement('template');
    template.innerHTML = html;
    return template.innerHTML.trim();
  };
  // What the page came with: a stream that opens after the reader scrolled the leads table
  // swaps nothing in when nothing changed (it took the reader back to the table's left edge).
  let shown = normal(main.innerHTML);
  const say = (text) => {
    if (status && status.textContent !== text) status.textContent = text;
  };
  const refresh = async () => {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    try {
      const response = await fetch(main.dataset.source || '/dashboard?fragment=main', { cache: 'no-store' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const html = normal(await response.text());
      // Swapping identical markup would only lose the reader's focus and selection.
      if (html !== shown) main.innerHTML = shown = html;
    } catch {
      say('Could not update the numbers: is the demo server still running?');
    } finally {
      loading = false;
      if (again) {
        again = false;
        refresh();
      }
    }
  };
  const poll = () => {
    if (!timer) timer = setInterval(refresh, ${POLL_SECONDS * 1000});
    say('Live updates unavailable: refreshing every ${POLL_SECONDS} seconds.');
  };
  if (typeof EventSource !== 'function') return poll();
  const stream = new EventSource('/dashboard/stream');
  stream.addEventListener('change', refresh);
  stream.addEventListener('open', () => {
    clearInterval(timer);
    timer = 0;
    // Whatever changed since the page was rendered or while the stream was down.
    refresh();
    say('Live: updates as leads and analytics arrive.');
  });
  stream.addEventListener('error', poll);
})();
`;

/** `/dashboard.css`, on top of `/leads.css`: sections, totals, the funnel chart, verdicts. */
export const DASHBOARD_CSS = `
main section { margin: 0 0 32px; }
h2 { font-size: 20px; margin: 24px 0 8px; }
h3 { font-size: 16px; margin: 20px 0 8px; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 8px 12px; }
table.funnel { width: auto; min-width: min(100%, 560px); }
/* Row headers are stage names and variant ids, which are case-sensitive: not the column headers' capitals. */
tbody th { text-transform: none; letter-spacing: normal; font-size: 15px; color: inherit; background: #fff; }
table.variants td, table.funnel td { overflow-wrap: normal; }
td.num { white-space: nowrap; }
.totals { display: flex; flex-wrap: wrap; gap: 12px; margin: 0; }
.totals div { background: #fff; border: 1px solid #dde0e6; border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.totals dt { color: #545b6b; font-size: 13px; }
.totals dd { margin: 0; font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.funnel-chart { display: block; max-width: 100%; height: auto; margin: 8px 0 12px; }
.funnel-chart text { font-size: 13px; fill: #1d2130; }
.funnel-chart .stage-count { font-variant-numeric: tabular-nums; fill: #545b6b; }
.funnel-chart .bar { fill: #2f5bea; }
.funnel-chart .stage-views .bar { fill: #7b95f0; }
.funnel-chart .stage-submits .bar { fill: #1f8a4c; }
/* A step: the light bar reached it, the dark part of it completed it. */
.funnel-chart .bar-reached { fill: #c9d3f8; }
.badge { display: inline-block; margin-left: 4px; padding: 0 6px; border-radius: 999px; background: #e8eaef; color: #545b6b; font-size: 12px; font-weight: 600; }
.verdict { font-weight: 600; }
.verdict-significant { color: #1f6b3a; }
.verdict-open { color: #7a4b00; }
.verdict-thin { color: #545b6b; font-weight: 400; }
.versions, .facts, .live-status { color: #545b6b; }
.live-status { font-size: 13px; }
`;
