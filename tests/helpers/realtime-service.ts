import { stopProcess, waitFor } from '@/scripts/stack/processes';
import { probes, startRealtime } from '@/scripts/stack/services';
import { readState, writeState } from '@/scripts/stack/state';
import { config, keys } from './stack';

/**
 * Stops and starts the test stack's Realtime service alone, as a deploy or a crash would, and
 * records the new process in the stack's state so `stack down` still stops it. Test files run one
 * at a time (vitest.config.ts), so no other file's channels are cut.
 */
export async function stopRealtimeService(): Promise<void> {
  const state = readState(config);
  if (!state?.pids.realtime) throw new Error('the test stack has no Realtime process');
  await stopProcess(state.pids.realtime);
}

export async function startRealtimeService(): Promise<void> {
  const pid = startRealtime(config, keys);
  const state = readState(config);
  if (state) writeState(config, { ...state, pids: { ...state.pids, realtime: pid } });
  await waitFor('Realtime', () => probes.realtime(config));
}
