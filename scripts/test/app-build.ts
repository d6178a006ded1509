import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot, type StackConfig } from '../stack/config';
import type { StackKeys } from '../stack/keys';
import { testAppEnv, testStackEnv } from './test-stack-env';

/**
 * The production build the app and browser suites run against (`next start`, tests/setup/app-server.ts):
 * built once per `npm test`, into the run's own build dir, so a developer's `.next` is never touched.
 */
export const testDistDir = path.join(projectRoot, testStackEnv.NEXT_DIST_DIR);

/** next.config.ts gives a non-default build dir a tsconfig of its own (Next writes type globs into it). */
export function writeDistTsconfig(distDir: string): void {
  writeFileSync(path.join(projectRoot, `tsconfig.${distDir.replace(/^\./, '')}.json`), '{ "extends": "./tsconfig.json" }\n');
}

/** Whether a finished build is there (Next writes BUILD_ID last). */
export function hasBuild(distDir = testDistDir): boolean {
  return existsSync(path.join(distDir, 'BUILD_ID'));
}

/** The test files that reach the app: they call appUrl() (tests/helpers/app.ts) or drive a browser. */
export function appTestFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(projectRoot, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (rel.endsWith('.test.ts') && /\bappUrl\b|helpers\/browser/.test(readFileSync(path.join(projectRoot, rel), 'utf8'))) files.push(rel);
    }
  };
  walk('tests');
  return files;
}

/** vitest's filters are substrings of a file's path: build only when a selected file needs the app. */
export function filtersNeedApp(filters: string[]): boolean {
  if (filters.length === 0) return true;
  const needing = appTestFiles();
  return filters.some((f) => needing.some((file) => file.includes(f.replace(/^\.\//, ''))));
}

/** `next build` with the test app's environment; prints how long it took. */
export async function buildApp(config: StackConfig, keys: StackKeys): Promise<boolean> {
  writeDistTsconfig(testStackEnv.NEXT_DIST_DIR);
  const started = Date.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(path.join(projectRoot, 'node_modules/.bin/next'), ['build'], {
      cwd: projectRoot,
      env: testAppEnv(config, keys),
      stdio: 'inherit',
    });
    child.on('close', (c) => resolve(c ?? 1));
    child.on('error', () => resolve(1));
  });
  console.log(`next build ${code === 0 ? 'done' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)}s (${testStackEnv.NEXT_DIST_DIR})`);
  return code === 0;
}
