import { z } from 'zod';

// The deployment's variables as the doctor reads them: each one's schema (its message says what is
// wrong), and which settings give away a local or development setup.

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const httpUrl = z.url({ protocol: /^https?$/, error: 'is not an http(s) URL' });
const required = (schema: z.ZodType) => z.preprocess(emptyToUndefined, schema.optional()).refine((v) => v !== undefined, 'is missing');

/** pk_live_/pk_test_ + base64 of "<frontend API host>$", as Clerk issues them. */
export function clerkFrontendHost(publishableKey: string): string | undefined {
  const [, , encoded] = publishableKey.split('_');
  const decoded = Buffer.from(encoded ?? '', 'base64').toString();
  return decoded.endsWith('$') && decoded.length > 1 ? decoded.slice(0, -1) : undefined;
}

export const variables = {
  NEXT_PUBLIC_SUPABASE_URL: required(httpUrl),
  NEXT_PUBLIC_SUPABASE_ANON_KEY: required(
    z.string().regex(/^(eyJ[\w-]+\.[\w-]+\.[\w-]+|sb_publishable_[\w-]+)$/, 'is neither a JWT (legacy anon key) nor an sb_publishable_ key'),
  ),
  AUTH_PROVIDER: required(z.enum(['clerk', 'local'], { error: 'must be "clerk" or "local"' })),
  CLERK_WEBHOOK_SIGNING_SECRET: required(z.string().regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'is not a Svix secret (whsec_ + base64)')),
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^pk_(test|live)_/, 'does not start with pk_live_ or pk_test_')
      .refine((key) => clerkFrontendHost(key) !== undefined, 'does not encode a Clerk Frontend API host')
      .optional(),
  ),
  CLERK_SECRET_KEY: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^sk_(test|live)_\w+$/, 'does not start with sk_live_ or sk_test_')
      .optional(),
  ),
  CLERK_ISSUER: z.preprocess(emptyToUndefined, httpUrl.optional()),
  SUPABASE_DB_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^postgres(ql)?$/, error: 'is not a postgresql:// URL' }).optional()),
} satisfies Record<string, z.ZodType>;
export type VariableName = keyof typeof variables;
export type Parsed = Partial<Record<VariableName, string>>;

/** Production unless the environment says it is development or a test run. */
export function isProduction(env: Record<string, string | undefined>): boolean {
  return env.NODE_ENV !== 'development' && env.NODE_ENV !== 'test';
}

const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0|host\.docker\.internal)$/i;

export function isLoopback(url: string): boolean {
  try {
    return loopback.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Settings that belong to `npm run dev` and the test stack, never to a production deployment. */
export function localOnlySettings(env: Record<string, string | undefined>): string[] {
  const found: string[] = [];
  if (env.AUTH_PROVIDER === 'local') found.push('AUTH_PROVIDER=local (anyone signs in as anyone, without a password)');
  for (const name of ['CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH', 'LOCAL_AUTH_PRIVATE_JWK', 'LOCAL_AUTH_ISSUER'] as const) {
    if (env[name]) found.push(`${name} is set`);
  }
  const stackVars = Object.keys(env).filter((name) => name.startsWith('STACK_') && env[name]);
  if (stackVars.length > 0) found.push(`local stack variables are set (${stackVars.sort().join(', ')})`);
  for (const name of ['NEXT_PUBLIC_SUPABASE_URL', 'CLERK_ISSUER', 'SUPABASE_DB_URL'] as const) {
    const value = env[name];
    if (value && isLoopback(value)) found.push(`${name} points at this machine (${new URL(value).host})`);
  }
  const supabaseUrl = env.NEXT_PUBLIC_SUPABASE_URL;
  if (supabaseUrl?.startsWith('http:') && !isLoopback(supabaseUrl)) found.push('NEXT_PUBLIC_SUPABASE_URL is not https');
  for (const name of ['NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY', 'CLERK_SECRET_KEY'] as const) {
    if (env[name]?.match(/^(pk|sk)_test_/)) found.push(`${name} is a Clerk development instance's key`);
  }
  return found;
}

export function describeIssue(name: VariableName, value: string | undefined): string {
  const result = variables[name].safeParse(value);
  return result.success ? 'is valid' : (result.error.issues[0]?.message ?? 'is invalid');
}
