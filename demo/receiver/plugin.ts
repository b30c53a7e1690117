import type { Connect, Plugin, PreviewServer, ViteDevServer } from 'vite';
import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAnalyticsStore } from './analytics-store.ts';
import { createLeadStore } from './lead-store.ts';
import { createReceiver } from './middleware.ts';
import { baseUrls, describeDemo } from './print-urls.ts';

export interface ReceiverPluginOptions {
  /**
   * Folder of `leads.jsonl` and `analytics.jsonl`; created on the first lead or batch.
   * @default process.env.LEADFLOW_DEMO_DATA, else demo/.data
   */
  dataDir?: string;
  /** Folder of the script-tag build. @default dist/ of the project */
  distDir?: string;
  /** @default 262144 (256 KiB) */
  maxBodyBytes?: number;
}

const projectDir = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The demo's local webhook receiver as a Vite plugin: serves `/leadflow.js` from dist/,
 * takes leads on `POST /webhook` and funnel events on `POST /analytics`, lists leads on
 * `/leads`, shows the conversion dashboard on `/dashboard`, and says where all that is when
 * the server starts.
 */
export function leadflowReceiver(options: ReceiverPluginOptions = {}): Plugin {
  const dataDir = resolve(options.dataDir ?? process.env.LEADFLOW_DEMO_DATA ?? join(projectDir, 'demo/.data'));
  const distDir = resolve(options.distDir ?? join(projectDir, 'dist'));
  const store = createLeadStore(dataDir);
  const analyticsStore = createAnalyticsStore(dataDir);

  const install = (server: ViteDevServer | PreviewServer) => {
    const logger = server.config.logger;
    const receiver = createReceiver({
      store,
      analyticsStore,
      distDir,
      ...(options.maxBodyBytes && { maxBodyBytes: options.maxBodyBytes }),
      onLead: (summary) => logger.info(`LeadFlow demo received a ${summary}`, { timestamp: true }),
    });
    // Added directly, not from a returned hook, so it runs before Vite's own HTML and file serving.
    server.middlewares.use(receiver as Connect.NextHandleFunction);
    // The dashboard's live streams never end by themselves: end them before the server closes.
    const close = server.close;
    server.close = () => {
      receiver.close();
      return close.call(server);
    };
    const printUrls = server.printUrls;
    server.printUrls = () => {
      printUrls.call(server);
      const lines = describeDemo(baseUrls(server.resolvedUrls, server.httpServer?.address()), dataDir);
      logger.info(lines.join('\n'));
    };
  };

  return {
    name: 'leadflow-demo-receiver',
    configureServer(server) {
      install(server);
      reloadOnRebuild(server, distDir);
    },
    configurePreviewServer: install,
  };
}

/**
 * After `npm run build`, reload the demo page so it runs the new bundle. Polls the file's
 * modification time rather than using Vite's watcher: the build deletes and recreates dist/,
 * and a deleted folder drops out of a file-system watch.
 */
function reloadOnRebuild(server: ViteDevServer, distDir: string) {
  const bundle = join(distDir, 'leadflow.js');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onStat = (current: Stats, previous: Stats) => {
    if (!current.mtimeMs || current.mtimeMs === previous.mtimeMs) return;
    clearTimeout(timer);
    // The build writes several files; reload once it has settled.
    timer = setTimeout(() => server.ws.send({ type: 'full-reload', path: '*' }), 300);
  };
  watchFile(bundle, { interval: 500, persistent: false }, onStat);
  server.httpServer?.once('close', () => {
    unwatchFile(bundle, onStat);
    clearTimeout(timer);
  });
}
