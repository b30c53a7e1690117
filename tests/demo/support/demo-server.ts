import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';

/** The real demo server (demo/vite.config.ts), listening on a free loopback port. */
export interface DemoServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly base: string;
  /** The temp folder the receiver stores leads.jsonl and analytics.jsonl in. */
  readonly dataDir: string;
  /** Stops the server, restores $LEADFLOW_DEMO_DATA and deletes the data folder. */
  close(): Promise<void>;
}

const configFile = fileURLToPath(new URL('../../../demo/vite.config.ts', import.meta.url));

/**
 * Starts the demo server with its data in a new temp folder named after `prefix`. The receiver
 * plugin reads $LEADFLOW_DEMO_DATA, so it is set while the server runs.
 */
export async function startDemoServer(prefix: string): Promise<DemoServer> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const previousDataEnv = process.env.LEADFLOW_DEMO_DATA;
  const cleanUp = async () => {
    if (previousDataEnv === undefined) delete process.env.LEADFLOW_DEMO_DATA;
    else process.env.LEADFLOW_DEMO_DATA = previousDataEnv;
    await rm(dataDir, { recursive: true, force: true });
  };

  process.env.LEADFLOW_DEMO_DATA = dataDir;
  let server: ViteDevServer | undefined;
  try {
    // Its own pre-bundled dependencies: servers of other test files sharing node_modules/.vite-demo
    // re-bundled them under each other on a fresh clone (a page got 504 "Outdated Optimize Dep").
    server = await createServer({ configFile, cacheDir: join(dataDir, '.vite'), logLevel: 'silent', server: { port: 0, host: '127.0.0.1', watch: null } });
    await server.listen();
  } catch (error) {
    // A server that never started leaves no folder and no variable behind either.
    await server?.close();
    await cleanUp();
    throw error;
  }
  const started = server;
  return {
    base: `http://127.0.0.1:${(started.httpServer!.address() as AddressInfo).port}`,
    dataDir,
    async close() {
      await started.close();
      await cleanUp();
    },
  };
}
