import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';

/** A port nothing listens on right now, on the loopback interface. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves with everything printed once `text` has appeared; rejects if the process ends first. */
function waitForOutput(child: ChildProcess, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(text)) resolve(output);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`npm run demo exited (${code}) before printing "${text}":\n${output}`)));
  });
}

describe('npm run demo', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    // npm starts vite as a child: end the whole process group, unless it has ended already
    // (a failed build), which would hide the test's own error behind a "kill ESRCH".
    try {
      if (child?.pid) process.kill(-child.pid, 'SIGTERM');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  });

  it('honours --port and --host, prints the demo, webhook and leads URLs, and serves the page', async () => {
    const port = await freePort();
    child = spawn('npm', ['run', 'demo', '--', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
      cwd: new URL('../..', import.meta.url),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = await waitForOutput(child, 'Leads:');
    const base = `http://127.0.0.1:${port}/`;
    expect(output).toContain(`Demo page:  ${base}`);
    expect(output).toContain(`POST ${base}webhook`);
    expect(output).toContain(`${base}leads`);

    const page = await (await fetch(base)).text();
    expect(page).toContain('data-leadflow="/flows/saas-bant.json"');
    expect((await fetch(`${base}leadflow.js`)).status).toBe(200);
  }, 60_000);
});
