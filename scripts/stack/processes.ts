import { spawn, type SpawnOptions } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Starts a long-running service detached from this process, its output appended to a log file. */
export function spawnDetached(
  command: string,
  args: string[],
  logFile: string,
  options: Omit<SpawnOptions, 'env'> & { env?: Record<string, string | undefined> } = {},
): number {
  const fd = openSync(logFile, 'a');
  try {
    const env = options.env as NodeJS.ProcessEnv | undefined;
    const child = spawn(command, args, { ...options, env, detached: true, stdio: ['ignore', fd, fd] });
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie has exited; it only waits for its parent to reap it. The reliability battery restarts
  // services as its own children and then runs `stack down` synchronously, so it cannot reap them
  // while `down` waits: counting a zombie as alive made that wait endless.
  try {
    return !/^\d+ \(.*\) Z /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/**
 * SIGTERM, then SIGKILL after a grace period: PostgREST may ignore SIGTERM while it holds
 * connections. Signals go to the process group so a service's children go too.
 */
export async function stopProcess(pid: number | undefined, graceMs = 3000): Promise<void> {
  if (!pid || !isAlive(pid)) return;
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(50);
  }
  signalGroup(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(20);
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** Polls until `probe` resolves true, or throws with the last error after the timeout. */
export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error;
    }
    await sleep(100);
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000}s${lastError ? `: ${String(lastError)}` : ''}`);
}

export async function httpOk(url: string, init?: RequestInit): Promise<boolean> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(2000) });
  await res.body?.cancel();
  return res.ok;
}
