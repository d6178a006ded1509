import path from 'node:path';
import type { StackConfig } from '../../scripts/stack/config';
import { stopProcess, waitFor } from '../../scripts/stack/processes';
import { probes, startPostgrest } from '../../scripts/stack/services';
import { fewerTenants, seedDataset } from '../generate';
import { dropDatabase, recreateDatabase } from '../generate/database';
import { memberOf, orgSlug, restHeaders, restUrl, tokenFor, type BenchContext } from '../lib/context';
import { abLatency } from '../lib/load';
import type { ScenarioResult } from '../lib/result';
import { latencySide, noErrors, roundsNote } from './rls';

/**
 * Does the number of tenants matter? The smallest organization's list (RLS alone) on the main
 * data set, against the same organization (same rows) in a database with 100 times fewer
 * tenants and the same rows per tenant, each behind its own PostgREST, both called directly.
 */
const DATABASE = 'bench_tenants';
const PATH = '/messages?select=id,conversation_id,sender_type,body,created_at&order=created_at.desc&limit=50';

export async function tenantCount(ctx: BenchContext): Promise<ScenarioResult> {
  const main = ctx.dataset;
  const factor = Math.max(2, Math.round(main.plan.orgs.length / 20));
  const url = await recreateDatabase(ctx.config, DATABASE);
  const few = await seedDataset(url, main.plan.seed, fewerTenants(main.plan.scale, factor));
  const fewConfig: StackConfig = {
    ...ctx.config,
    db: { ...ctx.config.db, name: DATABASE, url },
    ports: { ...ctx.config.ports, rest: ctx.ports.tenantsRest, restAdmin: ctx.ports.tenantsRestAdmin },
    paths: { ...ctx.config.paths, logs: path.join(ctx.config.dir, 'logs/bench-tenants') },
  };
  const pid = startPostgrest(fewConfig, ctx.keys);
  try {
    await waitFor('PostgREST of the small database', () => probes.postgrest(fewConfig), 40_000);
    const bigProbe = memberOf(main, main.plan.roles.smallest);
    const fewProbe = memberOf(few, few.plan.roles.smallest);
    const r = await abLatency(
      { url: restUrl(ctx, PATH), headers: restHeaders(ctx.keys.anonKey, await tokenFor(ctx, bigProbe)) },
      { url: restUrl({ config: fewConfig }, PATH), headers: restHeaders(ctx.keys.anonKey, await tokenFor(ctx, fewProbe)) },
      ctx.efforts.latency,
    );
    const probe = main.plan.orgs.at(-1)!;
    return {
      id: 'tenant-count',
      title: `Tenant count: smallest org's list at ${main.plan.orgs.length} orgs vs ${few.plan.orgs.length}`,
      status: 'measured',
      a: latencySide(`${main.plan.orgs.length} organizations`, r.a),
      b: latencySide(`${few.plan.orgs.length} organizations`, r.b),
      ratio: r.ratio,
      ratioOf: `${main.plan.orgs.length} orgs / ${few.plan.orgs.length} orgs (median latency)`,
      target: { op: '<=', value: 1.2 },
      conditionsMet: noErrors(r),
      notes: [
        `${orgSlug(main.plan.roles.smallest)}: ${probe.messages} messages in ${probe.conversations} conversations in both; ` +
          `${main.counts.messages?.toLocaleString('en')} vs ${few.counts.messages?.toLocaleString('en')} messages in all; PostgREST called directly`,
        roundsNote(r),
      ],
      remedy: 'a per-tenant index condition (organization_id first in the index) keeps the cost independent of other tenants',
    };
  } finally {
    await stopProcess(pid);
    await dropDatabase(ctx.config, DATABASE);
  }
}
