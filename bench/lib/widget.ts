import type pg from 'pg';

/** Widget sessions opened in SQL (the same function widget-session calls), not rate-limited by IP. */
export interface WidgetSession {
  token: string;
  organizationId: string;
  conversationId: string;
  visitorId: string;
}

export async function openSessions(client: pg.Client, sites: { key: string; origin: string }[], count: number): Promise<WidgetSession[]> {
  const { rows } = await client.query<{ s: { session_token: string; conversation_id: string; visitor_id: string }; org: string }>(
    `select public.widget_start_session(site.key, site.origin) as s, w.organization_id as org
     from generate_series(0, $3::int - 1) i
     cross join lateral (select ($1::text[])[1 + i % cardinality($1::text[])] as key,
                                ($2::text[])[1 + i % cardinality($2::text[])] as origin) site
     join public.websites w on w.public_key = site.key`,
    [sites.map((s) => s.key), sites.map((s) => s.origin), count],
  );
  return rows.map((r) => ({ token: r.s.session_token, organizationId: r.org, conversationId: r.s.conversation_id, visitorId: r.s.visitor_id }));
}

/** Server-Sent Events as they arrive: name, data and arrival time (ms since `start`). */
export interface Arrival {
  event: string;
  data: string;
  at: number;
}

export async function readSse(res: Response, start: number): Promise<Arrival[]> {
  const out: Arrival[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const at = performance.now() - start;
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length > 0) out.push({ event, data: data.join('\n'), at });
    }
  }
  return out;
}
