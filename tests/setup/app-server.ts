import { spawn } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { appEnv } from '@/scripts/stack/app-env';
import { loadConfig } from '@/scripts/stack/config';
import { readKeys } from '@/scripts/stack/keys';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
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
 * One `next dev` for every app and browser test, started in the background (suites that never
 * touch the app do not wait for it; tests/helpers/app.ts does). Build dir and tsconfig are the
 * test run's own, so a developer's `npm run dev` keeps running beside it.
 */
export default async function setup(project: TestProject) {
  const root = path.resolve(import.meta.dirname, '../..');
  const port = Number(process.env.TEST_APP_PORT ?? 3101);
  const distDir = process.env.NEXT_DIST_DIR ?? '.next-test';
  writeFileSync(path.join(root, `tsconfig.${distDir.replace(/^\./, '')}.json`), '{ "extends": "./tsconfig.json" }\n');
  if (await portInUse(port)) {
    throw new Error(`port ${port} for the test app is taken (a stale next dev? see artifacts/next-dev-${port}.log); free it or set TEST_PORT_BASE`);
  }
  const config = loadConfig();
  const keys = await readKeys(config);
  mkdirSync(path.join(root, 'artifacts'), { recursive: true });
  const log = openSync(path.join(root, 'artifacts', `next-dev-${port}.log`), 'w');
  // loopback only, as `npm run dev`; the URL names the address, so no lookup of localhost can
  // pick ::1 where nothing listens
  const next = spawn(path.join(root, 'node_modules/.bin/next'), ['dev', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      NEXT_DIST_DIR: distDir,
      NEXT_TELEMETRY_DISABLED: '1',
      ...appEnv(config, keys),
      // the override only shows the insecure sign-in banner in development; tests/app/auth-mode.test.ts checks it
      CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH: '1',
    },
  });
  project.provide('appUrl', `http://127.0.0.1:${port}`);
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
