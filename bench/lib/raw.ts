import pg from 'pg';
import type { WidgetSession } from './widget';

/**
 * The ingestion baseline: single-row INSERTs into public.messages, autocommit, one connection per
 * client, as the `postgres` superuser (no RLS, no HTTP): the cheapest way one message can get in.
 */
export async function connectClients(url: string, n: number): Promise<pg.Client[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
}

/** Each client inserts single rows in a loop for `seconds`; returns rows per second. */
export async function rawInserts(clients: pg.Client[], sessions: WidgetSession[], seconds: number, tag: string, body: string): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const counts = await Promise.all(
    clients.map(async (client, ci) => {
      let n = 0;
      while (performance.now() < deadline) {
        const s = sessions[(ci + n * clients.length) % sessions.length]!;
        await client.query({
          name: 'bench-raw-insert',
          text: `insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body)
                 values ($1, $2, 'visitor', $3, $4, $5)`,
          values: [s.organizationId, s.conversationId, s.visitorId, `raw-${tag}-${ci}-${n}`, body],
        });
        n += 1;
      }
      return n;
    }),
  );
  return counts.reduce((a, b) => a + b, 0) / ((performance.now() - started) / 1000);
}
