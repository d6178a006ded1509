import 'server-only';
import { z } from 'zod';
import { privateJwkSchema } from '@/lib/auth/local-token';
import { authMode } from '@/lib/env/auth-mode';
import { formatEnvError, publicEnvSchema, type PublicEnv } from '@/lib/env/public';

/**
 * Server-only environment. Never import this from a client component: `server-only` turns that
 * into a build error, so secrets such as the local signing key cannot reach a browser bundle.
 */
const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyToUndefined, z.string().min(1).optional());

const localPrivateJwk = z
  .string()
  .transform((raw, ctx) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
      return z.NEVER;
    }
  })
  .pipe(privateJwkSchema);

const serverEnvSchema = z
  .object({
    /** `clerk` or `local`, always explicit: there is no default to fall back to (lib/env/auth-mode.ts). */
    AUTH_PROVIDER: optionalString,
    NODE_ENV: optionalString,
    /** `1` lets the local sign-in run on a production server, with a banner on every page. */
    CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH: optionalString,
    CLERK_SECRET_KEY: optionalString,
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: optionalString,
    /**
     * The local identity provider's RS256 private JWK (with `kid`), as a JSON string: the key of
     * user sessions only. The stack signs its anon and service-role keys with another
     * key the app never holds, and its gateway refuses any role but `authenticated` signed with this one.
     */
    LOCAL_AUTH_PRIVATE_JWK: z.preprocess(emptyToUndefined, localPrivateJwk.optional()),
    /** `iss` of locally signed tokens; must match what the local stack trusts. */
    LOCAL_AUTH_ISSUER: z.preprocess(emptyToUndefined, z.url().default('http://127.0.0.1:54321/auth/local')),
    /** Svix secret of the clerk-webhook function; the local provider signs its user events with it. */
    CLERK_WEBHOOK_SIGNING_SECRET: z.preprocess(emptyToUndefined, z.string().startsWith('whsec_').optional()),
  })
  .transform((env, ctx) => {
    const mode = authMode(env);
    if (!mode.ok) {
      ctx.addIssue({ code: 'custom', path: [mode.variable], message: mode.message });
      return z.NEVER;
    }
    if (mode.provider === 'clerk') {
      // authMode checked that both Clerk keys are set
      return { AUTH_PROVIDER: 'clerk' as const, CLERK_SECRET_KEY: env.CLERK_SECRET_KEY!, INSECURE_LOCAL_AUTH: false as const };
    }

    if (env.LOCAL_AUTH_PRIVATE_JWK === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['LOCAL_AUTH_PRIVATE_JWK'],
        message: 'is required when AUTH_PROVIDER is "local" (`npm run stack -- env` prints it)',
      });
      return z.NEVER;
    }
    if (env.CLERK_WEBHOOK_SIGNING_SECRET === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['CLERK_WEBHOOK_SIGNING_SECRET'],
        message: 'is required when AUTH_PROVIDER is "local": local sign-up sends signed events (`npm run stack -- env` prints it)',
      });
      return z.NEVER;
    }
    return {
      AUTH_PROVIDER: 'local' as const,
      INSECURE_LOCAL_AUTH: mode.insecureLocalAuth,
      LOCAL_AUTH_PRIVATE_JWK: env.LOCAL_AUTH_PRIVATE_JWK,
      LOCAL_AUTH_ISSUER: env.LOCAL_AUTH_ISSUER,
      CLERK_WEBHOOK_SIGNING_SECRET: env.CLERK_WEBHOOK_SIGNING_SECRET,
    };
  });

/** Narrow on `AUTH_PROVIDER` to reach the provider's own settings. */
export type ServerEnv = PublicEnv & z.infer<typeof serverEnvSchema>;

let cached: ServerEnv | undefined;

/**
 * `next build` replaces `process.env.NEXT_PUBLIC_*` with its build-time value on the server too,
 * and Turbopack follows aliases of `process.env`. Looking names up through a function parameter
 * keeps the server on the runtime values, so one build runs against any stack (dev, test,
 * hosted); only browser bundles keep the build-time ones.
 */
function runtimeEnv(name: string): string | undefined {
  return process.env[name];
}

/**
 * The server's environment (public part included), parsed once on first use rather than at
 * import, so `next build` needs no runtime secrets. Throws one readable error naming every bad
 * variable.
 */
export function serverEnv(): ServerEnv {
  if (cached) return cached;
  const pub = publicEnvSchema.safeParse({
    NEXT_PUBLIC_SUPABASE_URL: runtimeEnv('NEXT_PUBLIC_SUPABASE_URL'),
    NEXT_PUBLIC_SUPABASE_ANON_KEY: runtimeEnv('NEXT_PUBLIC_SUPABASE_ANON_KEY'),
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: runtimeEnv('NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY'),
  });
  const server = serverEnvSchema.safeParse({
    AUTH_PROVIDER: runtimeEnv('AUTH_PROVIDER'),
    NODE_ENV: runtimeEnv('NODE_ENV'),
    CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH: runtimeEnv('CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH'),
    CLERK_SECRET_KEY: runtimeEnv('CLERK_SECRET_KEY'),
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: runtimeEnv('NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY'),
    LOCAL_AUTH_PRIVATE_JWK: runtimeEnv('LOCAL_AUTH_PRIVATE_JWK'),
    LOCAL_AUTH_ISSUER: runtimeEnv('LOCAL_AUTH_ISSUER'),
    CLERK_WEBHOOK_SIGNING_SECRET: runtimeEnv('CLERK_WEBHOOK_SIGNING_SECRET'),
  });
  const issues = [...(pub.error?.issues ?? []), ...(server.error?.issues ?? [])];
  if (!pub.success || !server.success) throw new Error(formatEnvError(issues));
  cached = { ...pub.data, ...server.data };
  return cached;
}
