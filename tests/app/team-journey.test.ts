import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appUrl } from '../helpers/app';
import { sessionCookie } from '../helpers/actions';
import { sql } from '../helpers/stack';

// streamed answers and several requests per test against the app under a loaded machine
vi.setConfig({ testTimeout: 300_000 });

/**
 * Issue 15, the seed's journey through the app's routes: A and B in one organization, C in
 * another, each with an opted-in profile that knows the same rare topic. A asks and sees B, never
 * C; the second message reuses the session; the heart saves B once, linked to the session; the
 * email button records email_clicked_at; the team analytics (admin) count the save and the click,
 * and refuse A (an agent) with 403.
 */
const id = randomUUID().slice(0, 8);
const topic = `zyx${id}quasar`;
const orgX = randomUUID();
const orgY = randomUUID();
const userA = `user_team_a_${id}`;
const userB = `user_team_b_${id}`;
const userC = `user_team_c_${id}`;
const admin = `user_team_admin_${id}`;
const slugX = `team-x-${id}`;
const slugY = `team-y-${id}`;
let app: string;
const cookies: Record<string, string> = {};

async function ask(user: string, slug: string, message: string, sessionId?: string) {
  const res = await fetch(`${app}/dashboard/${slug}/team/ask/stream`, {
    method: 'POST',
    headers: { cookie: cookies[user] ?? '', 'content-type': 'application/json' },
    body: JSON.stringify({ message, sessionId }),
  });
  const text = await res.text();
  const lines = res.ok
    ? text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];
  return { res, text, lines };
}

async function post(user: string, path: string, body: unknown) {
  return fetch(`${app}/dashboard/${slugX}${path}`, {
    method: 'POST',
    headers: { cookie: cookies[user] ?? '', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  app = await appUrl();
  for (const user of [userA, userB, userC, admin]) {
    cookies[user] = await sessionCookie(user);
    await sql('insert into public.users (id, email, name) values ($1, $2, $3)', [user, `${user}@example.com`, user]);
  }
  await sql('insert into public.organizations (id, slug, name, ticket_prefix) values ($1, $2, $3, $4), ($5, $6, $7, $8)', [
    orgX,
    slugX,
    'Team X',
    'TMX',
    orgY,
    slugY,
    'Team Y',
    'TMY',
  ]);
  await sql(
    `insert into public.organization_members (organization_id, user_id, role) values
       ($1, $3, 'agent'), ($1, $4, 'agent'), ($1, $6, 'admin'), ($2, $5, 'agent')`,
    [orgX, orgY, userA, userB, userC, admin],
  );
  await sql(
    `insert into public.profiles (organization_id, user_id, display_name, title, expertise, bio, work_email, opted_in) values
       ($1, $3, 'Bea Bee', 'Specialist', array[$5], 'Knows the topic well.', 'bea@example.com', true),
       ($2, $4, 'Cy Sea', 'Specialist', array[$5], 'Knows the topic too.', 'cy@example.com', true)`,
    [orgX, orgY, userB, userC, topic],
  );
});

afterAll(async () => {
  await sql('delete from public.organizations where id = any($1::uuid[])', [[orgX, orgY]]);
  await sql('delete from public.users where id = any($1::text[])', [[userA, userB, userC, admin]]);
});

describe('ask the team: the seed journey', () => {
  let sessionId: string;
  let profileB: string;

  it('A asks and sees B (same organization), never C (another organization), as a streamed answer', async () => {
    const { res, lines } = await ask(userA, slugX, `Who knows about ${topic}?`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const first = lines[0] as { type: string; session: { id: string }; matches: { profile: { id: string; display_name: string } }[] };
    expect(first.type).toBe('session');
    expect(first.matches.map((m) => m.profile.display_name)).toEqual(['Bea Bee']);
    expect(lines.filter((l) => l.type === 'delta').length).toBeGreaterThan(1);
    expect(lines.at(-1)?.type).toBe('done');
    const answer = lines
      .filter((l) => l.type === 'delta')
      .map((l) => l.text)
      .join('');
    expect(answer).toContain('Bea Bee');
    expect(answer).not.toContain('Cy Sea');
    sessionId = first.session.id;
    profileB = first.matches[0]?.profile.id ?? '';

    const stored = await sql<{ role: string; metadata: Record<string, unknown> }>(
      'select role, metadata from public.chat_messages where session_id = $1 order by created_at',
      [sessionId],
    );
    expect(stored.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(stored[1]?.metadata).toMatchObject({ query_intent: 'find_expert', provider: 'local', matched_profiles: [{ profile_id: profileB }] });
    expect(stored[1]?.metadata.response_length).toBeGreaterThan(0);
  });

  it('a second message reuses the session, and it is listed once', async () => {
    const { res, lines } = await ask(userA, slugX, `And someone else for ${topic}?`, sessionId);
    expect(res.status).toBe(200);
    expect((lines[0] as { session: { id: string } }).session.id).toBe(sessionId);
    const sessions = await sql('select id from public.chat_sessions where user_id = $1', [userA]);
    expect(sessions).toHaveLength(1);
    const messages = await sql('select 1 from public.chat_messages where session_id = $1', [sessionId]);
    expect(messages).toHaveLength(4);
  });

  it("C cannot continue A's session (404) and finds no one in A's organization", async () => {
    const { res, text } = await ask(userC, slugY, 'hello again', sessionId);
    expect(res.status).toBe(404);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'session_not_found' } });
    const other = await ask(userC, slugY, `Who knows about ${topic}?`);
    expect((other.lines[0] as { matches: unknown[] }).matches).toEqual([]);
  });

  it('the heart saves B once, linked to the session; a second heart answers already saved', async () => {
    const first = await post(userA, '/team/contacts', { profileId: profileB, sessionId, reason: `Matches ${topic}` });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ alreadySaved: false });
    const again = await post(userA, '/team/contacts', { profileId: profileB, sessionId, reason: `Matches ${topic}` });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ alreadySaved: true });
    const rows = await sql<{ session_id: string }>('select session_id from public.saved_contacts where user_id = $1', [userA]);
    expect(rows).toEqual([{ session_id: sessionId }]);
  });

  it("the heart on C's profile (another organization) is a 404 and saves nothing", async () => {
    const [c] = await sql<{ id: string }>('select id from public.profiles where user_id = $1', [userC]);
    const profileC = c?.id;
    const res = await post(userA, '/team/contacts', { profileId: profileC });
    expect(res.status).toBe(404);
    expect(await sql('select 1 from public.saved_contacts where profile_id = $1', [profileC])).toHaveLength(0);
  });

  it('the email button records email_clicked_at and answers the mailto link', async () => {
    const res = await post(userA, '/team/contacts/click', { profileId: profileB, kind: 'email', sessionId });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ href: 'mailto:bea@example.com' });
    const [row] = await sql<{ email_clicked_at: Date | null; email_clicks: number }>(
      'select email_clicked_at, email_clicks from public.saved_contacts where user_id = $1',
      [userA],
    );
    expect(row?.email_clicked_at).not.toBeNull();
    expect(row?.email_clicks).toBe(1);
    const linkedin = await post(userA, '/team/contacts/click', { profileId: profileB, kind: 'linkedin' });
    expect(linkedin.status).toBe(404);
  });

  it('the team analytics show the save and the click to an admin, and answer an agent 403', async () => {
    const csvFor = (user: string, dataset: string) =>
      fetch(`${app}/dashboard/${slugX}/team/analytics/export?dataset=${dataset}`, { headers: { cookie: cookies[user] ?? '' } });
    const summary = await csvFor(admin, 'summary');
    expect(summary.status).toBe(200);
    const [header, values] = (await summary.text())
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const row = Object.fromEntries((header ?? []).map((h, i) => [h, values?.[i]]));
    expect(row).toMatchObject({ members: '3', sessions: '1', saves: '1', email_clicks: '1', linkedin_clicks: '0', active_members: '1' });
    const mostSaved = await csvFor(admin, 'most_saved');
    expect(await mostSaved.text()).toContain('Bea Bee,1,1,0');
    const refused = await csvFor(userA, 'summary');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('"find an expert" on a ticket suggests B (assignable in one click), never C', async () => {
    const [site] = await sql<{ id: string }>(
      'insert into public.websites (organization_id, domain, name, allowed_origins) values ($1, $2, $3, $4) returning id',
      [orgX, `${slugX}.example`, 'Team X site', []],
    );
    const [ticket] = await sql<{ ref: string }>(
      `insert into public.tickets (organization_id, website_id, subject, original_query, status) values ($1, $2, $3, $3, 'open') returning ref`,
      [orgX, site?.id, `Customer stuck with ${topic}`],
    );
    const res = await fetch(`${app}/dashboard/${slugX}/tickets/${ticket?.ref}`, { headers: { cookie: cookies[userA] ?? '' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Find an expert');
    expect(html).toContain('data-testid="expert-suggestion"');
    expect(html).toContain('Bea Bee');
    expect(html).toContain('Assign the ticket to Bea Bee');
    expect(html).not.toContain('Cy Sea');
  });
});
