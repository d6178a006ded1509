import { inject } from 'vitest';
import { waitFor } from '@/scripts/stack/processes';

/** The test run's `next dev` (tests/setup/app-server.ts), once it answers. */
export async function appUrl(): Promise<string> {
  const url = inject('appUrl');
  await waitFor('next dev', async () => (await fetch(`${url}/api/health`)).ok, 120_000);
  return url;
}
