import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StackConfig } from './config';

/**
 * Embedded Postgres 17 driven with its own initdb/pg_ctl, so the server outlives the command
 * that started it (as `supabase start` leaves its containers running). Postgres refuses to run
 * as root; as root we run it as the `postgres` OS user, created if missing.
 */
type Owner = { uid: number; gid: number };

function runAs(): Owner | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
  }
  return { uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

/** Whether the postgres OS user can reach `dir` (every parent searchable), e.g. not under /root. */
function canEnter(owner: Owner, dir: string): boolean {
  return spawnSync('test', ['-x', dir], { ...owner }).status === 0;
}

/**
 * Where this stack keeps what the postgres OS user must reach when it cannot enter the project
 * (a clone under /root, mode 700): one folder per STACK_DIR, so two clones never share a database.
 */
export const OUTSIDE_ROOT = '/var/lib/concierge-stack';

function outsideDir(config: StackConfig): string {
  const hash = createHash('sha256').update(config.dir).digest('hex').slice(0, 16);
  const dir = path.join(OUTSIDE_ROOT, hash);
  mkdirSync(dir, { recursive: true });
  // searchable by the postgres OS user whatever the umask
  for (const d of [OUTSIDE_ROOT, dir]) chmodSync(d, 0o755);
  return dir;
}

let installBin: string | undefined;

/**
 * The embedded Postgres binaries, or, when the postgres OS user cannot reach node_modules, a copy
 * of them outside the project (one per Postgres version; missing files such as pgTAP, installed
 * into node_modules later, are added on the next call).
 */
function pgBin(config: StackConfig): string {
  if (installBin) return installBin;
  const owner = runAs();
  if (!owner || canEnter(owner, config.paths.pgBin)) {
    installBin = config.paths.pgBin;
    return installBin;
  }
  const native = path.dirname(config.paths.pgBin);
  const { version } = JSON.parse(readFileSync(path.join(native, '../package.json'), 'utf8')) as { version: string };
  const copy = path.join(outsideDir(config), `postgres-${version}`);
  if (existsSync(copy)) {
    copyMissing(native, copy);
  } else {
    // copied whole under another name first, so an interrupted copy is never taken for a complete one
    const partial = `${copy}.partial-${process.pid}`;
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    renameSync(partial, copy);
  }
  installBin = path.join(copy, 'bin');
  return installBin;
}

function copyMissing(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [source, target] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.isDirectory()) {
      mkdirSync(target, { recursive: true });
      copyMissing(source, target);
    } else if (!existsSync(target) && !isLink(target)) {
      cpSync(source, target, { verbatimSymlinks: true, preserveTimestamps: true });
    }
  }
}

function pgTool(config: StackConfig, tool: string, args: string[], options: SpawnSyncOptions = {}) {
  const owner = runAs();
  const result = spawnSync(path.join(pgBin(config), tool), args, {
    encoding: 'utf8',
    // the postgres OS user may not be allowed into our working directory
    cwd: tmpdir(),
    ...options,
    ...(owner ?? {}),
    env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
  });
  return result;
}

/**
 * Postgres's folder: `<STACK_DIR>/pg`, or, when that is a link made by `initialise`, the folder
 * outside the project it points to.
 */
export function pgDirs(config: StackConfig) {
  const link = path.join(config.dir, 'pg');
  const root = isLink(link) ? readlinkSync(link) : link;
  return { root, data: path.join(root, 'data'), run: path.join(root, 'run'), log: path.join(root, 'postgres.log') };
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

export function isInitialised(config: StackConfig): boolean {
  return existsSync(path.join(pgDirs(config).data, 'PG_VERSION'));
}

/**
 * A new, empty data dir. Run as root where the postgres OS user cannot enter STACK_DIR, it lives
 * in a folder of this stack's own under /var/lib, which `<STACK_DIR>/pg` links to: deleting
 * STACK_DIR removes the link, and the next `up` starts that folder afresh, as it would in place.
 */
export function initialise(config: StackConfig): void {
  const owner = runAs();
  const link = path.join(config.dir, 'pg');
  mkdirSync(config.dir, { recursive: true });
  // not initialised: whatever is there is the remains of an initdb that did not finish
  if (isLink(link)) rmSync(readlinkSync(link), { recursive: true, force: true });
  rmSync(link, { recursive: true, force: true });
  if (owner && !canEnter(owner, config.dir)) {
    const outside = path.join(outsideDir(config), 'pg');
    rmSync(outside, { recursive: true, force: true });
    mkdirSync(outside);
    symlinkSync(outside, link);
  }
  const { root, data, run } = pgDirs(config);
  mkdirSync(run, { recursive: true });
  if (owner) {
    chownSync(root, owner.uid, owner.gid);
    chownSync(run, owner.uid, owner.gid);
    if (spawnSync('test', ['-w', root], { ...owner }).status !== 0) {
      throw new Error(`the postgres OS user cannot write ${root}`);
    }
  }
  const pwfile = path.join(tmpdir(), `concierge-pw-${process.pid}`);
  writeFileSync(pwfile, `${config.db.password}\n`, { mode: 0o644 });
  try {
    const result = pgTool(config, 'initdb', [
      `--pgdata=${data}`,
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
  const { data, run, log } = pgDirs(config);
  const settings = [
    `-p ${config.ports.db}`,
    `-k ${run}`,
    `-c listen_addresses=${config.host}`,
    '-c max_connections=200',
    '-c shared_buffers=256MB',
    ...(config.fastUnsafe ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
  ];
  const result = pgTool(config, 'pg_ctl', ['-D', data, '-l', log, '-o', settings.join(' '), '-w', '-t', '60', 'start']);
  if (result.status !== 0) {
    const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
    throw new Error(`Postgres did not start (port ${config.ports.db} in use?):\n${result.stderr}\n${tail}`);
  }
}

export function stop(config: StackConfig): void {
  if (!isRunning(config)) return;
  pgTool(config, 'pg_ctl', ['-D', pgDirs(config).data, '-m', 'fast', '-w', '-t', '30', 'stop']);
}

export function postmasterPid(config: StackConfig): number | undefined {
  const file = path.join(pgDirs(config).data, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isRunning(config: StackConfig): boolean {
  if (!isInitialised(config)) return false;
  return pgTool(config, 'pg_ctl', ['-D', pgDirs(config).data, 'status']).status === 0;
}
