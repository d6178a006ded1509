import type { StackConfig } from './config';
import type { StackKeys } from './keys';

/** What the Next.js app needs to run against a local stack (`npm run dev`, tests, `stack env`). */
export function appEnv(config: StackConfig, keys: StackKeys): Record<string, string> {
  return {
    NEXT_PUBLIC_SUPABASE_URL: config.apiUrl,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: keys.anonKey,
    LOCAL_AUTH_ISSUER: config.issuer,
    LOCAL_AUTH_PRIVATE_JWK: JSON.stringify(keys.privateJwk),
    // The local identity provider plays Clerk: it sends its sign-up events, Svix-signed, to the
    // same webhook function Clerk calls in production.
    CLERK_WEBHOOK_SIGNING_SECRET: keys.webhookSecret,
  };
}
