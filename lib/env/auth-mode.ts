/**
 * Which sign-in the app runs, and whether it may run it here. Shared by serverEnv() (checked on
 * every use) and next.config.ts (so `next start` refuses to come up at all); it imports nothing
 * server-only because next.config.ts is evaluated outside the app's bundles.
 *
 * The local provider signs anyone in by email, without a password: it exists for development and
 * tests. There is no default provider, so a deployment that loses a variable fails closed instead
 * of falling back to it.
 */
export const INSECURE_LOCAL_AUTH_OVERRIDE = 'CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH';

export type AuthProvider = 'clerk' | 'local';

export interface AuthModeEnv {
  AUTH_PROVIDER?: string;
  CLERK_SECRET_KEY?: string;
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY?: string;
  NODE_ENV?: string;
  CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH?: string;
}

export type AuthMode =
  | { ok: true; provider: AuthProvider; /** local sign-in with the production override: show the banner */ insecureLocalAuth: boolean }
  | { ok: false; variable: string; message: string };

export function authMode(env: AuthModeEnv): AuthMode {
  const provider = env.AUTH_PROVIDER;
  if (provider !== 'clerk' && provider !== 'local') {
    return {
      ok: false,
      variable: 'AUTH_PROVIDER',
      message: provider
        ? `is "${provider}"; it must be "clerk" or "local"`
        : 'is required: "clerk" in production, "local" for development and tests (`npm run stack -- env` prints it)',
    };
  }
  if (provider === 'clerk') {
    const missing = (['CLERK_SECRET_KEY', 'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY'] as const).find((name) => !env[name]);
    if (missing) return { ok: false, variable: missing, message: 'is required when AUTH_PROVIDER is "clerk"' };
  }
  const override = env.CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH === '1';
  if (provider === 'local' && env.NODE_ENV === 'production' && !override) {
    return {
      ok: false,
      variable: INSECURE_LOCAL_AUTH_OVERRIDE,
      message:
        'is not "1" and AUTH_PROVIDER is "local", which lets anyone sign in as anyone without a password: ' +
        'a production server refuses it. Set AUTH_PROVIDER=clerk (with the Clerk keys), or set ' +
        `${INSECURE_LOCAL_AUTH_OVERRIDE}=1 for a throwaway demo (every page then says so)`,
    };
  }
  return { ok: true, provider, insecureLocalAuth: provider === 'local' && override };
}

/** The one-line refusal `next start` prints: names the variable to set. */
export function authModeError(mode: Extract<AuthMode, { ok: false }>): string {
  return `Concierge refuses to start: ${mode.variable} ${mode.message}`;
}
