import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config, sql } from '../helpers/stack';

/**
 * Automatic assignment under concurrency: two escalations of one organization committed at the
 * same moment, with one agent and a cap of 1, must not both go to that agent. Two real
 * connections, each in its own transaction, as two widget_escalate calls would be.
 */
const ORG = 'c7100000-0000-4000-8000-000000000001';
const AGENT = 'user_deskfix_concurrency';

beforeAll(async () => {
  await sql(
    `insert into public.organizations (id, slug, name, ticket_prefix, settings) values ($1, 'deskfix-concurrency', 'Concurrency', 'CCY', '{"auto_assign": true, "auto_assign_cap": 1}')`,
    [ORG],
  );
  await sql(`insert into public.users (id, email, name) values ($1, 'agent@concurrency.example', 'Agent')`, [AGENT]);
  await sql(`insert into public.organization_members (organization_id, user_id, role) values ($1, $2, 'owner')`, [ORG, AGENT]);
});

afterAll(async () => {
  await sql('delete from public.organizations where id = $1', [ORG]);
  await sql('delete from public.users where id = $1', [AGENT]);
});

async function escalation(client: pg.Client): Promise<void> {
  await client.query('begin');
  const { rows } = await client.query<{ id: string }>('insert into public.conversations (organization_id) values ($1) returning id', [ORG]);
  await client.query('insert into public.tickets (organization_id, conversation_id, subject) values ($1, $2, $3)', [ORG, rows[0]!.id, 'Help']);
}

describe('automatic assignment', () => {
  it('two escalations at once never take an agent past the cap', async () => {
    const [a, b] = [new pg.Client({ connectionString: config.db.url }), new pg.Client({ connectionString: config.db.url })];
    await Promise.all([a.connect(), b.connect()]);
    try {
      const { rows: pid } = await b.query<{ pid: number }>('select pg_backend_pid() as pid');
      await escalation(a);
      const second = escalation(b);
      // b's ticket insert waits for a's organization row lock before a commits
      await expect
        .poll(
          async () => (await sql<{ w: string | null }>('select wait_event_type as w from pg_stat_activity where pid = $1', [pid[0]!.pid]))[0]?.w,
          {
            timeout: 10_000,
          },
        )
        .toBe('Lock');
      await a.query('commit');
      await second;
      await b.query('commit');
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    const rows = await sql<{ assignee_id: string | null }>('select assignee_id from public.tickets where organization_id = $1 order by number', [
      ORG,
    ]);
    expect(rows).toEqual([{ assignee_id: AGENT }, { assignee_id: null }]);
  });
});
