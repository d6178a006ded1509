import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { StackConfig } from '../../scripts/stack/config';
import { withClient } from '../generate';

/** What the numbers were measured on, for the report (ratios travel, absolute times do not). */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  postgres: string;
  postgrest: string;
  deno: string;
  loadAverage: number[];
}

const firstLine = (run: () => string) => {
  try {
    return run().split('\n')[0]!.trim();
  } catch {
    return 'unknown';
  }
};

export async function describeMachine(config: StackConfig): Promise<Machine> {
  const osName = firstLine(() => readFileSync('/etc/os-release', 'utf8').match(/PRETTY_NAME="([^"]+)"/)?.[1] ?? os.type());
  const postgres = await withClient(config.db.url, async (c) => (await c.query<{ v: string }>('select version() as v')).rows[0]!.v).catch(
    () => 'unknown',
  );
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: osName,
    kernel: os.release(),
    node: process.version,
    postgres: postgres.replace(/ on .*$/, ''),
    postgrest: firstLine(() => execFileSync(config.paths.postgrest, ['--version'], { encoding: 'utf8' })),
    deno: firstLine(() => execFileSync(config.paths.deno, ['--version'], { encoding: 'utf8' })),
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
