import 'server-only';
import { serverEnv } from '@/lib/env/server';

/**
 * Which sign-in the app runs (AUTH_PROVIDER, always explicit). A broken environment counts as
 * local here so public pages still render; the pages that need the environment report what is
 * wrong, and the local sign-in itself calls serverEnv(), which refuses it.
 */
export function authProvider(): 'clerk' | 'local' {
  try {
    return serverEnv().AUTH_PROVIDER;
  } catch {
    return 'local';
  }
}

/** Whether the local sign-in runs under CONCIERGE_ALLOW_INSECURE_LOCAL_AUTH=1: every page says so. */
export function insecureLocalAuth(): boolean {
  try {
    return serverEnv().INSECURE_LOCAL_AUTH;
  } catch {
    return false;
  }
}
