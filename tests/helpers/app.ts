import { inject } from 'vitest';
import { waitFor } from '@/scripts/stack/processes';

/** The test run's `next start` of its production build (tests/setup/app-server.ts), once it answers. */
export async function appUrl(): Promise<string> {
  const missing = inject('appMissing');
  if (missing) throw new Error(missing);
  const url = inject('appUrl');
  await waitFor('next start', async () => (await fetch(`${url}/api/health`)).ok, 120_000);
  return url;
}
