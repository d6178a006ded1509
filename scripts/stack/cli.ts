import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { signLocalSessionToken } from '../../lib/auth/local-token';
import { loadConfig, type StackConfig } from './config';
import { rowCounts, restoreBackup, takeBackup } from './backup';
import { applyPlatform, isBootstrapped, pushMigrations, rebuildDatabase, setAuthenticatorPassword } from './database';
import { appEnv } from './app-env';
import { ensureKeys, jwksFingerprint, readKeys, type StackKeys } from './keys';
import * as postgres from './postgres';
import { isAlive, stopProcess, waitFor } from './processes';
import { POSTGREST_HOST, probes, startFunctions, startGateway, startMaildev, startPostgrest, startRealtime, waitForServices } from './services';
import { clearState, readState, writeState } from './state';

const USAGE = `usage: npm run stack -- <command>

  up                 start Postgres, PostgREST, Edge Functions, Realtime, the gateway and MailDev in the background
  down               stop everything the stack started
  status [--json]    what runs where
  reset              rebuild the database from migrations + seed
  token --user <id> [--org <slug|uuid|none>] [--ttl <seconds>]
                     print a Clerk-shaped session token for that user (development and tests only)
  backup [--out f]   the database's data (public, private) as one file, from a consistent snapshot
  restore <file>     replace this stack's data with a backup's (same migrations), then compare row counts
  env                print the app's environment (AUTH_PROVIDER=local, NEXT_PUBLIC_SUPABASE_URL, anon key,
                     the local sessions key)`;

type ServiceName = 'postgres' | 'postgrest' | 'functions' | 'gateway' | 'realtime' | 'maildev';

async function serviceStatus(config: StackConfig) {
  const state = readState(config);
  const answer = async (probe: () => Promise<boolean>) => probe().catch(() => false);
  const running: Record<ServiceName, boolean> = {
    postgres: postgres.isRunning(config),
    postgrest: isAlive(state?.pids.postgrest) && (await answer(() => probes.postgrest(config))),
    functions: isAlive(state?.pids.functions) && (await answer(() => probes.functions(config))),
    gateway: isAlive(state?.pids.gateway) && (await answer(() => probes.gateway(config))),
    realtime: isAlive(state?.pids.realtime) && (await answer(() => probes.realtime(config))),
    maildev: isAlive(state?.pids.maildev) && (await answer(() => probes.maildev(config))),
  };
  return { state, running, all: Object.values(running).every(Boolean), any: Object.values(running).some(Boolean) };
}

function facts(config: StackConfig, keys: StackKeys | undefined, running: Record<ServiceName, boolean>) {
  return {
    running: Object.values(running).every(Boolean),
    services: {
      postgres: { running: running.postgres, url: config.db.url, port: config.ports.db },
      postgrest: { running: running.postgrest, url: `http://${POSTGREST_HOST}:${config.ports.rest}` },
      functions: { running: running.functions, url: `${config.apiUrl}/functions/v1/<name>` },
      gateway: { running: running.gateway, url: config.apiUrl },
      realtime: { running: running.realtime, url: `${config.apiUrl.replace(/^http/, 'ws')}/realtime/v1/websocket` },
      maildev: { running: running.maildev, url: config.mailUrl, smtp: `smtp://${config.host}:${config.ports.mailSmtp}` },
    },
    mailUrl: config.mailUrl,
    supabaseUrl: config.apiUrl,
    dbUrl: config.db.url,
    anonKey: keys?.anonKey ?? null,
    serviceRoleKey: keys?.serviceRoleKey ?? null,
    jwksUrl: `${config.apiUrl}/auth/local/.well-known/jwks.json`,
    stateDir: config.dir,
    postgresDataDir: postgres.pgDirs(config).data,
  };
}

function printFacts(f: ReturnType<typeof facts>) {
  const rows: [string, string][] = [
    ['SUPABASE_URL', f.supabaseUrl],
    ['REST', `${f.supabaseUrl}/rest/v1`],
    ['Functions', f.services.functions.url],
    ['Realtime', f.services.realtime.url],
    ['DB URL', f.dbUrl],
    ['JWKS', f.jwksUrl],
    ['Mail (MailDev)', f.mailUrl],
    ['anon key', f.anonKey ?? '(not generated yet)'],
    ['service_role key', f.serviceRoleKey ?? '(not generated yet)'],
    ['state dir', f.stateDir],
    ['Postgres data', f.postgresDataDir],
  ];
  for (const [k, v] of rows) console.log(`  ${k.padEnd(17)} ${v}`);
}

function takeLock(config: StackConfig): () => void {
  mkdirSync(config.dir, { recursive: true });
  try {
    closeSync(openSync(config.paths.lock, 'wx'));
    writeFileSync(config.paths.lock, String(process.pid));
  } catch {
    const holder = Number(readFileSync(config.paths.lock, 'utf8'));
    if (isAlive(holder)) throw new Error(`another "stack up" (pid ${holder}) is starting this stack; wait for it`);
    writeFileSync(config.paths.lock, String(process.pid));
  }
  return () => rmSync(config.paths.lock, { force: true });
}

async function stopServices(config: StackConfig) {
  const state = readState(config);
  await Promise.all([
    stopProcess(state?.pids.gateway),
    stopProcess(state?.pids.realtime),
    stopProcess(state?.pids.functions),
    stopProcess(state?.pids.postgrest),
    stopProcess(state?.pids.maildev),
  ]);
}

async function up(options: { watch: boolean }) {
  const config = loadConfig();
  const before = await serviceStatus(config);
  // services started before the state dir gained a key (readKeys upgrades it) must restart to trust it
  const running = before.all ? await readKeys(config) : undefined;
  if (running && before.state?.jwks === jwksFingerprint(running)) {
    console.log('The Concierge stack is already running.');
    printFacts(facts(config, running, before.running));
    return;
  }
  const release = takeLock(config);
  const started = Date.now();
  try {
    if (before.any) await stopServices(config);
    const keys = await ensureKeys(config);
    if (!postgres.isInitialised(config)) {
      console.log('Initialising Postgres 17 …');
      postgres.initialise(config);
    }
    // still up when only the other services restart (one died, or they must trust a new key)
    if (!postgres.isRunning(config)) postgres.start(config);
    const fresh = !(await isBootstrapped(config));
    if (fresh) await applyPlatform(config, keys);
    else await setAuthenticatorPassword(config, keys);
    console.log(fresh ? 'Applying migrations and seed …' : 'Applying pending migrations …');
    pushMigrations(config, { seed: fresh });
    const pids = {
      postgrest: startPostgrest(config, keys),
      functions: startFunctions(config, keys, options),
      gateway: startGateway(config, keys),
      realtime: startRealtime(config, keys),
      maildev: startMaildev(config),
    };
    writeState(config, { startedAt: new Date().toISOString(), pids, jwks: jwksFingerprint(keys) });
    await waitForServices(config, keys);
    console.log(`The Concierge stack is running (${((Date.now() - started) / 1000).toFixed(1)}s).`);
    printFacts(facts(config, keys, (await serviceStatus(config)).running));
  } catch (error) {
    console.error(`stack up failed: ${(error as Error).message}`);
    console.error(`logs: ${config.paths.logs} and ${postgres.pgDirs(config).log}`);
    await stopServices(config);
    clearState(config);
    postgres.stop(config);
    process.exitCode = 1;
  } finally {
    release();
  }
}

async function down() {
  const config = loadConfig();
  await stopServices(config);
  postgres.stop(config);
  clearState(config);
  const pid = postgres.postmasterPid(config);
  if (pid && isAlive(pid)) await stopProcess(pid, 10_000);
  console.log('The Concierge stack is stopped.');
}

async function status(json: boolean) {
  const config = loadConfig();
  const { running } = await serviceStatus(config);
  const keys = await readKeys(config).catch(() => undefined);
  const f = facts(config, keys, running);
  if (json) {
    console.log(JSON.stringify(f, null, 2));
    return;
  }
  for (const [name, service] of Object.entries(f.services)) {
    console.log(`  ${name.padEnd(10)} ${service.running ? 'running' : 'stopped'}  ${service.url}`);
  }
  if (f.running) {
    printFacts(f);
    return;
  }
  console.log(`  ${'Postgres data'.padEnd(17)} ${f.postgresDataDir}`);
  console.log('Start it with: npm run stack -- up');
}

async function reset() {
  const config = loadConfig();
  const keys = await ensureKeys(config);
  const wasRunning = postgres.isRunning(config);
  const state = readState(config);
  if (!postgres.isInitialised(config)) postgres.initialise(config);
  if (!wasRunning) postgres.start(config);
  await stopProcess(state?.pids.postgrest);
  await rebuildDatabase(config, keys);
  if (state && isAlive(state.pids.gateway)) {
    const postgrest = startPostgrest(config, keys);
    writeState(config, { ...state, pids: { ...state.pids, postgrest } });
    await waitFor('PostgREST', () => probes.postgrest(config), 40_000);
  }
  if (!wasRunning) postgres.stop(config);
  console.log('Database rebuilt from supabase/migrations and supabase/seed.sql.');
}

async function token(args: string[]) {
  const { values } = parseArgs({ args, options: { user: { type: 'string' }, org: { type: 'string' }, ttl: { type: 'string' } } });
  if (!values.user) throw new Error('token needs --user <id>');
  const config = loadConfig();
  const keys = await readKeys(config).catch(() => {
    throw new Error('no stack keys yet: run `npm run stack -- up` first');
  });
  const org = values.org === 'none' ? undefined : await findMembership(config, values.user, values.org);
  const jwt = await signLocalSessionToken({
    privateJwk: keys.sessionPrivateJwk,
    issuer: config.issuer,
    userId: values.user,
    org,
    ttlSeconds: values.ttl ? Number(values.ttl) : undefined,
  });
  console.log(jwt);
}

/** The active organization for a token: the one named, else the user's first membership. */
async function findMembership(config: StackConfig, userId: string, org: string | undefined) {
  const client = new pg.Client({ connectionString: config.db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; slug: string; role: string }>(
      `select o.id, o.slug, m.role::text as role
         from public.organization_members m join public.organizations o on o.id = m.organization_id
        where m.user_id = $1 and ($2::text is null or o.slug = $2 or o.id::text = $2)
        order by m.created_at, o.slug limit 1`,
      [userId, org ?? null],
    );
    const row = rows[0];
    if (row) return { id: row.id, slug: row.slug, role: row.role };
    if (!org) return undefined;
    // Not a member: still sign the claim, so callers can show that the database refuses it.
    const { rows: orgs } = await client.query<{ id: string; slug: string }>(
      `select id, slug from public.organizations where slug = $1 or id::text = $1`,
      [org],
    );
    const target = orgs[0];
    if (!target) throw new Error(`no organization "${org}"`);
    return { id: target.id, slug: target.slug, role: 'member' };
  } finally {
    await client.end();
  }
}

async function env() {
  const config = loadConfig();
  const keys = await readKeys(config);
  for (const [name, value] of Object.entries(appEnv(config, keys))) console.log(`${name}='${value}'`);
}

async function backup(args: string[]) {
  const config = loadConfig();
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const file = values.out ?? `concierge-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.json.gz`;
  const taken = await takeBackup(config, file);
  const rows = Object.values(taken.tables).reduce((n, t) => n + t.length, 0);
  console.log(`${file}: ${Object.keys(taken.tables).length} tables, ${rows} rows, ${taken.migrations.length} migrations`);
}

async function restore(args: string[]) {
  const config = loadConfig();
  const file = args[0];
  if (!file) throw new Error('usage: npm run stack -- restore <backup file>');
  const restored = await restoreBackup(config, file);
  const counts = await rowCounts(config);
  const differing = Object.entries(restored.tables).filter(([table, rows]) => counts[table] !== rows.length);
  for (const [table, rows] of differing) console.error(`  ${table}: ${counts[table]} rows, the backup has ${rows.length}`);
  if (differing.length) throw new Error(`${differing.length} tables differ from the backup`);
  const rows = Object.values(counts).reduce((n, c) => n + c, 0);
  console.log(`restored ${file}: ${Object.keys(counts).length} tables, ${rows} rows, every count as in the backup`);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case 'up':
      return up({ watch: rest.includes('--watch') });
    case 'down':
      return down();
    case 'status':
      return status(rest.includes('--json'));
    case 'reset':
      return reset();
    case 'token':
      return token(rest);
    case 'env':
      return env();
    case 'backup':
      return backup(rest);
    case 'restore':
      return restore(rest);
    default:
      console.error(USAGE);
      process.exitCode = command ? 2 : 0;
  }
}

main().catch((error: unknown) => {
  console.error(`stack: ${(error as Error).message}`);
  process.exitCode = 1;
});
