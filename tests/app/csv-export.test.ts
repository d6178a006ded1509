import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EXPORTS } from '@/lib/data/analytics';
import { appUrl } from '../helpers/app';
import { sessionCookie } from '../helpers/actions';
import { sql } from '../helpers/stack';

// several requests per test, each a page's action in the app under a loaded machine
vi.setConfig({ testTimeout: 300_000 });

/**
 * The analytics CSV export, every dataset it offers, for an organization of its own whose text
 * (website names, conversion names, article titles) starts with what a spreadsheet would run as a
 * formula: = + - @ tab and carriage return. Each such cell must come out prefixed with a quote;
 * quotes, commas and line breaks are quoted as CSV quotes them. Escalation reasons are codes,
 * which the database checks, so no formula reaches that dataset.
 */
const slug = `csv-${randomUUID().slice(0, 8)}`;
const org = randomUUID();
const admin = `user_csv_${randomUUID().slice(0, 8)}`;
const website = randomUUID();
// a day nobody else writes to
const D = new Date(Date.UTC(2021, 0, 2) + Math.floor(Math.random() * 300) * 86_400_000).toISOString().slice(0, 10);
const at = (time: string) => `${D}T${time}Z`;

const HOSTILE = ['=HYPERLINK("http://evil.example","x")', '+SUM(1,2)', '-2+3', '@SUM(A1)', '\tTabbed', '\rReturned'];
/** What the export must write for each of them (one CSV field). */
const DEFUSED = [`"'=HYPERLINK(""http://evil.example"",""x"")"`, `"'+SUM(1,2)"`, `'-2+3`, `'@SUM(A1)`, `'\tTabbed`, `"'\rReturned"`];

/** Escalation reasons are codes (conversations_escalated_reason_code), so a formula cannot be one. */
const REASONS = ['low_confidence', 'visitor_request', 'billing_question'];

let app: string;
let cookie: string;

beforeAll(async () => {
  app = await appUrl();
  cookie = await sessionCookie(admin);
  await sql('insert into public.organizations (id, slug, name, ticket_prefix, settings) values ($1, $2, $3, $4, $5)', [
    org,
    slug,
    'CSV Test Co',
    'CSV',
    JSON.stringify({ conversions: [{ name: HOSTILE[0], from: 'visit', to: 'signup' }] }),
  ]);
  await sql('insert into public.users (id, email, name) values ($1, $2, $3)', [admin, `${admin}@example.com`, 'Cee Ess']);
  await sql(`insert into public.organization_members (organization_id, user_id, role) values ($1, $2, 'admin')`, [org, admin]);
  await sql('insert into public.websites (id, organization_id, domain, name, allowed_origins) values ($1, $2, $3, $4, $5)', [
    website,
    org,
    `${slug}.example`,
    HOSTILE[0],
    [],
  ]);
  for (const [i, reason] of REASONS.entries()) {
    await sql(
      `insert into public.conversations (organization_id, website_id, status, is_escalated, escalated_reason, escalated_at, created_at)
       values ($1, $2, 'open', true, $3, $4, $4)`,
      [org, website, reason, at(`10:0${i}:00`)],
    );
  }
  await sql(
    `insert into public.tickets (organization_id, website_id, subject, original_query, status, created_at) values ($1, $2, 'Help', 'Help', 'open', $3)`,
    [org, website, at('11:00:00')],
  );
  await sql(`insert into public.events (organization_id, name, occurred_at) values ($1, 'visit', $2), ($1, 'signup', $3)`, [
    org,
    at('12:00:00'),
    at('12:05:00'),
  ]);
  await sql('insert into public.article_views (organization_id, url, title, viewed_at) values ($1, $2, $3, $4)', [
    org,
    'https://docs.example/a?x=1,2',
    HOSTILE[3],
    at('13:00:00'),
  ]);
});

afterAll(async () => {
  await sql('delete from public.organizations where id = $1', [org]);
  await sql('delete from public.users where id = $1', [admin]);
});

async function csv(dataset: string) {
  const res = await fetch(`${app}/dashboard/${slug}/analytics/export?dataset=${dataset}&from=${D}&to=${D}&tz=UTC`, { headers: { cookie } });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('the analytics CSV export', () => {
  it('exports escalation reasons, which the database keeps to codes: a formula-like reason is refused', async () => {
    for (const raw of HOSTILE) {
      await expect(
        sql(
          `insert into public.conversations (organization_id, website_id, status, is_escalated, escalated_reason, escalated_at)
           values ($1, $2, 'open', true, $3, now())`,
          [org, website, raw],
        ),
      ).rejects.toMatchObject({ code: '23514', constraint: 'conversations_escalated_reason_code' });
    }
    const { status, text } = await csv('escalation_reasons');
    expect(status).toBe(200);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('reason,conversations');
    for (const reason of REASONS) expect(lines).toContain(`${reason},1`);
    expect(lines.filter(Boolean)).toHaveLength(REASONS.length + 1);
  }, 300_000);

  it('defuses a website name, a conversion name and an article title', async () => {
    const tickets = await csv('tickets');
    expect(tickets.text).toBe(`website_id,website_name,status,tickets\r\n${website},${DEFUSED[0]},open,1\r\n`);
    const conversions = await csv('conversions');
    // (no visitor behind the events: nobody started the funnel)
    expect(conversions.text.split('\r\n')[1]).toBe(`${DEFUSED[0]},visit,signup,0,0,`);
    const articles = await csv('articles');
    expect(articles.text.split('\r\n')[1]).toBe(`,${DEFUSED[3]},"https://docs.example/a?x=1,2",1,0,0`);
  });

  it.each(Object.keys(EXPORTS))('offers the %s dataset with its columns', async (dataset) => {
    const { status, type, text } = await csv(dataset);
    expect(status).toBe(200);
    expect(type).toBe('text/csv; charset=utf-8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(EXPORTS[dataset as keyof typeof EXPORTS].columns.join(','));
    expect(lines.at(-1)).toBe('');
    expect(lines.length).toBeGreaterThan(2);
  });

  it('daily and summary count the day', async () => {
    expect((await csv('daily')).text.split('\r\n')[1]).toMatch(new RegExp(`^${D},${REASONS.length},`));
    expect((await csv('summary')).text.split('\r\n')[1]).toMatch(new RegExp(`^${REASONS.length},`));
    const events = (await csv('events')).text;
    expect(events).toContain('\r\nvisit,1,0\r\n');
    expect(events).toContain('\r\nsignup,1,0\r\n');
  });
});
