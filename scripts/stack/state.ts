import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { StackConfig } from './config';

const stateSchema = z.object({
  startedAt: z.string(),
  pids: z
    .object({
      postgrest: z.number().int(),
      functions: z.number().int(),
      gateway: z.number().int(),
      realtime: z.number().int(),
      maildev: z.number().int(),
    })
    .partial(),
  /** The key ids the services were started with (keys.ts jwksFingerprint): a new key means a restart. */
  jwks: z.string().optional(),
});
export type StackState = z.infer<typeof stateSchema>;

export function readState(config: StackConfig): StackState | undefined {
  if (!existsSync(config.paths.state)) return undefined;
  const parsed = stateSchema.safeParse(JSON.parse(readFileSync(config.paths.state, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

export function writeState(config: StackConfig, state: StackState): void {
  writeFileSync(config.paths.state, JSON.stringify(state, null, 2));
}

export function clearState(config: StackConfig): void {
  rmSync(config.paths.state, { force: true });
}
