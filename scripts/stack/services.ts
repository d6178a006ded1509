import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { StackConfig } from './config';
import { projectRoot } from './config';
import { channelEnv } from './channels-env';
import type { StackKeys } from './keys';
import { httpOk, spawnDetached, waitFor } from './processes';

/** The services besides Postgres; each starts detached and is ready when its probe answers. */

/**
 * PostgREST trusts both keys of the JWKS and has no rule of its own about which key may carry which
 * role, so only the gateway may reach it: it listens on the loopback interface whatever STACK_HOST
 * says, and the gateway, the functions and the app all call it through the gateway.
 */
export const POSTGREST_HOST = '127.0.0.1';

/** Seconds PostgREST waits for a new connection to Postgres (libpq's connect_timeout). */
export const POSTGREST_CONNECT_TIMEOUT_S = 5;

export function startPostgrest(config: StackConfig, keys: StackKeys): number {
  mkdirSync(config.paths.logs, { recursive: true });
  const env = {
    PATH: process.env.PATH,
    // connect_timeout: a connection attempt Postgres never answers (a lossy link, a stalled
    // server) gives up after 5 s and frees its pool slot, instead of holding it until the OS gives
    // up; the request waiting on it is answered 503 well inside the functions' 15 s limit
    // (SUPABASE_FETCH_TIMEOUT_MS) and the widget's 20 s (RELIABILITY.md, failure 4)
    PGRST_DB_URI: `postgres://authenticator:${encodeURIComponent(keys.authenticatorPassword)}@${config.host}:${config.ports.db}/${config.db.name}?connect_timeout=${POSTGREST_CONNECT_TIMEOUT_S}`,
    PGRST_DB_SCHEMAS: 'public',
    PGRST_DB_EXTRA_SEARCH_PATH: 'public,extensions',
    PGRST_DB_ANON_ROLE: 'anon',
    PGRST_DB_MAX_ROWS: '1000',
    PGRST_DB_POOL: '20',
    // a request waits at most this long for a free slot when all 20 are busy: 504, not a hang
    PGRST_DB_POOL_ACQUISITION_TIMEOUT: '10',
    PGRST_JWT_SECRET: JSON.stringify(keys.jwks),
    PGRST_JWT_CACHE_MAX_LIFETIME: '3600',
    PGRST_SERVER_HOST: POSTGREST_HOST,
    PGRST_SERVER_PORT: String(config.ports.rest),
    PGRST_ADMIN_SERVER_PORT: String(config.ports.restAdmin),
    PGRST_LOG_LEVEL: 'warn',
  };
  return spawnDetached(config.paths.postgrest, [], path.join(config.paths.logs, 'postgrest.log'), { env });
}

export function startFunctions(
  config: StackConfig,
  keys: StackKeys,
  { watch, extraEnv = {} }: { watch: boolean; extraEnv?: Record<string, string> },
): number {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DENO_DIR: process.env.DENO_DIR,
    DENO_NO_UPDATE_CHECK: '1',
    NO_COLOR: '1',
    FUNCTIONS_HOST: config.host,
    FUNCTIONS_PORT: String(config.ports.functions),
    SUPABASE_URL: config.apiUrl,
    SUPABASE_ANON_KEY: keys.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleKey,
    SUPABASE_DB_URL: config.db.url,
    AUTH_ISSUER: config.issuer,
    AUTH_JWKS_URL: `${config.apiUrl}/auth/local/.well-known/jwks.json`,
    CLERK_WEBHOOK_SIGNING_SECRET: keys.webhookSecret,
    CRON_SECRET: keys.cronSecret,
    // Email: SMTP into the stack's MailDev; links in emails point at the app (`npm run dev`'s port
    // unless APP_URL says otherwise) and are signed with a key of this stack.
    SMTP_HOST: config.host,
    SMTP_PORT: String(config.ports.mailSmtp),
    EMAIL_FROM: 'Concierge <no-reply@concierge.localhost>',
    EMAIL_LINK_SECRET: keys.cronSecret + ':email-links',
    APP_URL: process.env.APP_URL ?? 'http://127.0.0.1:3000',
    // Facebook Page and Zalo OA channels: webhook secrets and the token key (scripts/stack/channels-env.ts)
    ...channelEnv(keys),
    // Settings a developer may override for the functions (AI provider, rate limits, proxy hops,
    // WEBHOOK_ALLOW_LOOPBACK for a local webhook receiver), and the channel platforms' endpoints,
    // which the tests point at their fakes.
    ...passThrough(
      /^(AI_|OPENAI_|WIDGET_|WEBHOOK_|TRUSTED_PROXY_HOPS$|EMAIL_TRANSPORT$|RESEND_|SMTP_|FACEBOOK_(GRAPH_URL|DIALOG_URL|LOGIN_CONFIG_ID)$|ZALO_(OAUTH_URL|OPENAPI_URL)$)/,
    ),
    ...extraEnv,
  };
  const args = ['run', '--allow-net', '--allow-env', '--allow-read', '--allow-sys', '--config', path.join(projectRoot, 'deno.json')];
  // `npm test` measures the functions' coverage: Deno writes a profile per process when it exits
  const coverageDir = process.env.STACK_FUNCTIONS_COVERAGE;
  if (coverageDir) args.push(`--coverage=${coverageDir}`);
  if (watch) args.push(`--watch=${config.paths.functionsDir}`);
  args.push(config.paths.functionsRouter, config.paths.functionsDir);
  return spawnDetached(config.paths.deno, args, path.join(config.paths.logs, 'functions.log'), { env, cwd: projectRoot });
}

function passThrough(pattern: RegExp): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => pattern.test(e[0]) && e[1] !== undefined));
}

/** The public half of an RSA private JWK. */
function publicJwkOf({ kty, kid, n, e }: StackKeys['sessionPrivateJwk']) {
  return { kty, kid, n, e, alg: 'RS256', use: 'sig' };
}

/** trustForwarded: pass a client's X-Forwarded-For through (tests); off = production mode. */
export function startGateway(config: StackConfig, keys: StackKeys, trustForwarded = process.env.STACK_TRUST_FORWARDED === '1'): number {
  const env = {
    PATH: process.env.PATH,
    GATEWAY_HOST: config.host,
    GATEWAY_PORT: String(config.ports.api),
    REST_URL: `http://${POSTGREST_HOST}:${config.ports.rest}`,
    FUNCTIONS_URL: `http://${config.host}:${config.ports.functions}`,
    REALTIME_URL: `http://${config.host}:${config.ports.realtime}`,
    GATEWAY_API_KEYS: [keys.anonKey, keys.serviceRoleKey].join(','),
    GATEWAY_JWKS: JSON.stringify(keys.jwks),
    GATEWAY_SESSION_JWK: JSON.stringify(publicJwkOf(keys.sessionPrivateJwk)),
    GATEWAY_TRUST_FORWARDED: trustForwarded ? '1' : '0',
  };
  return spawnDetached(process.execPath, ['--import', 'tsx', config.paths.gateway], path.join(config.paths.logs, 'gateway.log'), {
    env,
    cwd: projectRoot,
  });
}

/** The Realtime stand-in (scripts/stack/realtime): reached through the gateway at /realtime/v1. */
export function startRealtime(config: StackConfig, keys: StackKeys): number {
  const env = {
    PATH: process.env.PATH,
    REALTIME_HOST: config.host,
    REALTIME_PORT: String(config.ports.realtime),
    REALTIME_DB_URL: config.db.url,
    REALTIME_API_KEYS: [keys.anonKey, keys.serviceRoleKey].join(','),
    REALTIME_JWKS: JSON.stringify(keys.jwks),
    REALTIME_SESSION_JWK: JSON.stringify(publicJwkOf(keys.sessionPrivateJwk)),
  };
  return spawnDetached(process.execPath, ['--import', 'tsx', config.paths.realtime], path.join(config.paths.logs, 'realtime.log'), {
    env,
    cwd: projectRoot,
  });
}

/** MailDev: SMTP for the functions, a web UI and REST API (/api/email) for people and tests; mail kept in the stack dir. */
export function startMaildev(config: StackConfig): number {
  const mailDir = path.join(config.dir, 'mail');
  mkdirSync(mailDir, { recursive: true });
  const args = [
    config.paths.maildev,
    '--smtp',
    String(config.ports.mailSmtp),
    '--web',
    String(config.ports.mailWeb),
    '--ip',
    config.host,
    '--web-ip',
    config.host,
    '--mail-directory',
    mailDir,
  ];
  return spawnDetached(process.execPath, args, path.join(config.paths.logs, 'maildev.log'), { env: { PATH: process.env.PATH }, cwd: projectRoot });
}

export const probes = {
  maildev: (config: StackConfig) => httpOk(`${config.mailUrl}/api/healthz`),
  postgrest: (config: StackConfig) => httpOk(`http://${POSTGREST_HOST}:${config.ports.restAdmin}/ready`),
  functions: (config: StackConfig) => httpOk(`http://${config.host}:${config.ports.functions}/_health`),
  gateway: (config: StackConfig) => httpOk(`${config.apiUrl}/health`),
  realtime: (config: StackConfig) => httpOk(`http://${config.host}:${config.ports.realtime}/health`),
  api: (config: StackConfig, keys: StackKeys) => httpOk(`${config.apiUrl}/rest/v1/`, { headers: { apikey: keys.anonKey } }),
};

export async function waitForServices(config: StackConfig, keys: StackKeys): Promise<void> {
  await Promise.all([
    waitFor('PostgREST', () => probes.postgrest(config), 40_000),
    waitFor('Edge Functions (Deno)', () => probes.functions(config), 60_000),
    waitFor('gateway', () => probes.gateway(config)),
    waitFor('Realtime', () => probes.realtime(config)),
    waitFor('MailDev', () => probes.maildev(config), 30_000),
  ]);
  await waitFor('a PostgREST query through the gateway', () => probes.api(config, keys));
}
