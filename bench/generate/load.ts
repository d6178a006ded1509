import type pg from 'pg';
import { type Plan } from './plan';
import { helperFunctions, INSERT_ARTICLES, INSERT_CONVERSATIONS, INSERT_MESSAGES, INSERT_TICKETS, INSERT_VISITORS, ticketPrefix } from './sql';

/**
 * Loads a plan into a database as the `postgres` superuser, in bulk: a handful of
 * INSERT … SELECT generate_series statements (Postgres builds the rows itself, no round trip per
 * row). Triggers are off while loading (session_replication_role = replica), so the generator
 * itself sets what they would: ticket numbers and refs, organizations.ticket_seq and
 * conversations.last_message_at. Foreign keys are not checked in that mode either; the plan is
 * consistent by construction and `verify` checks the counts afterwards.
 */

export interface LoadReport {
  skipped: boolean;
  seconds: number;
  steps: { step: string; rows: number; seconds: number }[];
}

/** Bump when the generated rows change, so an older data set is reloaded rather than reused. */
const GENERATOR_VERSION = 3;

const BENCH_ORGS = `select id from public.organizations where id::text like 'be000000-%'`;
const MESSAGE_CHUNK = 150_000;

export async function datasetMatches(client: pg.Client, plan: Plan): Promise<boolean> {
  const { rows } = await client
    .query<{ n: number }>(`select count(*)::int as n from bench.dataset where seed = $1 and scale = $2::jsonb and version = $3`, [
      plan.seed,
      JSON.stringify(plan.scale),
      GENERATOR_VERSION,
    ])
    .catch(() => ({ rows: [] as { n: number }[] })); // no bench.dataset yet, or an older layout of it
  return (rows[0]?.n ?? 0) > 0;
}

/** Removes every row the generator made (its organizations cascade to all their data). */
export async function removeDataset(client: pg.Client): Promise<void> {
  await client.query(`delete from public.messages where organization_id in (${BENCH_ORGS})`);
  await client.query(`delete from public.organizations where id::text like 'be000000-%'`);
  await client.query(`delete from public.users where id like 'bench\\_u%'`);
  // deleting the websites retired their keys; the next load issues the same synthetic keys again
  await client.query(`delete from private.retired_website_keys where public_key like 'wk\\_bench\\_%'`);
  await client.query(`drop schema if exists bench cascade`);
}

export async function loadDataset(
  client: pg.Client,
  plan: Plan,
  log: (line: string) => void = () => undefined,
  { force = false } = {},
): Promise<LoadReport> {
  if (!force && (await datasetMatches(client, plan))) return { skipped: true, seconds: 0, steps: [] };
  const started = performance.now();
  const steps: LoadReport['steps'] = [];
  const step = async (name: string, run: () => Promise<number>) => {
    const t = performance.now();
    const rows = await run();
    const seconds = (performance.now() - t) / 1000;
    steps.push({ step: name, rows, seconds });
    log(`  ${name.padEnd(22)} ${String(rows).padStart(9)} rows  ${seconds.toFixed(1)}s`);
  };
  const exec = async (text: string, params: unknown[] = []) => (await client.query(text, params)).rowCount ?? 0;

  await step('remove previous data', async () => {
    await removeDataset(client);
    return 0;
  });
  await client.query(`set synchronous_commit = off`);
  await client.query(`set session_replication_role = replica`);
  await client.query(helperFunctions(plan.seed));
  try {
    await step('organizations', () => insertOrganizations(client, plan));
    await step('users', () => insertUsers(client, plan));
    await step('memberships', () =>
      exec(
        `insert into public.organization_members (organization_id, user_id, role)
         select pg_temp.org_id(o), pg_temp.user_id(u), r::public.member_role from unnest($1::int[], $2::int[], $3::text[]) as t(o, u, r)`,
        [plan.memberships.map((m) => m.org), plan.memberships.map((m) => m.user), plan.memberships.map((m) => m.role)],
      ),
    );
    await step('websites', () =>
      exec(
        `insert into public.websites (id, organization_id, domain, name, public_key, allowed_origins)
         select pg_temp.website_id(n), pg_temp.org_id(n), 'org' || n || '.bench.example', 'Bench site ' || n,
                'wk_bench_' || n, array['https://org' || n || '.bench.example']
         from generate_series(1, $1::int) n`,
        [plan.orgs.length],
      ),
    );
    // the scenarios measure throughput, not the quotas: lift them for the bench organizations
    await step('quotas', () =>
      exec(
        `insert into private.organization_quotas (organization_id, sessions_per_minute, sessions_per_day, escalations_per_hour, ai_turns_per_day)
         select pg_temp.org_id(n), 100000000, 100000000, 100000000, 100000000 from generate_series(1, $1::int) n
         on conflict (organization_id) do nothing`,
        [plan.orgs.length],
      ),
    );
    await createAllocation(client, plan);
    await step('articles', () => exec(INSERT_ARTICLES));
    // retrieval searches article_chunks, which a trigger writes: triggers are off, so write them here
    await step('article chunks', async () => {
      await client.query(`select private.write_article_chunks(a) from public.articles a where a.organization_id in (${BENCH_ORGS})`);
      return exec(`select 1 from public.article_chunks where organization_id in (${BENCH_ORGS})`);
    });
    await step('visitors', () => exec(INSERT_VISITORS));
    await step('conversations', () => exec(INSERT_CONVERSATIONS));
    await step('messages', async () => {
      let rows = 0;
      for (const [from, to] of messageChunks(plan)) {
        rows += await exec(INSERT_MESSAGES, [from, to]);
        log(`    messages ${rows.toLocaleString('en')} / ${totalMessages(plan).toLocaleString('en')}`);
      }
      return rows;
    });
    await step('tickets', () => exec(INSERT_TICKETS));
    await step('derived columns', async () => {
      await client.query(`update public.organizations o set ticket_seq = a.tkt_count from bench_alloc a where o.id = a.org_id`);
      return exec(
        `update public.conversations c set last_message_at = m.last
         from (select organization_id, conversation_id, max(created_at) as last from public.messages
               where organization_id in (${BENCH_ORGS}) group by 1, 2) m
         where c.organization_id = m.organization_id and c.id = m.conversation_id`,
      );
    });
  } finally {
    await client.query(`set session_replication_role = origin`);
  }
  await step('vacuum analyze', async () => {
    const tables = [
      'organizations',
      'users',
      'organization_members',
      'websites',
      'articles',
      'article_chunks',
      'visitors',
      'conversations',
      'messages',
      'tickets',
    ];
    await vacuumUntilVisible(client, tables, log);
    return 0;
  });
  const seconds = (performance.now() - started) / 1000;
  await client.query(`create schema if not exists bench`);
  await client.query(`comment on schema bench is 'Benchmark bookkeeping (bench/); not exposed through the API.'`);
  await client.query(
    `create table if not exists bench.dataset (seed bigint not null, scale jsonb not null, version int not null,
       loaded_at timestamptz not null default now(), load_seconds real not null, steps jsonb not null)`,
  );
  await client.query(`truncate bench.dataset`);
  await client.query(`insert into bench.dataset (seed, scale, version, load_seconds, steps) values ($1, $2, $3, $4, $5)`, [
    plan.seed,
    JSON.stringify(plan.scale),
    GENERATOR_VERSION,
    seconds,
    JSON.stringify(steps),
  ]);
  return { skipped: false, seconds, steps };
}

/**
 * A steady-state database has its visibility map set (index-only scans skip the heap). VACUUM
 * cannot set it while another snapshot predates the rows, e.g. autovacuum analyzing the million
 * messages just loaded, so tables it left behind are vacuumed again a moment later.
 */
async function vacuumUntilVisible(client: pg.Client, tables: string[], log: (line: string) => void): Promise<void> {
  let pending = tables;
  for (let attempt = 0; attempt < 10 && pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 2000));
    for (const table of pending) await client.query(`vacuum (analyze) public.${table}`);
    const { rows } = await client.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relname = any($1) and c.relallvisible < c.relpages * 0.95`,
      [pending],
    );
    pending = rows.map((r) => r.name);
  }
  if (pending.length > 0) log(`  warning: ${pending.join(', ')} not all-visible yet (a long transaction holds vacuum back)`);
}

async function insertOrganizations(client: pg.Client, plan: Plan): Promise<number> {
  const nos = plan.orgs.map((o) => o.no);
  const { rowCount } = await client.query(
    `insert into public.organizations (id, slug, name, kind, ticket_prefix, settings, created_at)
     select pg_temp.org_id(n), 'bench-' || lpad(n::text, 4, '0'), 'Bench tenant ' || n,
            (case when n % 5 = 0 then 'personal' else 'team' end)::public.org_kind, p,
            jsonb_build_object('assistant_name', 'Tenant ' || n || ' Concierge', 'escalation_threshold', 0.55),
            timestamptz '2025-01-01' + n * interval '1 hour'
     from unnest($1::int[], $2::text[]) as t(n, p)`,
    [nos, nos.map(ticketPrefix)],
  );
  return rowCount ?? 0;
}

async function insertUsers(client: pg.Client, plan: Plan): Promise<number> {
  const users = plan.orgs.reduce((n, o) => n + o.members, 0);
  const { rowCount } = await client.query(
    `insert into public.users (id, email, name)
     select pg_temp.user_id(n), 'user' || n || '@bench.example', 'Bench User ' || n from generate_series(1, $1::int) n`,
    [users],
  );
  return rowCount ?? 0;
}

/** bench_alloc: one row per organization with the global numbering of its rows. */
async function createAllocation(client: pg.Client, plan: Plan): Promise<void> {
  const col = { conv: [] as number[], msg: [] as number[], owner: [] as number[] };
  let conv = 1;
  let msg = 1;
  let user = 1;
  for (const o of plan.orgs) {
    col.conv.push(conv);
    col.msg.push(msg);
    col.owner.push(user);
    conv += o.conversations;
    msg += o.messages;
    user += o.members;
  }
  await client.query(`drop table if exists bench_alloc`);
  await client.query(
    `create temp table bench_alloc as
     select n as no, pg_temp.org_id(n) as org_id, pg_temp.website_id(n) as website_id, pg_temp.user_id(ow) as owner_user,
            p as prefix, cs::bigint as conv_start, cc as conv_count, ms::bigint as msg_start, mc as msg_count, tc as tkt_count
     from unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::bigint[], $6::int[], $7::int[], $8::int[])
       as t(n, p, ow, cs, cc, ms, mc, tc)`,
    [
      plan.orgs.map((o) => o.no),
      plan.orgs.map((o) => ticketPrefix(o.no)),
      col.owner,
      col.conv,
      plan.orgs.map((o) => o.conversations),
      col.msg,
      plan.orgs.map((o) => o.messages),
      plan.orgs.map((o) => o.tickets),
    ],
  );
}

const totalMessages = (plan: Plan) => plan.orgs.reduce((n, o) => n + o.messages, 0);

/** Ranges of organization numbers holding about MESSAGE_CHUNK messages each. */
function messageChunks(plan: Plan): [number, number][] {
  const chunks: [number, number][] = [];
  let from = 1;
  let rows = 0;
  for (const o of plan.orgs) {
    rows += o.messages;
    if (rows >= MESSAGE_CHUNK || o.no === plan.orgs.length) {
      chunks.push([from, o.no]);
      from = o.no + 1;
      rows = 0;
    }
  }
  return chunks;
}
