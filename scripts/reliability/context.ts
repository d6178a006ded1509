import type { StackConfig } from '../stack/config';
import type { StackKeys } from '../stack/keys';
import { withClient } from '../stack/database';

/** The seed's organization the battery plays in (supabase/seed.sql): its main website and its owner. */
export const ORG = { id: 'a0000000-0000-4000-8000-000000000001', slug: 'acme', owner: 'user_acme_owner', agent: 'user_acme_agent' };
export const SITE = { key: 'wk_acme_main', origin: 'https://acme.com' };

/** How hard the scenarios push: `reduced` on a shared machine, `full` for the figures the issue asks for. */
export const SCALES = {
  reduced: {
    visitors: 24,
    minTurns: 6,
    killRounds: 2,
    ingestClients: 4,
    batchSize: 50,
    escalations: 40,
    flakyTurns: 60,
    loadSeconds: 45,
    loadRates: [2, 4, 8],
  },
  full: {
    visitors: 60,
    minTurns: 6,
    killRounds: 3,
    ingestClients: 8,
    batchSize: 100,
    escalations: 150,
    flakyTurns: 200,
    loadSeconds: 180,
    loadRates: [4, 8, 16, 32],
  },
  smoke: { visitors: 4, minTurns: 2, killRounds: 1, ingestClients: 2, batchSize: 10, escalations: 6, flakyTurns: 10, loadSeconds: 8, loadRates: [2] },
} as const;
export type Scale = (typeof SCALES)[keyof typeof SCALES];

export interface Ctx {
  config: StackConfig;
  keys: StackKeys;
  scale: Scale;
  log: (line: string) => void;
  /** a run tag, so figures of one run never mix with an earlier run's rows */
  run: string;
}

/** One visitor address per simulated visitor (the gateway trusts X-Forwarded-For on this stack). */
export function visitorIp(scenario: number, n: number): string {
  return `10.${scenario}.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
}

/**
 * The organization's quotas lifted (new sessions per minute, AI turns per day, escalations per
 * hour): the battery counts what survives a fault, not what a quota refuses. Operator-only table.
 */
export async function liftQuotas(ctx: Ctx): Promise<void> {
  await withClient(ctx.config.db.url, (c) =>
    c.query(
      `insert into private.organization_quotas (organization_id, sessions_per_minute, sessions_per_day, escalations_per_hour, ai_turns_per_day)
       values ($1, 100000000, 100000000, 100000000, 100000000)
       on conflict (organization_id) do update set sessions_per_minute = excluded.sessions_per_minute,
         sessions_per_day = excluded.sessions_per_day, escalations_per_hour = excluded.escalations_per_hour,
         ai_turns_per_day = excluded.ai_turns_per_day`,
      [ORG.id],
    ),
  );
}

/** An ingest API key of the organization, made by its owner as the dashboard does. */
export async function createIngestKey(ctx: Ctx): Promise<string> {
  return withClient(ctx.config.db.url, async (c) => {
    await c.query('begin');
    await c.query('set local role authenticated');
    const claims = { sub: ORG.owner, role: 'authenticated', o: { id: ORG.id, rol: 'owner', slg: ORG.slug } };
    await c.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
    const { rows } = await c.query<{ k: { key: string } }>(`select public.create_api_key($1, array['ingest:write']) as k`, [
      `reliability ${ctx.run}`,
    ]);
    await c.query('commit');
    return rows[0]!.k.key;
  });
}

export function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : NaN);
  return { n: sorted.length, p50: Math.round(at(50)), p95: Math.round(at(95)), max: Math.round(sorted.at(-1) ?? NaN) };
}
