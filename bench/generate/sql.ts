/**
 * Row-level building blocks of the generator, as session-local SQL functions (pg_temp). Every
 * "random" choice is a hash of the row's number and the seed (hashint8extended), so the data do
 * not depend on the order Postgres evaluates rows in: same seed, same rows.
 */
export const ANCHOR = "timestamptz '2026-11-01 00:00:00+00'";

const PHRASES = [
  'Hi, I placed an order last week and it still has not shipped.',
  'Can I change the delivery address on my order?',
  'Your order is on its way and should arrive within two business days.',
  'How do I reset my password? The email never arrives.',
  'I was charged twice for the same subscription this month.',
  'Refunds go back to the original payment method within 5-7 days.',
  'Do you ship to Vietnam and how long does it take?',
  'Thanks, that solved it!',
  'Could a person look at this please? The answer did not help.',
  'I have forwarded your request to our billing team.',
  'What is the difference between the Pro and the Team plan?',
  'The Team plan adds shared inboxes, roles and audit history.',
  'My invoice shows the wrong company name.',
  'You can update billing details under Settings, then Billing.',
  'Is there a discount for non-profits?',
  'The app crashes when I upload a file larger than 10 MB.',
  'Please try again with the latest version and tell us if it still happens.',
  'Where can I download my data?',
  'Exports are available as CSV from the dashboard.',
  'Chào bạn, mình muốn hỏi về đơn hàng số 1042.',
  'Cảm ơn bạn, mình đã nhận được hàng rồi.',
  'Our opening hours are 8am to 6pm, Monday to Friday.',
  'I would like to cancel my subscription at the end of the term.',
  'An agent will join this conversation shortly.',
];

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
export const phrasesArray = `array[${PHRASES.map(sqlText).join(', ')}]`;
export const PHRASE_COUNT = PHRASES.length;

export function helperFunctions(seed: number): string {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error('seed must be a non-negative integer');
  return `
create or replace function pg_temp.h(x bigint, k int) returns bigint language sql immutable parallel safe as
  $$ select hashint8extended(x, ${seed}::bigint * 1000 + k) & 9223372036854775807 $$;
create or replace function pg_temp.u(x bigint, k int) returns float8 language sql immutable parallel safe as
  $$ select (hashint8extended(x, ${seed}::bigint * 1000 + k) & 9223372036854775807)::float8 / 9223372036854775807 $$;
create or replace function pg_temp.org_id(n int) returns uuid language sql immutable as
  $$ select ('be000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid $$;
create or replace function pg_temp.website_id(n int) returns uuid language sql immutable as
  $$ select ('be100000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid $$;
create or replace function pg_temp.user_id(n int) returns text language sql immutable as
  $$ select 'bench_u' || lpad(n::text, 6, '0') $$;
create or replace function pg_temp.cid(c bigint) returns uuid language sql immutable as
  $$ select md5('${seed}:c:' || c)::uuid $$;
create or replace function pg_temp.vid(c bigint) returns uuid language sql immutable as
  $$ select md5('${seed}:v:' || c)::uuid $$;
create or replace function pg_temp.mid(g bigint) returns uuid language sql immutable as
  $$ select md5('${seed}:m:' || g)::uuid $$;
create or replace function pg_temp.tid(o int, n int) returns uuid language sql immutable as
  $$ select md5('${seed}:t:' || o || ':' || n)::uuid $$;
create or replace function pg_temp.conv_at(c bigint) returns timestamptz language sql immutable as
  $$ select ${ANCHOR} - interval '180 days' * pg_temp.u(c, 2) $$;
create or replace function pg_temp.body(x bigint) returns text language sql immutable as
  $$ select (${phrasesArray})[1 + pg_temp.h(x, 7) % ${PHRASE_COUNT}]
       || case when pg_temp.h(x, 8) % 3 = 0 then ' ' || (${phrasesArray})[1 + pg_temp.h(x, 9) % ${PHRASE_COUNT}] else '' end $$;
`;
}

/** Ticket prefixes must be 2-5 capital letters: B + the organization number in base 26. */
export function ticketPrefix(no: number): string {
  let s = '';
  let n = no;
  for (let i = 0; i < 3; i++) {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26);
  }
  return `B${s}`;
}

/** Visitors and conversations: one visitor per conversation, both numbered globally. */
export const INSERT_VISITORS = `
insert into public.visitors (id, organization_id, website_id, email, name, first_seen_at, last_seen_at, created_at, updated_at)
select pg_temp.vid(c), a.org_id, a.website_id,
  case when pg_temp.h(c, 10) % 3 = 0 then 'visitor' || c || '@example.com' end,
  case when pg_temp.h(c, 10) % 3 = 0 then 'Visitor ' || c end,
  pg_temp.conv_at(c), pg_temp.conv_at(c) + interval '1 day', pg_temp.conv_at(c), pg_temp.conv_at(c)
from bench_alloc a, generate_series(a.conv_start, a.conv_start + a.conv_count - 1) c`;

export const INSERT_CONVERSATIONS = `
insert into public.conversations (id, organization_id, website_id, visitor_id, channel, status, is_escalated,
  escalated_reason, escalated_at, is_resolved, resolved_at, assignee_id, created_at, updated_at)
select pg_temp.cid(c), a.org_id, a.website_id, pg_temp.vid(c), 'web',
  (case when pg_temp.h(c, 6) % 10 < 5 then 'closed' when pg_temp.h(c, 6) % 10 < 7 then 'pending' else 'open' end)::public.conversation_status,
  c - a.conv_start < a.tkt_count,
  case when c - a.conv_start < a.tkt_count then 'low_confidence' end,
  case when c - a.conv_start < a.tkt_count then pg_temp.conv_at(c) + interval '10 minutes' end,
  pg_temp.h(c, 6) % 10 < 5,
  case when pg_temp.h(c, 6) % 10 < 5 then pg_temp.conv_at(c) + interval '1 day' end,
  case when c - a.conv_start < a.tkt_count then a.owner_user end,
  pg_temp.conv_at(c), pg_temp.conv_at(c)
from bench_alloc a, generate_series(a.conv_start, a.conv_start + a.conv_count - 1) c`;

/** Messages of the organizations numbered $1..$2, spread over each organization's conversations. */
export const INSERT_MESSAGES = `
insert into public.messages (id, organization_id, conversation_id, sender_type, sender_id, client_msg_id, body,
  metadata, is_internal, created_at)
select pg_temp.mid(g), a.org_id, pg_temp.cid(x.c), x.sender::public.sender_type,
  case x.sender when 'visitor' then pg_temp.vid(x.c)::text when 'ai' then 'ai' when 'agent' then a.owner_user end,
  case when x.sender in ('visitor', 'ai') then 'bm' || lpad(g::text, 8, '0') end,
  pg_temp.body(g),
  case when x.sender = 'ai' then jsonb_build_object('confidence', round(pg_temp.u(g, 11)::numeric, 2)) else '{}'::jsonb end,
  x.sender = 'agent' and pg_temp.h(g, 12) % 10 = 0,
  pg_temp.conv_at(x.c) + interval '3 days' * pg_temp.u(g, 4)
from bench_alloc a
cross join lateral generate_series(a.msg_start, a.msg_start + a.msg_count - 1) g
cross join lateral (select a.conv_start + pg_temp.h(g, 3) % a.conv_count as c,
  case when pg_temp.h(g, 5) % 100 < 45 then 'visitor' when pg_temp.h(g, 5) % 100 < 85 then 'ai'
       when pg_temp.h(g, 5) % 100 < 97 then 'agent' else 'system' end as sender) x
where a.no between $1 and $2`;

/** Tickets numbered 1..n per organization; the first ones belong to the escalated conversations. */
export const INSERT_TICKETS = `
insert into public.tickets (id, organization_id, number, ref, conversation_id, website_id, customer_email, customer_name,
  subject, original_query, status, priority, assignee_id, created_at, updated_at)
select pg_temp.tid(a.no, n), a.org_id, n,
  a.prefix || '-' || lpad(n::text, greatest(3, length(n::text)), '0'),
  case when n <= a.conv_count then pg_temp.cid(a.conv_start + n - 1) end,
  a.website_id, 'customer' || n || '@example.com', 'Customer ' || n,
  left(pg_temp.body(a.no * 1000000 + n), 300), pg_temp.body(a.no * 1000000 + n),
  (case when pg_temp.h(a.no * 1000000 + n, 13) % 10 < 4 then 'resolved' when pg_temp.h(a.no * 1000000 + n, 13) % 10 < 6 then 'closed'
        when pg_temp.h(a.no * 1000000 + n, 13) % 10 < 8 then 'open' else 'pending' end)::public.ticket_status,
  (array['low', 'normal', 'normal', 'normal', 'high', 'urgent'])[1 + pg_temp.h(a.no * 1000000 + n, 14) % 6]::public.ticket_priority,
  case when pg_temp.h(a.no * 1000000 + n, 15) % 2 = 0 then a.owner_user end,
  ${ANCHOR} - interval '365 days' * ((a.tkt_count - n)::float8 / a.tkt_count),
  ${ANCHOR} - interval '365 days' * ((a.tkt_count - n)::float8 / a.tkt_count)
from bench_alloc a, generate_series(1, a.tkt_count) n
where a.tkt_count > 0`;

/** A small help center per organization, so the AI path answers (and calls a provider) for real. */
const ARTICLES: [string, string, string][] = [
  [
    'returns-and-refunds',
    'Returns and refunds',
    'You can return any unused item within 30 days of delivery. Start a return from Orders, print the prepaid label and drop the parcel at any post office. Refunds go back to the original payment method within 5-10 business days after we receive the item.',
  ],
  [
    'shipping-times',
    'Shipping times and tracking',
    'Orders ship within one business day. Delivery takes 2-4 business days in the country and 5-10 abroad. Every order gets a tracking link by email once it leaves the warehouse.',
  ],
  [
    'reset-password',
    'Resetting your password',
    'Choose Forgot password on the sign-in page and follow the link we email you. The link works for one hour. If no email arrives, check the spam folder or ask us to resend it.',
  ],
  [
    'change-plan',
    'Changing your subscription plan',
    'Upgrade or downgrade at any time under Settings, Billing, Plan. Upgrades take effect immediately and are prorated; downgrades apply at the start of the next billing period.',
  ],
  [
    'invoices',
    'Invoices and billing details',
    'Invoices are emailed after every payment and listed under Settings, Billing. You can change the company name, address and tax number there; new invoices use the new details.',
  ],
];

export const INSERT_ARTICLES = `
insert into public.articles (organization_id, title, body, slug, tags, is_published)
select a.org_id, t.title, t.body, t.slug, '{help}', true
from bench_alloc a
cross join (values ${ARTICLES.map(([slug, title, body]) => `(${sqlText(slug)}, ${sqlText(title)}, ${sqlText(body)})`).join(', ')}) as t(slug, title, body)`;
