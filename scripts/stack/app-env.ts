import type { StackConfig } from './config';
import type { StackKeys } from './keys';

/**
 * What the Next.js app needs to run against a local stack (`npm run dev`, tests, `stack env`).
 * The local sign-in, named explicitly (the app has no default provider), and the sessions key
 * only: the stack's API key, which signs the service_role key, never reaches the app.
 */
export function appEnv(config: StackConfig, keys: StackKeys): Record<string, string> {
  return {
    AUTH_PROVIDER: 'local',
    NEXT_PUBLIC_SUPABASE_URL: config.apiUrl,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: keys.anonKey,
    LOCAL_AUTH_ISSUER: config.issuer,
    LOCAL_AUTH_PRIVATE_JWK: JSON.stringify(keys.sessionPrivateJwk),
    // The local identity provider plays Clerk: it sends its sign-up events, Svix-signed, to the
    // same webhook function Clerk calls in production.
    CLERK_WEBHOOK_SIGNING_SECRET: keys.webhookSecret,
  };
}
