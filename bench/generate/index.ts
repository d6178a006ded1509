import type pg from 'pg';
import { withClient } from '../../scripts/stack/database';
import { loadDataset, type LoadReport } from './load';
import { makePlan, type Plan, type Scale } from './plan';

export { withClient };
export { FULL_SCALE, fewerTenants, makePlan, type Plan, type Scale } from './plan';

export interface Dataset {
  plan: Plan;
  load: LoadReport;
  /** what the generator loaded (scenarios add rows of their own afterwards) */
  counts: Record<string, number>;
}

/** Plans and loads the data set into the database at `url` (skipped if it holds this very set). */
export async function seedDataset(
  url: string,
  seed: number,
  scale: Scale,
  log: (line: string) => void = () => undefined,
  options: { force?: boolean } = {},
): Promise<Dataset> {
  const plan = makePlan(seed, scale);
  return withClient(url, async (client) => {
    const load = await loadDataset(client, plan, log, options);
    const found = await countRows(client);
    const expected: Record<string, number> = {
      organizations: plan.orgs.length,
      users: plan.orgs.reduce((n, o) => n + o.members, 0),
      memberships: plan.memberships.length,
      conversations: plan.orgs.reduce((n, o) => n + o.conversations, 0),
      messages: plan.orgs.reduce((n, o) => n + o.messages, 0),
      tickets: plan.orgs.reduce((n, o) => n + o.tickets, 0),
    };
    for (const [table, n] of Object.entries(expected)) {
      // >= : benchmark scenarios may have added rows (ingestion) since the load
      if ((found[table] ?? 0) < n) throw new Error(`bench data: ${table} has ${found[table]} rows, expected ${n}`);
    }
    return { plan, load, counts: expected };
  });
}

async function countRows(client: pg.Client): Promise<Record<string, number>> {
  const { rows } = await client.query<{ t: string; n: number }>(`
    select 'organizations' as t, count(*)::int as n from public.organizations where id::text like 'be000000-%'
    union all select 'users', count(*)::int from public.users where id like 'bench\\_u%'
    union all select 'memberships', count(*)::int from public.organization_members where user_id like 'bench\\_u%'
    union all select 'conversations', count(*)::int from public.conversations where organization_id::text like 'be000000-%'
    union all select 'messages', count(*)::int from public.messages where organization_id::text like 'be000000-%'
    union all select 'tickets', count(*)::int from public.tickets where organization_id::text like 'be000000-%'`);
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}
