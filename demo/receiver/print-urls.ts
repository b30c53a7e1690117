import type { AddressInfo } from 'node:net';
import { isAbsolute, relative } from 'node:path';
import type { ResolvedServerUrls } from 'vite';

/** Base URLs a server listens on: Vite's resolved ones, else the socket's own address. */
export function baseUrls(resolved: ResolvedServerUrls | null, address: AddressInfo | string | null | undefined): string[] {
  const urls = [...(resolved?.local ?? []), ...(resolved?.network ?? [])];
  if (urls.length) return urls.map((url) => (url.endsWith('/') ? url : `${url}/`));
  if (!address || typeof address === 'string') return [];
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return [`http://${host}:${address.port}/`];
}

/** The lines printed under Vite's own: where the demo page, the playground, the webhook, the leads and the dashboard are. */
export function describeDemo(urls: string[], dataDir: string): string[] {
  const [first, ...others] = urls;
  if (!first) return [];
  const lines = [
    '',
    '  LeadFlow demo',
    `  ➜  Demo page:  ${first}  (English: ${first}en/)`,
    `  ➜  Playground: ${first}playground/  (write a flow, see it run)`,
    `  ➜  Webhook:    POST ${first}webhook`,
    `  ➜  Leads:      ${first}leads  (JSON: ${first}leads?format=json)`,
    `  ➜  Dashboard:  ${first}dashboard  (analytics: POST ${first}analytics)`,
  ];
  for (const url of others) lines.push(`  ➜  Network:    ${url}  webhook ${url}webhook  analytics ${url}analytics`);
  lines.push(`  ➜  Stored in:  ${shortPath(dataDir)}  (leads.jsonl, analytics.jsonl)`, '');
  return lines;
}

/** Relative to the working directory when inside it, else absolute. */
function shortPath(path: string): string {
  const short = relative(process.cwd(), path);
  return short && !short.startsWith('..') && !isAbsolute(short) ? short : path;
}
