import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { appEnv } from '../../scripts/stack/app-env';
import { projectRoot } from '../../scripts/stack/config';
import { waitFor } from '../../scripts/stack/processes';
import type { BenchContext } from './context';

/**
 * The Next.js app against the benchmark's stack, in its own build dir. By default a production
 * build (`next build` + `next start`), which is what users get; BENCH_APP_MODE=dev uses `next dev`
 * instead (no build, but React's development mode makes every render slower).
 */
export interface RunningApp {
  url: string;
  mode: 'start' | 'dev';
  stop: () => void;
}

export async function startApp(ctx: BenchContext): Promise<RunningApp> {
  const mode = process.env.BENCH_APP_MODE === 'dev' ? 'dev' : 'start';
  const distDir = process.env.BENCH_NEXT_DIST_DIR ?? '.next-test-benchapp';
  // next.config.ts gives a non-default build dir a tsconfig of its own (as tests/setup/app-server.ts does)
  writeFileSync(path.join(projectRoot, `tsconfig.${distDir.replace(/^\./, '')}.json`), '{ "extends": "./tsconfig.json" }\n');
  const env = {
    ...process.env,
    NEXT_DIST_DIR: distDir,
    NEXT_TELEMETRY_DISABLED: '1',
    ...appEnv(ctx.config, ctx.keys),
    // `next start` refuses the local sign-in without it: the benchmark measures a production build
    // on a local stack, whose pages then carry the insecure sign-in banner
    CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH: '1',
  };
  const next = path.join(projectRoot, 'node_modules/.bin/next');
  if (mode === 'start') {
    ctx.log('  next build …');
    const build = spawnSync(next, ['build'], { cwd: projectRoot, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (build.status !== 0) throw new Error(`next build failed:\n${`${build.stdout}\n${build.stderr}`.trim().split('\n').slice(-25).join('\n')}`);
  }
  const port = ctx.ports.app;
  const child = spawn(next, [mode, '--port', String(port), '--hostname', ctx.config.host], {
    cwd: projectRoot,
    env,
    detached: true,
    stdio: 'ignore',
  });
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const url = `http://${ctx.config.host}:${port}`;
  try {
    await waitFor('the Next.js app', async () => (await fetch(`${url}/api/health`)).ok, 180_000);
  } catch (error) {
    stop();
    throw error;
  }
  return { url, mode, stop };
}
