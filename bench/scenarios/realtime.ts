import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { memberOf, orgId, tokenFor, websiteKey, websiteOrigin, type BenchContext } from '../lib/context';
import type { ScenarioResult } from '../lib/result';
import { summarize } from '../lib/stats';
import { openSessions, type WidgetSession } from '../lib/widget';

/**
 * Live updates: the time from a committing transaction (a realtime.send, as the desk triggers
 * make) to the subscribed client's callback, through the gateway and the Realtime service, with 1
 * and with 200 members subscribed to the organization's topic; against polling, the way the
 * dashboard and the widget learnt of changes before Realtime (a PostgREST read every 3 s: the
 * change waits for the next poll). The visitor's path too: an agent reply committed, the `changed`
 * its trigger sends on the widget's public topic, and the widget's fetch that returns the reply,
 * with 1 and with 200 widgets connected; against the widget polling widget-messages every 3 s.
 */
const POLL_INTERVAL_MS = 3000;

/**
 * Subscribed clients of the crowd figures, events per figure and changes polled for: 200, 50 and
 * 20 in a full run, 20, 5 and 3 in a smoke run. BENCH_REALTIME_CLIENTS / _EVENTS / _POLLS set them,
 * e.g. the full figures on the smoke data set (the latencies do not depend on the data's size).
 */
function sizes(ctx: BenchContext): { crowd: number; events: number; polls: number } {
  const crowd = Number(process.env.BENCH_REALTIME_CLIENTS ?? (ctx.efforts.quick ? 20 : 200));
  const events = Number(process.env.BENCH_REALTIME_EVENTS ?? (ctx.efforts.quick ? 5 : 50));
  const polls = Number(process.env.BENCH_REALTIME_POLLS ?? (ctx.efforts.quick ? 3 : 20));
  if (!(crowd >= 2 && events >= 1 && polls >= 1)) throw new Error('BENCH_REALTIME_CLIENTS must be at least 2, _EVENTS and _POLLS at least 1');
  return { crowd, events, polls };
}

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
  const { crowd, events, polls } = sizes(ctx);
  try {
    const one = summarize(await realtimeLatencies(ctx, db, 1, events));
    const many = summarize(await realtimeLatencies(ctx, db, crowd, events));
    const polling = summarize(await pollingLatencies(ctx, db, polls));
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

/** A widget listening on its public topic with the anon key alone, as widget/src/live.ts does. */
async function widgetListener(ctx: BenchContext, topic: string): Promise<{ client: SupabaseClient; channel: RealtimeChannel }> {
  const client = createClient(ctx.config.apiUrl, ctx.keys.anonKey);
  const channel = client.channel(topic);
  await new Promise<void>((resolve, reject) => {
    channel.subscribe((status, error) => {
      if (status === 'SUBSCRIBED') resolve();
      else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') reject(error ?? new Error(status));
    });
  });
  return { client, channel };
}

/** widget-messages as the widget calls it: what came after `after`, through the gateway and the function. */
async function widgetMessages(ctx: BenchContext, token: string, after: string): Promise<{ body: string }[]> {
  const res = await fetch(`${ctx.config.apiUrl}/functions/v1/widget-messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session_token: token, after }),
  });
  if (!res.ok) throw new Error(`widget-messages ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { messages: { body: string }[] }).messages;
}

async function agentReply(db: pg.Client, session: WidgetSession, body: string): Promise<void> {
  await db.query(`insert into public.messages (organization_id, conversation_id, sender_type, body) values ($1, $2, 'agent', $3)`, [
    session.organizationId,
    session.conversationId,
    body,
  ]);
}

/**
 * With `widgets` widgets connected (each on its own conversation's topic), `events` agent replies
 * to them in turn: per reply, the time from the commit to the `changed` callback, and to the
 * widget's widget-messages fetch returning the reply (the moment the widget can show it).
 */
async function widgetLatencies(ctx: BenchContext, db: pg.Client, sessions: WidgetSession[], widgets: number, events: number) {
  const topics = await db.query<{ id: string; widget_topic: string }>('select id, widget_topic from public.conversations where id = any($1)', [
    sessions.slice(0, widgets).map((s) => s.conversationId),
  ]);
  const topicOf = new Map(topics.rows.map((r) => [r.id, r.widget_topic]));
  const subs = await Promise.all(sessions.slice(0, widgets).map((s) => widgetListener(ctx, `widget:${topicOf.get(s.conversationId)}`)));
  const event: number[] = [];
  const reply: number[] = [];
  try {
    for (let i = 0; i < events; i += 1) {
      const target = i % widgets;
      const session = sessions[target]!;
      const body = `bench widget reply ${i} ${Date.now()}`;
      const since = new Date(Date.now() - 1000).toISOString();
      let done!: () => void;
      const shown = new Promise<void>((resolve) => (done = resolve));
      const started = performance.now();
      subs[target]!.channel.on('broadcast', { event: 'changed' }, (m) => {
        // a `state` change (the first reply also sets the conversation's agent) is not this reply's event
        if (event.length > i || (m.payload as { kind?: string }).kind !== 'message') return;
        event.push(performance.now() - started);
        void widgetMessages(ctx, session.token, since).then((messages) => {
          if (messages.some((m) => m.body === body)) reply.push(performance.now() - started);
          done();
        });
      });
      await agentReply(db, session, body);
      await Promise.race([shown, sleep(10_000).then(() => Promise.reject(new Error(`widget reply ${i} not shown within 10 s`)))]);
    }
  } finally {
    await Promise.all(subs.map(({ client }) => client.removeAllChannels()));
  }
  return { event, reply };
}

/** A widget polling widget-messages every POLL_INTERVAL_MS: from the commit to the poll that returns the reply. */
async function widgetPollingLatencies(ctx: BenchContext, db: pg.Client, session: WidgetSession, events: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < events; i += 1) {
    const since = new Date(Date.now() - 1000).toISOString();
    const body = `bench widget poll ${i} ${Date.now()}`;
    let changedAt = 0;
    const change = sleep(Math.random() * POLL_INTERVAL_MS).then(async () => {
      changedAt = performance.now();
      await agentReply(db, session, body);
    });
    for (;;) {
      const messages = await widgetMessages(ctx, session.token, since);
      if (changedAt > 0 && messages.some((m) => m.body === body)) {
        samples.push(performance.now() - changedAt);
        break;
      }
      await sleep(POLL_INTERVAL_MS);
    }
    await change;
  }
  return samples;
}

export async function realtimeWidget(ctx: BenchContext): Promise<ScenarioResult[]> {
  const db = new pg.Client({ connectionString: ctx.config.db.url });
  await db.connect();
  const { crowd, events, polls } = sizes(ctx);
  try {
    const sites = ctx.dataset.plan.orgs.slice(0, 20).map((o) => ({ key: websiteKey(o.no), origin: websiteOrigin(o.no) }));
    const sessions = await openSessions(db, sites, crowd + 1);
    const one = await widgetLatencies(ctx, db, sessions, 1, events);
    const many = await widgetLatencies(ctx, db, sessions.slice(1), crowd, events);
    const polling = summarize(await widgetPollingLatencies(ctx, db, sessions[0]!, polls));
    const [oneEvent, oneReply, manyEvent, manyReply] = [one.event, one.reply, many.event, many.reply].map(summarize) as [
      ReturnType<typeof summarize>,
      ReturnType<typeof summarize>,
      ReturnType<typeof summarize>,
      ReturnType<typeof summarize>,
    ];
    const ms = (s: ReturnType<typeof summarize>) => `p50 ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms`;
    return [
      {
        id: 'realtime-widget',
        title: 'Widget: agent reply committed to fetched by the widget, Realtime `changed` + fetch (1 widget) vs polling widget-messages every 3 s',
        status: 'measured',
        a: { label: 'changed on widget:<topic>, then widget-messages', median: oneReply.median, p95: oneReply.p95, unit: 'ms' },
        b: { label: `widget-messages polled every ${POLL_INTERVAL_MS / 1000} s`, median: polling.median, p95: polling.p95, unit: 'ms' },
        ratio: oneReply.median / polling.median,
        ratioOf: 'Realtime / polling',
        target: { op: '<=', value: 0.1 },
        notes: [
          `${oneReply.n} replies; the event alone (commit to callback): ${ms(oneEvent)}; polling ${polling.n} replies at random moments of the interval`,
        ],
      },
      {
        id: 'realtime-widget-crowd',
        title: `Widget: the same with ${crowd} widgets connected (each on its own topic) vs 1`,
        status: 'measured',
        a: { label: `${crowd} widgets connected`, median: manyReply.median, p95: manyReply.p95, unit: 'ms' },
        b: { label: '1 widget', median: oneReply.median, p95: oneReply.p95, unit: 'ms' },
        ratio: manyReply.median / oneReply.median,
        ratioOf: `${crowd} / 1 widgets`,
        notes: [`${manyReply.n} replies to the widgets in turn; the event alone: ${ms(manyEvent)} (1 widget: ${ms(oneEvent)})`],
      },
    ];
  } finally {
    await db.end();
  }
}
