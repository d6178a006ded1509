import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StackConfig } from '../stack/config';
import type { StackKeys } from '../stack/keys';
import * as postgres from '../stack/postgres';
import { isAlive, waitFor } from '../stack/processes';
import { probes, startFunctions, startPostgrest } from '../stack/services';
import { readState, writeState } from '../stack/state';

/** Kill -9 and restart the stack's processes, as a crash and a supervisor's restart would. */
export type Killable = 'postgrest' | 'functions' | 'postgres';

export interface KillRecord {
  service: Killable;
  /** ms since the scenario started */
  at: number;
  /** ms the service stayed down before its restart began */
  downMs: number;
  /** ms from the restart to its readiness probe answering */
  recoveryMs: number;
}

/** The process and every child (a service's group; Postgres's backends). */
function descendants(pid: number): number[] {
  let out: number[] = [];
  try {
    out = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    // no children
  }
  return out.flatMap((c) => [c, ...descendants(c)]);
}

function kill9(pid: number) {
  for (const p of [pid, ...descendants(pid)]) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

async function gone(pids: number[]) {
  await waitFor('killed processes to exit', async () => pids.every((p) => !isAlive(p)), 30_000);
}

export async function kill(config: StackConfig, service: Killable): Promise<void> {
  if (service === 'postgres') {
    const pid = postgres.postmasterPid(config);
    if (!pid) throw new Error('Postgres is not running');
    const all = [pid, ...descendants(pid)];
    kill9(pid);
    await gone(all);
    return;
  }
  const pid = readState(config)?.pids[service];
  if (!pid || !isAlive(pid)) throw new Error(`${service} is not running`);
  const all = [pid, ...descendants(pid)];
  kill9(pid);
  await gone(all);
}

export async function restart(config: StackConfig, keys: StackKeys, service: Killable): Promise<void> {
  if (service === 'postgres') {
    // a crashed postmaster leaves its pid file and shared memory: Postgres recovers from the WAL
    for (let attempt = 1; ; attempt += 1) {
      try {
        postgres.start(config);
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
        await sleep(500);
      }
    }
    return;
  }
  const state = readState(config)!;
  const pid = service === 'postgrest' ? startPostgrest(config, keys) : startFunctions(config, keys, { watch: false });
  writeState(config, { ...state, pids: { ...state.pids, [service]: pid } });
  await waitFor(service, () => (service === 'postgrest' ? probes.postgrest(config) : probes.functions(config)), 60_000);
}

/** Until the whole path answers again: a PostgREST query through the gateway (it reconnects to a restarted Postgres). */
export async function waitForApi(config: StackConfig, keys: StackKeys, timeoutMs = 60_000): Promise<void> {
  await waitFor('the API', () => probes.api(config, keys), timeoutMs);
}

/** Resident memory in MiB of a process and its children (Postgres: the postmaster and every backend). */
export function rssMiB(pid: number | undefined): number | null {
  if (!pid || !isAlive(pid)) return null;
  let kb = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      kb += m ? Number(m[1]) : 0;
    } catch {
      // exited meanwhile
    }
  }
  return Math.round((kb / 1024) * 10) / 10;
}

export function memoryOfStack(config: StackConfig): Record<string, number | null> {
  const pids = readState(config)?.pids ?? {};
  return {
    postgres: rssMiB(postgres.postmasterPid(config)),
    postgrest: rssMiB(pids.postgrest),
    functions: rssMiB(pids.functions),
    gateway: rssMiB(pids.gateway),
    realtime: rssMiB(pids.realtime),
  };
}
