import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Browser tests drive Debian's Chromium (never a downloaded browser). A fresh machine does not
 * have it, so the test command installs it with apt-get (as root, or through sudo).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const asRoot = process.getuid?.() === 0;
  const apt = (args: string[]) =>
    asRoot ? spawnSync('apt-get', args, { stdio: 'inherit' }) : spawnSync('sudo', ['-n', 'apt-get', ...args], { stdio: 'inherit' });
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  Object.assign(process.env, env);
  let result = apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium']);
  if (result.status !== 0) {
    apt(['update', '-qq']);
    result = apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium']);
  }
  if (result.status !== 0 || !existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM} and apt-get could not install it (run: sudo apt-get install chromium)`);
  }
  console.log(execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim());
}

if (import.meta.url === `file://${process.argv[1]}`) ensureChromium();
