import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StackConfig } from './config';

/**
 * Embedded Postgres 17 driven with its own initdb/pg_ctl, so the server outlives the command
 * that started it (as `supabase start` leaves its containers running). Postgres refuses to run
 * as root; as root we run it as the `postgres` OS user, created if missing.
 */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
  }
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

function pgTool(config: StackConfig, tool: string, args: string[], options: SpawnSyncOptions = {}) {
  const owner = runAs();
  const result = spawnSync(path.join(config.paths.pgBin, tool), args, {
    encoding: 'utf8',
    ...options,
    ...(owner ?? {}),
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
  });
  return result;
}

export function pgDirs(config: StackConfig) {
  const root = path.dirname(config.paths.pgData);
  return { root, log: path.join(root, 'postgres.log') };
}

export function isInitialised(config: StackConfig): boolean {
  return existsSync(path.join(config.paths.pgData, 'PG_VERSION'));
}

export function initialise(config: StackConfig): void {
  const { root } = pgDirs(config);
  mkdirSync(config.paths.pgRun, { recursive: true });
  const owner = runAs();
  if (owner) {
    chownSync(root, owner.uid, owner.gid);
    chownSync(config.paths.pgRun, owner.uid, owner.gid);
    const probe = spawnSync('test', ['-w', root], { ...owner });
    if (probe.status !== 0) {
      throw new Error(
        `the postgres OS user cannot write ${root}: every parent folder must be searchable by it ` +
          `(chmod o+x), or set STACK_DIR to a folder under /tmp`,
      );
    }
  }
  const pwfile = path.join(tmpdir(), `concierge-pw-${process.pid}`);
  writeFileSync(pwfile, `${config.db.password}\n`, { mode: 0o644 });
  try {
    const result = pgTool(config, 'initdb', [
      `--pgdata=${config.paths.pgData}`,
      '--username=postgres',
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
    ]);
    if (result.status !== 0) throw new Error(`initdb failed:\n${result.stderr || result.stdout}`);
  } finally {
    rmSync(pwfile, { force: true });
  }
}

export function start(config: StackConfig): void {
  const { log } = pgDirs(config);
  const settings = [
    `-p ${config.ports.db}`,
    `-k ${config.paths.pgRun}`,
    `-c listen_addresses=${config.host}`,
    '-c max_connections=200',
    '-c shared_buffers=256MB',
    ...(config.fastUnsafe ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
  ];
  const result = pgTool(config, 'pg_ctl', ['-D', config.paths.pgData, '-l', log, '-o', settings.join(' '), '-w', '-t', '60', 'start']);
  if (result.status !== 0) {
    const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
    throw new Error(`Postgres did not start (port ${config.ports.db} in use?):\n${result.stderr}\n${tail}`);
  }
}

export function stop(config: StackConfig): void {
  if (!isRunning(config)) return;
  pgTool(config, 'pg_ctl', ['-D', config.paths.pgData, '-m', 'fast', '-w', '-t', '30', 'stop']);
}

export function postmasterPid(config: StackConfig): number | undefined {
  const file = path.join(config.paths.pgData, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isRunning(config: StackConfig): boolean {
  if (!isInitialised(config)) return false;
  return pgTool(config, 'pg_ctl', ['-D', config.paths.pgData, 'status']).status === 0;
}
