import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '@/scripts/stack/config';
import { readKeys } from '@/scripts/stack/keys';
import { hasBuild } from '@/scripts/test/app-build';
import { testAppEnv, testStackEnv } from '@/scripts/test/test-stack-env';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    /** why the app is not there (no production build), when it is not */
    appMissing: string;
  }
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * One `next start` (production mode) of the run's build (scripts/test/app-build.ts: `npm test`
 * builds it once) for every app and browser test, started in the background (suites that never
 * touch the app do not wait for it; tests/helpers/app.ts does). Its environment is
 * testAppEnv alone, nothing of the caller's shell. A run whose files never reach the app builds
 * nothing, and then nothing starts here.
 */
export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, '../..');
  const port = Number(testStackEnv.TEST_APP_PORT);
  project.provide('appUrl', `http://127.0.0.1:${port}`);
  if (process.env.TEST_APP_BUILT !== '1' || !hasBuild()) {
    project.provide(
      'appMissing',
      `no production build of this run in ${testStackEnv.NEXT_DIST_DIR}: \`npm test\` builds it when a selected file needs the app`,
    );
    return;
  }
  project.provide('appMissing', '');
  if (await portInUse(port)) {
    throw new Error(
      `port ${port} for the test app is taken (a stale next start? see artifacts/next-start-${port}.log); free it or set TEST_PORT_BASE`,
    );
  }
  const config = loadConfig();
  const keys = await readKeys(config);
  mkdirSync(path.join(root, 'artifacts'), { recursive: true });
  const log = openSync(path.join(root, 'artifacts', `next-start-${port}.log`), 'w');
  // loopback only; the URL names the address, so no lookup of localhost can pick ::1 where nothing listens
  const next = spawn(path.join(root, 'node_modules/.bin/next'), ['start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', log, log],
    env: testAppEnv(config, keys),
  });
  return async () => {
    const signal = (name: NodeJS.Signals) => {
      try {
        if (next.pid) process.kill(-next.pid, name);
        return true;
      } catch {
        return false; // the group is gone
      }
    };
    if (!signal('SIGTERM')) return;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    signal('SIGKILL');
  };
}
