import { afterAll, describe, expect, it } from 'vitest';
import { FULL_SCALE, makePlan, withClient } from '@/bench/generate';
import { removeDataset } from '@/bench/generate/load';
import { EFFORTS, runBench } from '@/bench/harness';
import { benchPorts } from '@/bench/lib/env';
import { markdown } from '@/bench/lib/report';
import { SMOKE_SCALE } from '@/bench/smoke-scale';
import { config, keys } from '../helpers/stack';

/**
 * The benchmark harness on tiny data with a handful of requests, so it cannot rot: the generator,
 * every scenario that runs without a production build, the A/B machinery and the report. The
 * numbers themselves mean nothing at this size; the full run is `npm run bench`.
 */
afterAll(() => withClient(config.db.url, removeDataset));

describe('the benchmark data generator', () => {
  it('plans the same data for the same seed, other data for another, with the issue’s totals', () => {
    expect(makePlan(7, SMOKE_SCALE)).toEqual(makePlan(7, SMOKE_SCALE));
    expect(makePlan(8, SMOKE_SCALE).orgs).not.toEqual(makePlan(7, SMOKE_SCALE).orgs);
    const full = makePlan(1, FULL_SCALE);
    const sum = (k: 'conversations' | 'messages' | 'tickets' | 'members') => full.orgs.reduce((n, o) => n + o[k], 0);
    expect(full.orgs).toHaveLength(2000);
    expect(sum('members')).toBe(6000);
    expect(sum('conversations')).toBe(100_000);
    expect(sum('messages')).toBeGreaterThanOrEqual(1_000_000);
    // skewed: the largest tenant holds about a tenth of the messages, the median one a few hundred
    expect(full.orgs[0]!.messages).toBeGreaterThan(80_000);
    expect(full.orgs[999]!.messages).toBeLessThan(300);
    expect(full.orgs[0]!.tickets).toBe(50_000);
    expect(full.orgs[full.roles.smallDesk! - 1]!.tickets).toBe(50);
    // some users work in several organizations
    const perUser = new Map<number, number>();
    for (const m of full.memberships) perUser.set(m.user, (perUser.get(m.user) ?? 0) + 1);
    expect([...perUser.values()].filter((n) => n > 1).length).toBeGreaterThan(300);
  });
});

describe('npm run bench (smoke)', () => {
  it('loads tiny data and runs every scenario against its baseline, with a report', { timeout: 180_000 }, async () => {
    const run = await runBench({
      config,
      keys,
      ports: benchPorts(config),
      seed: 7,
      scale: SMOKE_SCALE,
      efforts: EFFORTS.smoke,
      // these need a production build of the app, a browser or a second stack: the full run has them
      skip: ['dashboard', 'widget-weight', 'stack-start'],
      command: 'smoke',
      log: () => undefined,
    });
    const byId = new Map(run.results.map((r) => [r.id, r]));
    expect(run.results.filter((r) => r.status === 'failed').map((r) => `${r.id}: ${r.notes.join(' ')}`)).toEqual([]);
    expect(run.dataset.counts).toMatchObject({ organizations: 40, conversations: 400, messages: 2000 });
    for (const id of [
      'rls-list',
      'forgotten-filter',
      'tenant-count',
      'jwt-cost',
      'widget-ingestion',
      'streaming-relay',
      'realtime-latency',
      'realtime-fanout',
      'realtime-widget',
      'realtime-widget-crowd',
    ]) {
      const r = byId.get(id);
      expect(r?.status, id).toBe('measured');
      expect(Number.isFinite(r?.ratio), id).toBe(true);
    }
    // no request failed. The forgotten filter's plan check is left to the full run: on 2,000
    // messages the planner rightly prefers a sequential scan to the index.
    for (const id of ['rls-list', 'tenant-count', 'jwt-cost', 'widget-ingestion']) {
      expect(byId.get(id)?.conditionsMet, `${id}: ${byId.get(id)?.notes.join(' ')}`).toBe(true);
    }
    expect(byId.get('streaming-relay')?.details?.merged).toBe(0);
    expect(byId.get('anchor-membership-subquery')?.ratio).toBeGreaterThan(0);
    const report = markdown(run);
    expect(report).toContain('| RLS list: latest 50 messages, member token vs service role |');
    expect(report).toContain('≤ 1.1');
    expect(report).toContain('## Closing note');
  });
});
