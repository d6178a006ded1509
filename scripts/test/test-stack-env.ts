import path from 'node:path';
import { appEnv } from '../stack/app-env';
import { projectRoot, type StackConfig } from '../stack/config';
import type { StackKeys } from '../stack/keys';

/**
 * The throwaway stack `npm test` runs against: its own state dir and ports, durability off.
 * TEST_STACK_DIR and TEST_PORT_BASE let two checkouts (or two sessions) test side by side.
 */
// Below the kernel's ephemeral port range (32768–60999 on Linux): a fixed port inside it can be
// held by any outgoing connection (a pooled database connection lives for the whole run), and a
// runtime started on it later fails with AddrInUse.
const base = Number(process.env.TEST_PORT_BASE ?? 25320);
if (!Number.isInteger(base) || base < 1024 || base > 65000) throw new Error('TEST_PORT_BASE must be a port number');

export const testStackEnv = {
  STACK_DIR: process.env.TEST_STACK_DIR ?? path.join(projectRoot, '.stack-test'),
  STACK_HOST: '127.0.0.1',
  STACK_API_PORT: String(base + 1),
  STACK_DB_PORT: String(base + 2),
  STACK_REST_PORT: String(base + 5),
  STACK_REST_ADMIN_PORT: String(base + 6),
  STACK_FUNCTIONS_PORT: String(base + 7),
  // not the API port + 9 default: + 10 is the Clerk-mode dashboard test's app, + 11…17 and + 23…25
  // the restart test's second stack, + 20 the next dev smoke test
  STACK_REALTIME_PORT: String(base + 18),
  // MailDev: +11 and +12 are the restart test's second stack (tests/stack/restart.test.ts)
  STACK_MAIL_SMTP_PORT: String(base + 13),
  STACK_MAIL_WEB_PORT: String(base + 14),
  STACK_DB_PASSWORD: 'postgres',
  STACK_FAST_UNSAFE: '1',
  // each test file presents its own client IPs, so per-IP rate limits do not leak between files
  STACK_TRUST_FORWARDED: '1',
  // The app under test (next start) and its build dir, apart from a developer's `npm run dev`
  // (`.next`): a run never overwrites a developer's build.
  TEST_APP_PORT: String(base + 9),
  // links in the emails the stack sends (accept an invitation, unsubscribe) open that app
  APP_URL: `http://127.0.0.1:${base + 9}`,
  NEXT_DIST_DIR: `.next-test-${base}`,
} as const;

/**
 * `npm test`'s migrations check (scripts/migrations-check.ts --own-postgres): a Postgres of its
 * own, started and removed by the check, so it runs beside the other checks before the stack is up.
 */
export const migrationsCheckEnv = {
  STACK_DIR: `${testStackEnv.STACK_DIR}-migrations`,
  STACK_DB_PORT: String(base + 19),
};

/**
 * Settings that change what the functions runtime does (scripts/stack/services.ts passes AI_*,
 * OPENAI_*, WIDGET_* and TRUSTED_PROXY_HOPS through from the caller's environment), set to what the
 * tests assume. Tests that need others start a runtime of their own with them
 * (tests/helpers/functions-runtime.ts).
 */
export const functionsTestEnv = {
  AI_PROVIDER: 'local',
  AI_LOCAL_CHUNK_DELAY_MS: '12',
  TRUSTED_PROXY_HOPS: '1',
  // The channel connect flows' Facebook and Zalo endpoints: the fakes a browser test starts on
  // FAKE_CHANNELS_PORT (tests/helpers/fake-channels.ts), never the real platforms.
  FACEBOOK_GRAPH_URL: `http://127.0.0.1:${base + 21}/v21.0`,
  FACEBOOK_DIALOG_URL: `http://127.0.0.1:${base + 21}/v21.0/dialog/oauth`,
  ZALO_OAUTH_URL: `http://127.0.0.1:${base + 21}`,
  ZALO_OPENAPI_URL: `http://127.0.0.1:${base + 21}`,
} as const;

/** Where a test starts its fake Facebook / Zalo servers for the stack's own functions runtime. */
export const FAKE_CHANNELS_PORT = base + 21;

/**
 * Every variable read by the app (lib/env, next.config.ts, Next itself), the functions
 * (supabase/functions, scripts/stack/services.ts) or the stack scripts (scripts/stack/config.ts):
 * whatever a developer's shell holds under these names is dropped, so it cannot change a result.
 * What the run needs is then set explicitly (testStackEnv, functionsTestEnv, testAppEnv).
 */
const behaviourVariable =
  /^(AI_|OPENAI_|WIDGET_|WEBHOOK_|CLERK_|FACEBOOK_|ZALO_|CHANNEL_|NEXT_PUBLIC_|CONCIERGE_|LOCAL_AUTH_|STACK_|GATEWAY_|SUPABASE_|PGRST_|FUNCTIONS_|NEXT_|__NEXT_)|^(AUTH_PROVIDER|AUTH_ISSUER|AUTH_JWKS_URL|TRUSTED_PROXY_HOPS|DNS_NAMESERVER|CRON_SECRET|REST_URL|NODE_ENV|TURBOPACK|PORT)$/;

export function withoutBehaviourVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && !behaviourVariable.test(e[0])));
}

/** The environment of `npm test`'s own processes: the stack scripts, the functions runtime, vitest. */
export const runEnv: NodeJS.ProcessEnv = { ...withoutBehaviourVariables(process.env), NODE_ENV: 'test', ...testStackEnv, ...functionsTestEnv };

/**
 * The environment of `next build` and `next start` under test, complete on its own: no variable of
 * the caller's shell but PATH and HOME reaches Next, and every variable the app reads is set here.
 * A variable set in the environment wins over Next's `.env*` files (@next/env only fills in names
 * that are unset), so a developer's `.env.local` cannot change what the tests see either
 * (tests/app/production.test.ts writes a hostile one and checks).
 * Local sign-in on a production server needs CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH=1 (lib/env/auth-mode.ts);
 * tests/app/auth-mode.test.ts proves the server refuses to start without it.
 */
export function testAppEnv(config: StackConfig, keys: StackKeys): NodeJS.ProcessEnv & Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_DIST_DIR: testStackEnv.NEXT_DIST_DIR,
    ...appEnv(config, keys),
    AUTH_PROVIDER: 'local',
    CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH: '1',
    // explicitly empty (the app reads '' as unset), so a `.env.local` cannot fill them in
    CLERK_SECRET_KEY: '',
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: '',
    CLERK_JWT_KEY: '',
    // links to the help center (canonical URLs, sitemap) name the app under test
    APP_URL: testStackEnv.APP_URL,
    // the team's assistant answers from its local template, as the widget's does under test
    AI_PROVIDER: 'local',
    OPENAI_BASE_URL: '',
    OPENAI_API_KEY: '',
    OPENAI_MODEL: '',
    OPENAI_MAX_TOKENS: '',
  };
}
