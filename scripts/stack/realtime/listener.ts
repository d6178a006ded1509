import pg from 'pg';
import { byTopic, push } from './topics';

/**
 * Database-sent broadcasts: realtime.messages' trigger NOTIFYs the row id at commit; the row goes
 * to the topic's subscribers whose channel matches its private flag (private messages reach only
 * channels that passed the read check). Reconnects whenever Postgres goes away, and then delivers
 * the rows written while no one listened: a NOTIFY reaches only the sessions listening when it is
 * sent, and the clients' sockets to this service stayed open, so nothing else would tell them to
 * catch up (the reliability battery's Postgres restart lost an agent's reply that way). Rows from a
 * few seconds before the loss come again too: a client may get an event twice, never miss one.
 */
export function listenForBroadcasts(dbUrl: string, pool: pg.Pool) {
  let lostAt: Date | null = null;

  async function listen() {
    const client = new pg.Client({ connectionString: dbUrl, application_name: 'realtime-listener' });
    let retried = false;
    const retry = () => {
      if (retried) return;
      retried = true;
      lostAt ??= new Date();
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      setTimeout(() => void listen(), 1000);
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', (note) => {
      if (note.channel === 'realtime_messages' && note.payload) void deliver(note.payload);
    });
    try {
      await client.connect();
      await client.query('listen realtime_messages');
    } catch {
      return retry();
    }
    if (lostAt) {
      const since = new Date(lostAt.getTime() - 5000);
      lostAt = null;
      const { rows } = await client
        .query<{ id: string }>(
          `select id from realtime.messages where inserted_at >= ($1::timestamptz at time zone current_setting('TimeZone')) order by inserted_at`,
          [since.toISOString()],
        )
        .catch(() => ({ rows: [] as { id: string }[] }));
      for (const row of rows) await deliver(row.id);
    }
  }

  async function deliver(id: string) {
    const { rows } = await pool
      .query<{ topic: string; event: string; payload: unknown; private: boolean }>(
        'select topic, event, payload, coalesce(private, false) as private from realtime.messages where id = $1',
        [id],
      )
      .catch(() => ({ rows: [] }));
    const message = rows[0];
    if (!message) return;
    for (const sub of byTopic.get(`realtime:${message.topic}`) ?? []) {
      if (sub.private !== message.private) continue;
      push(sub, 'broadcast', { type: 'broadcast', event: message.event, payload: message.payload, meta: { id } });
    }
  }

  void listen();
}
