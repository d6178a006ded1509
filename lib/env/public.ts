import { z } from 'zod';

/**
 * Environment visible to the browser. Next.js inlines `process.env.NEXT_PUBLIC_*` at build time
 * only where it is written out literally, so each variable is named here one by one; in client
 * code these are the values seen by `next build`. Server code reads the same variables at runtime
 * through `serverEnv()` (lib/env/server.ts).
 */
const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

export const publicEnvSchema = z.object({
  /** The Supabase API URL: the local gateway, or https://<ref>.supabase.co when hosted. */
  NEXT_PUBLIC_SUPABASE_URL: z.preprocess(emptyToUndefined, z.url().default('http://127.0.0.1:54321')),
  /** The project's anon (publishable) key; safe in the browser, RLS does the protecting. */
  NEXT_PUBLIC_SUPABASE_ANON_KEY: z.preprocess(emptyToUndefined, z.string({ error: 'is required (`npm run stack -- env` prints it)' }).min(1)),
  /** Clerk's publishable key; with CLERK_SECRET_KEY, required when AUTH_PROVIDER is "clerk". */
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: z.preprocess(emptyToUndefined, z.string().min(1).optional()),
});

export type PublicEnv = z.infer<typeof publicEnvSchema>;

export function formatEnvError(issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.map((issue) => `  - ${issue.path.join('.') || '(env)'}: ${issue.message}`);
  return `Invalid environment:\n${lines.join('\n')}`;
}

let cached: PublicEnv | undefined;

/** Parsed on first use, then cached; throws a readable error naming every bad variable. */
export function publicEnv(): PublicEnv {
  if (cached) return cached;
  const result = publicEnvSchema.safeParse({
    NEXT_PUBLIC_SUPABASE_URL: process.env.NEXT_PUBLIC_SUPABASE_URL,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY,
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
  });
  if (!result.success) throw new Error(formatEnvError(result.error.issues));
  cached = result.data;
  return cached;
}
