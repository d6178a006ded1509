import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { memberOf, orgId, tokenFor, type BenchContext } from '../lib/context';
import type { ScenarioResult } from '../lib/result';
import { summarize } from '../lib/stats';

/**
 * Live updates: the time from a committing transaction (a realtime.send, as the desk triggers
 * make) to the subscribed client's callback, through the gateway and the Realtime service, with 1
 * and with 200 members subscribed to the organization's topic; against polling, the way the
 * dashboard and the widget learnt of changes before Realtime (a PostgREST read every 3 s: the
 * change waits for the next poll).
 */
const POLL_INTERVAL_MS = 3000;

async function subscribed(ctx: BenchContext, token: string, topic: string): Promise<{ client: SupabaseClient; channel: RealtimeChannel }> {
  const client = createClient(ctx.config.apiUrl, ctx.keys.anonKey, { accessToken: async () => token });
  await client.realtime.setAuth();
  const channel = client.channel(topic, { config: { private: true } });
  await new Promise<void>((resolve, reject) => {
    channel.subscribe((status, error) => {
      if (status === 'SUBSCRIBED') resolve();
      else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') reject(error ?? new Error(status));
    });
  });
  return { client, channel };
}

/** Latencies (ms) of `events` sends, each timed until every subscriber got it; samples are per receipt. */
async function realtimeLatencies(ctx: BenchContext, db: pg.Client, clients: number, events: number): Promise<number[]> {
  const persona = memberOf(ctx.dataset, 1);
  const token = await tokenFor(ctx, persona);
  const topic = `org:${orgId(persona.org)}`;
  const subs = await Promise.all(Array.from({ length: clients }, () => subscribed(ctx, token, topic)));
  const samples: number[] = [];
  try {
    for (let i = 0; i < events; i += 1) {
      let pending = subs.length;
      let done!: () => void;
      const all = new Promise<void>((resolve) => (done = resolve));
      const started = performance.now();
      const event = `bench_${i}`;
      for (const { channel } of subs) {
        channel.on('broadcast', { event }, () => {
          samples.push(performance.now() - started);
          if (--pending === 0) done();
        });
      }
      await db.query(`select realtime.send('{}'::jsonb, $1, $2, true)`, [event, topic]);
      await Promise.race([
        all,
        sleep(10_000).then(() => Promise.reject(new Error(`event ${i} reached ${subs.length - pending} of ${subs.length} clients in 10 s`))),
      ]);
    }
  } finally {
    await Promise.all(subs.map(({ client }) => client.removeAllChannels()));
  }
  return samples;
}

/** Latencies (ms) until a poller reading every POLL_INTERVAL_MS sees a change made at a random moment. */
async function pollingLatencies(ctx: BenchContext, db: pg.Client, events: number): Promise<number[]> {
  const persona = memberOf(ctx.dataset, 1);
  const token = await tokenFor(ctx, persona);
  const headers = { apikey: ctx.keys.anonKey, authorization: `Bearer ${token}` };
  const [conversation] = (
    await db.query<{ id: string }>('select id from public.conversations where organization_id = $1 order by id limit 1', [orgId(persona.org)])
  ).rows;
  if (!conversation) throw new Error('the bench organization has no conversation');
  const samples: number[] = [];
  for (let i = 0; i < events; i += 1) {
    const since = new Date().toISOString();
    // the change lands somewhere in the poller's interval, as changes do
    const delay = Math.random() * POLL_INTERVAL_MS;
    let changedAt = 0;
    const change = sleep(delay).then(async () => {
      changedAt = performance.now();
      await db.query(`insert into public.messages (organization_id, conversation_id, sender_type, body) values ($1, $2, 'agent', 'bench poll')`, [
        orgId(persona.org),
        conversation.id,
      ]);
    });
    for (;;) {
      const res = await fetch(
        `${ctx.config.apiUrl}/rest/v1/messages?select=id&conversation_id=eq.${conversation.id}&created_at=gt.${encodeURIComponent(since)}&limit=1`,
        { headers },
      );
      const rows = (await res.json()) as unknown[];
      if (changedAt > 0 && rows.length > 0) {
        samples.push(performance.now() - changedAt);
        break;
      }
      await sleep(POLL_INTERVAL_MS);
    }
    await change;
  }
  return samples;
}

export async function realtimeLatency(ctx: BenchContext): Promise<ScenarioResult[]> {
  const db = new pg.Client({ connectionString: ctx.config.db.url });
  await db.connect();
  const events = ctx.efforts.quick ? 5 : 50;
  const crowd = ctx.efforts.quick ? 20 : 200;
  try {
    const one = summarize(await realtimeLatencies(ctx, db, 1, events));
    const many = summarize(await realtimeLatencies(ctx, db, crowd, events));
    const polling = summarize(await pollingLatencies(ctx, db, ctx.efforts.quick ? 3 : 20));
    return [
      {
        id: 'realtime-latency',
        title: 'Live update: commit to client callback, Realtime (1 subscriber) vs polling every 3 s',
        status: 'measured',
        a: { label: 'Realtime broadcast, 1 subscriber', median: one.median, p95: one.p95, unit: 'ms' },
        b: { label: `PostgREST polling every ${POLL_INTERVAL_MS / 1000} s`, median: polling.median, p95: polling.p95, unit: 'ms' },
        ratio: one.median / polling.median,
        ratioOf: 'Realtime / polling',
        target: { op: '<=', value: 0.1 },
        notes: [`${one.n} events; polling ${polling.n} changes at random moments of the interval`],
      },
      {
        id: 'realtime-fanout',
        title: `Live update fan-out: ${crowd} subscribers vs 1 on the same organization topic`,
        status: 'measured',
        a: { label: `${crowd} subscribers (every receipt)`, median: many.median, p95: many.p95, unit: 'ms' },
        b: { label: '1 subscriber', median: one.median, p95: one.p95, unit: 'ms' },
        ratio: many.median / one.median,
        ratioOf: `${crowd} / 1 subscribers`,
        notes: [`${events} events × ${crowd} receipts; each event timed until every subscriber had it`],
      },
    ];
  } finally {
    await db.end();
  }
}
