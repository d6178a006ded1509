import 'server-only';
import { serverEnv } from '@/lib/env/server';

/**
 * Which sign-in the app runs: Clerk when its keys are set, else the local provider. A broken
 * environment counts as local here so public pages still render; the pages that need the
 * environment report what is wrong.
 */
export function authProvider(): 'clerk' | 'local' {
  try {
    return serverEnv().AUTH_PROVIDER;
  } catch {
    return 'local';
  }
}
