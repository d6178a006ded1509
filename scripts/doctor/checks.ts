import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Webhook } from 'svix';
import { z } from 'zod';
import { projectRoot, supabaseCliBinary } from '../stack/config';
import { clerkFrontendHost, describeIssue, isLoopback, isProduction, localOnlySettings, variables, type Parsed, type VariableName } from './env';
import { get, list, migrationVersions, withDb } from './probe';

/**
 * `npm run doctor`: checks a deployment from the environment it runs with (the app's variables,
 * plus SUPABASE_DB_URL and CLERK_ISSUER for the checks that need them), one named check at a
 * time, each failure with its fix. The README's "Deploy" section is the guide these checks follow.
 */
export const checkIds = [
  'env',
  'local-only',
  'supabase-api',
  'functions',
  'webhook-secret',
  'clerk-jwks',
  'clerk-issuer',
  'migrations',
  'advisors',
  'summaries-cron',
] as const;
export type CheckId = (typeof checkIds)[number];

export interface CheckResult {
  id: CheckId;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
  fix?: string;
}

export interface DoctorOptions {
  env: Record<string, string | undefined>;
  /** Only these checks (all by default). */
  only?: readonly CheckId[];
  /** The migrations the database should have (supabase/migrations). */
  migrationsDir?: string;
  timeoutMs?: number;
}

const fixes = {
  env: 'set each variable in the host environment (README, "Deploy": the table of variables)',
  supabaseApi:
    'NEXT_PUBLIC_SUPABASE_URL is https://<project-ref>.supabase.co and NEXT_PUBLIC_SUPABASE_ANON_KEY its anon key (dashboard: Project Settings → API)',
  functions: 'npm run supabase -- functions deploy --use-api, then npm run supabase -- secrets set (README, "Deploy", steps 3 and 4)',
  migrations: 'npm run supabase -- db push (after npm run supabase -- link --project-ref <ref>)',
} as const;

type Check = (ctx: Context) => Promise<Omit<CheckResult, 'id'>>;
interface Context {
  env: Record<string, string | undefined>;
  vars: Parsed;
  invalid: Set<VariableName>;
  production: boolean;
  migrationsDir: string;
  timeoutMs: number;
}

const skip = (detail: string, fix?: string) => ({ status: 'skip' as const, detail, fix });
const pass = (detail: string) => ({ status: 'pass' as const, detail });
const fail = (detail: string, fix: string) => ({ status: 'fail' as const, detail, fix });

/** What a check needs from the environment, or why it cannot run. */
function needs(ctx: Context, names: VariableName[]): string | undefined {
  const bad = names.filter((name) => ctx.vars[name] === undefined);
  return bad.length ? `needs ${bad.join(', ')} (${bad.map((n) => (ctx.env[n] ? 'invalid' : 'unset')).join(', ')})` : undefined;
}

function clerkIssuer(ctx: Context): string | undefined {
  if (ctx.vars.CLERK_ISSUER) return ctx.vars.CLERK_ISSUER.replace(/\/$/, '');
  const host = ctx.vars.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY && clerkFrontendHost(ctx.vars.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY);
  return host ? `https://${host}` : undefined;
}

const checks: Record<CheckId, Check> = {
  async env(ctx) {
    const problems: string[] = [];
    for (const name of ctx.invalid) problems.push(`${name} ${describeIssue(name, ctx.env[name])}`);
    if (ctx.vars.AUTH_PROVIDER === 'clerk') {
      for (const name of ['NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY', 'CLERK_SECRET_KEY'] as const) {
        if (!ctx.env[name]) problems.push(`${name} is missing (AUTH_PROVIDER is "clerk")`);
      }
    }
    if (problems.length) return fail(problems.join('; '), fixes.env);
    return pass('every variable present and well-formed');
  },

  async 'local-only'(ctx) {
    const found = localOnlySettings(ctx.env);
    if (!ctx.production) {
      return skip(`NODE_ENV is "${ctx.env.NODE_ENV}", not a production environment${found.length ? ` (would fail: ${found.join('; ')})` : ''}`);
    }
    if (found.length) {
      return fail(
        found.join('; '),
        'production runs AUTH_PROVIDER=clerk with a Clerk production instance (pk_live_/sk_live_) and the hosted project URL; unset the local-only variables',
      );
    }
    return pass('no local-only setting');
  },

  async 'supabase-api'(ctx) {
    const missing = needs(ctx, ['NEXT_PUBLIC_SUPABASE_URL', 'NEXT_PUBLIC_SUPABASE_ANON_KEY']);
    if (missing) return skip(missing, fixes.env);
    // A table anon holds no privilege on: a key the gateway accepts reaches Postgres and is refused
    // there (42501), which tells a good key from a bad one without relying on the schema root.
    const url = `${ctx.vars.NEXT_PUBLIC_SUPABASE_URL!.replace(/\/$/, '')}/rest/v1/organizations?select=id&limit=1`;
    const res = await get(url, { headers: { apikey: ctx.vars.NEXT_PUBLIC_SUPABASE_ANON_KEY! } }, ctx.timeoutMs);
    if ('error' in res) return fail(`${url} is unreachable (${res.error})`, fixes.supabaseApi);
    const code = z.object({ code: z.string() }).safeParse(res.body).data?.code;
    if ((res.status === 401 || res.status === 403) && code === '42501') return pass(`${url} takes the anon key, and anon reads no table`);
    if (res.status === 200) {
      return fail(
        `${url}: anon reads public.organizations`,
        'the migrations revoke every table privilege from anon: npm run supabase -- db push --remote, and check grants made by hand',
      );
    }
    if (res.status === 401 || res.status === 403) return fail(`${url} refused the anon key (HTTP ${res.status})`, fixes.supabaseApi);
    return fail(`${url} answered HTTP ${res.status}`, fixes.supabaseApi);
  },

  async functions(ctx) {
    const missing = needs(ctx, ['NEXT_PUBLIC_SUPABASE_URL']);
    if (missing) return skip(missing, fixes.env);
    const url = `${ctx.vars.NEXT_PUBLIC_SUPABASE_URL!.replace(/\/$/, '')}/functions/v1/health`;
    const res = await get(url, {}, ctx.timeoutMs);
    if ('error' in res) return fail(`${url} is unreachable (${res.error})`, fixes.functions);
    if (res.status === 404) return fail(`${url} answered 404: the functions are not deployed`, fixes.functions);
    if (res.status === 401)
      return fail(
        `${url} asks for a JWT: health was deployed without verify_jwt = false`,
        'deploy from this checkout, whose supabase/config.toml sets verify_jwt = false per function',
      );
    const health = z.object({ ok: z.boolean() }).safeParse(res.body);
    if (res.status !== 200 || !health.success) return fail(`${url} answered HTTP ${res.status}`, fixes.functions);
    if (!health.data.ok) {
      return fail(
        `${url}: the functions run but cannot reach the REST API`,
        "check the functions' SUPABASE_URL and SUPABASE_ANON_KEY (hosted projects set them; npm run supabase -- secrets list)",
      );
    }
    return pass(`${url} answers ok`);
  },

  async 'webhook-secret'(ctx) {
    const missing = needs(ctx, ['NEXT_PUBLIC_SUPABASE_URL', 'CLERK_WEBHOOK_SIGNING_SECRET']);
    if (missing)
      return skip(missing, 'copy the signing secret of the Clerk webhook endpoint (Clerk dashboard → Webhooks) into CLERK_WEBHOOK_SIGNING_SECRET');
    // A signed event of a type the function ignores: 200 only if it holds the same secret.
    const url = `${ctx.vars.NEXT_PUBLIC_SUPABASE_URL!.replace(/\/$/, '')}/functions/v1/clerk-webhook`;
    const body = JSON.stringify({ type: 'concierge.doctor.ping', data: { id: 'doctor' } });
    const id = `msg_doctor_${Date.now()}`;
    const now = new Date();
    const signature = new Webhook(ctx.vars.CLERK_WEBHOOK_SIGNING_SECRET!).sign(id, now, body);
    const headers = {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(Math.floor(now.getTime() / 1000)),
      'svix-signature': signature,
    };
    const res = await get(url, { method: 'POST', headers, body }, ctx.timeoutMs);
    const secretFix = "npm run supabase -- secrets set CLERK_WEBHOOK_SIGNING_SECRET=<the endpoint's signing secret in Clerk>, the same value as here";
    if ('error' in res) return fail(`${url} is unreachable (${res.error})`, fixes.functions);
    if (res.status === 401)
      return fail('clerk-webhook refused a delivery signed with CLERK_WEBHOOK_SIGNING_SECRET: the function holds another secret', secretFix);
    if (res.status === 500) return fail('clerk-webhook failed on a signed delivery: its CLERK_WEBHOOK_SIGNING_SECRET is probably unset', secretFix);
    if (res.status !== 200) return fail(`clerk-webhook answered HTTP ${res.status} to a signed delivery`, fixes.functions);
    return pass('clerk-webhook accepts deliveries signed with CLERK_WEBHOOK_SIGNING_SECRET');
  },

  async 'clerk-jwks'(ctx) {
    if (ctx.vars.AUTH_PROVIDER !== 'clerk') return skip('AUTH_PROVIDER is not "clerk"');
    const issuer = clerkIssuer(ctx);
    if (!issuer) return skip(needs(ctx, ['NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY']) ?? 'no Clerk issuer', fixes.env);
    const url = `${issuer}/.well-known/jwks.json`;
    const res = await get(url, {}, ctx.timeoutMs);
    const fix =
      'CLERK_ISSUER (or the publishable key) names the Frontend API of the Clerk instance the app uses (Clerk dashboard → API keys → Frontend API URL)';
    if ('error' in res) return fail(`${url} is unreachable (${res.error})`, fix);
    const jwks = z.object({ keys: z.array(z.object({ kty: z.literal('RSA'), kid: z.string().min(1) }).passthrough()).min(1) }).safeParse(res.body);
    if (res.status !== 200 || !jwks.success) return fail(`${url} answered HTTP ${res.status} without an RSA key set`, fix);
    return pass(`${url} serves ${jwks.data.keys.length} RSA key(s)`);
  },

  async 'clerk-issuer'(ctx) {
    if (ctx.vars.AUTH_PROVIDER !== 'clerk') return skip('AUTH_PROVIDER is not "clerk"');
    const issuer = clerkIssuer(ctx);
    if (!issuer) return skip(needs(ctx, ['NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY']) ?? 'no Clerk issuer', fixes.env);
    const keyHost = ctx.vars.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY && clerkFrontendHost(ctx.vars.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY);
    const fix =
      'use one Clerk instance everywhere: the publishable key, CLERK_ISSUER and the domain under Supabase → Authentication → Third-party auth → Clerk name the same Frontend API';
    if (keyHost && new URL(issuer).host !== keyHost) {
      return fail(`CLERK_ISSUER is ${issuer} but NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY belongs to ${keyHost}`, fix);
    }
    const url = `${issuer}/.well-known/openid-configuration`;
    const res = await get(url, {}, ctx.timeoutMs);
    if ('error' in res) return fail(`${url} is unreachable (${res.error})`, fix);
    const discovery = z.object({ issuer: z.string() }).safeParse(res.body);
    if (res.status !== 200 || !discovery.success) return fail(`${url} answered HTTP ${res.status} without an issuer`, fix);
    if (discovery.data.issuer.replace(/\/$/, '') !== issuer) {
      return fail(`issuer mismatch: tokens will say iss=${discovery.data.issuer}, expected ${issuer}`, fix);
    }
    return pass(`tokens are issued by ${issuer}`);
  },

  async migrations(ctx) {
    if (!ctx.vars.SUPABASE_DB_URL) {
      return skip(
        needs(ctx, ['SUPABASE_DB_URL'])!,
        "set SUPABASE_DB_URL to the project's connection string (Connect → Session pooler) to compare the migration history",
      );
    }
    const wanted = migrationVersions(ctx.migrationsDir);
    let applied: string[];
    try {
      applied = await withDb(ctx.vars.SUPABASE_DB_URL, async (client) => {
        const { rows } = await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations order by 1');
        return rows.map((r) => r.version);
      });
    } catch (error) {
      const message = (error as Error).message;
      if (/schema_migrations/.test(message)) return fail('no migration was ever applied', fixes.migrations);
      return fail(`the database is unreachable (${message})`, 'check SUPABASE_DB_URL (password, host, sslmode)');
    }
    const missing = wanted.filter((v) => !applied.includes(v));
    const unknown = applied.filter((v) => !wanted.includes(v));
    if (missing.length) return fail(`${missing.length} migration(s) not applied: ${list(missing)}`, fixes.migrations);
    if (unknown.length) {
      return fail(
        `the database has ${unknown.length} migration(s) this checkout lacks: ${list(unknown)}`,
        'run the doctor from the commit that was deployed (git pull), or repair the history with supabase migration repair',
      );
    }
    return pass(`all ${wanted.length} migrations applied`);
  },

  async advisors(ctx) {
    if (!ctx.vars.SUPABASE_DB_URL) return skip(needs(ctx, ['SUPABASE_DB_URL'])!, "set SUPABASE_DB_URL to run Supabase's advisors");
    // As npm run db:advisors, at level warn; TLS is left to the URL unless it is this machine.
    const env = {
      ...process.env,
      SUPABASE_TELEMETRY_DISABLED: '1',
      DO_NOT_TRACK: '1',
      ...(isLoopback(ctx.vars.SUPABASE_DB_URL) ? { PGSSLMODE: 'disable' } : {}),
    };
    const result = spawnSync(
      supabaseCliBinary,
      ['db', 'advisors', `--remote=${ctx.vars.SUPABASE_DB_URL}`, '--level', 'warn', '--output-format', 'json', '--workdir', projectRoot],
      { encoding: 'utf8', env, timeout: 120_000 },
    );
    const parsed = z.object({ results: z.array(z.object({ name: z.string(), detail: z.string() }).passthrough()) }).safeParse(
      (() => {
        try {
          return JSON.parse(result.stdout) as unknown;
        } catch {
          return undefined;
        }
      })(),
    );
    if (!parsed.success)
      return fail(`supabase db advisors did not run: ${(result.stderr || result.stdout).trim().split('\n').at(-1)}`, 'check SUPABASE_DB_URL');
    const found = parsed.data.results.map((r) => `${r.name}: ${r.detail}`);
    if (found.length)
      return fail(
        `${found.length} advisor warning(s): ${list(found, 3)}`,
        'fix each in a new migration (npm run db:advisors locally shows the same list)',
      );
    return pass('no advisor warning at level warn');
  },

  async 'summaries-cron'(ctx) {
    if (!ctx.vars.SUPABASE_DB_URL) return skip(needs(ctx, ['SUPABASE_DB_URL'])!, "set SUPABASE_DB_URL to check the summaries' schedule");
    const fix =
      'enable pg_cron and pg_net (Database → Extensions), run the cron.schedule block of supabase/migrations/20261123003900_schedule_summaries_cron.sql, and create the Vault secrets project_url and cron_secret (README, "Deploy", step 7)';
    let state: { cron: boolean; job: boolean; secrets: string[] };
    try {
      state = await withDb(ctx.vars.SUPABASE_DB_URL, async (client) => {
        const cron = (await client.query(`select to_regclass('cron.job') is not null as ok`)).rows[0]?.ok === true;
        const job = cron && (await client.query(`select 1 from cron.job where jobname = 'summarize-conversations'`)).rowCount === 1;
        const vault = (await client.query(`select to_regclass('vault.secrets') is not null as ok`)).rows[0]?.ok === true;
        const secrets = vault
          ? (await client.query<{ name: string }>(`select name from vault.secrets where name in ('project_url', 'cron_secret')`)).rows.map(
              (r) => r.name,
            )
          : [];
        return { cron, job, secrets };
      });
    } catch (error) {
      return fail(`the database is unreachable (${(error as Error).message})`, 'check SUPABASE_DB_URL');
    }
    if (!state.cron) {
      return ctx.production
        ? fail('pg_cron is not installed: conversations are never summarized', fix)
        : skip('pg_cron is not installed (the local stack: npm run dev calls summarize on a timer)');
    }
    if (!state.job) return fail('pg_cron has no summarize-conversations job', fix);
    const missing = ['project_url', 'cron_secret'].filter((name) => !state.secrets.includes(name));
    if (missing.length) return fail(`the job runs without the Vault secret(s) ${missing.join(', ')}`, fix);
    return pass('summarize-conversations is scheduled with its Vault secrets');
  },
};

export async function runDoctor(options: DoctorOptions): Promise<CheckResult[]> {
  const vars: Parsed = {};
  const invalid = new Set<VariableName>();
  for (const name of Object.keys(variables) as VariableName[]) {
    const result = variables[name].safeParse(options.env[name]);
    if (result.success) {
      if (typeof result.data === 'string') vars[name] = result.data;
    } else invalid.add(name);
  }
  const ctx: Context = {
    env: options.env,
    vars,
    invalid,
    production: isProduction(options.env),
    migrationsDir: options.migrationsDir ?? path.join(projectRoot, 'supabase/migrations'),
    timeoutMs: options.timeoutMs ?? 10_000,
  };
  const results: CheckResult[] = [];
  for (const id of checkIds) {
    if (options.only && !options.only.includes(id)) continue;
    results.push({ id, ...(await checks[id](ctx)) });
  }
  return results;
}
