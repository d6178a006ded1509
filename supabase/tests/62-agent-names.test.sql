-- The agent name a visitor (and the dashboard) sees comes only from members of the conversation's
-- organization: an ingest key naming another organization's user as the sender of an agent
-- message learns nothing about that user.
begin;
select plan(8);

create temp table k (name text primary key, key text) on commit drop;
grant all on k to anon, authenticated, concierge_ingest;
create temp table tok (name text primary key, r jsonb) on commit drop;
grant all on tok to anon, authenticated;
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
insert into k select 'globex', public.create_api_key('Globex CRM', '{ingest:write}') ->> 'key';

-- Globex's ingest key sends agent messages "from" Acme's owner (Ada) and from its own agent (Gina)
select tests.authenticate_as_anon();
select is((select string_agg(x ->> 'status', ' ' order by (x ->> 'index')::int)
  from jsonb_array_elements(public.ingest_batch((select key from k where name = 'globex'), $$[
    {"type": "chat", "idempotency_key": "t62-chat-1", "external_id": "t62-probe"},
    {"type": "message", "idempotency_key": "t62-msg-1", "chat_external_id": "t62-probe", "sender_type": "agent", "sender_id": "user_acme_owner", "body": "Hello"},
    {"type": "chat", "idempotency_key": "t62-chat-2", "external_id": "t62-own"},
    {"type": "message", "idempotency_key": "t62-msg-2", "chat_external_id": "t62-own", "sender_type": "agent", "sender_id": "user_globex_agent", "body": "Hi"}
  ]$$) -> 'results') x), 'created created created created', 'a Globex ingest key stores agent messages naming any sender id');
select tests.authenticate_as('user_globex_owner', 'b0000000-0000-4000-8000-000000000001');
select is((select agent_name from public.conversations where external_customer_id = 't62-probe'), 'Support',
  'the conversation does not learn the first name of another organization''s user');
select is((select agent_name from public.conversations where external_customer_id = 't62-own'), 'Gina',
  'a member of the organization is named (positive control)');

-- the widget: a conversation on a Globex website with an agent message "from" Acme's admin (Grace)
select tests.authenticate_as_anon();
insert into tok select 'g', public.widget_start_session('wk_globex_main', 'https://globex.com');
select tests.clear_authentication();
insert into public.messages (organization_id, conversation_id, sender_type, sender_id, body)
select 'b0000000-0000-4000-8000-000000000001', (r ->> 'conversation_id')::uuid, 'agent', 'user_acme_admin', 'Hello from somewhere'
from tok where name = 'g';
select tests.authenticate_as_anon();
select is((select public.widget_messages(r ->> 'session_token') #>> '{conversation,agent_name}' from tok where name = 'g'), 'Support',
  'the widget shows no outsider''s name for the conversation');
select tests.clear_authentication();
update public.conversations set agent_name = null where id = (select (r ->> 'conversation_id')::uuid from tok where name = 'g');
select tests.authenticate_as_anon();
select is((select public.widget_messages(r ->> 'session_token') #>> '{messages,0,agent_name}' from tok where name = 'g'), 'Support',
  'nor for the message when the conversation has no agent name');
select tests.clear_authentication();
insert into public.messages (organization_id, conversation_id, sender_type, sender_id, body, created_at)
select 'b0000000-0000-4000-8000-000000000001', (r ->> 'conversation_id')::uuid, 'agent', 'user_globex_agent', 'Gina here', now() + interval '1 second'
from tok where name = 'g';
update public.conversations set agent_name = null where id = (select (r ->> 'conversation_id')::uuid from tok where name = 'g');
select tests.authenticate_as_anon();
select is((select public.widget_messages(r ->> 'session_token') #>> '{messages,1,agent_name}' from tok where name = 'g'), 'Gina',
  'a member''s message carries their first name (positive control)');

-- the helper itself
select tests.clear_authentication();
select is(private.member_first_name('b0000000-0000-4000-8000-000000000001', 'user_acme_owner'), null,
  'member_first_name is null for a user outside the organization');
select is(private.member_first_name('b0000000-0000-4000-8000-000000000001', 'user_consultant'), 'Casey',
  'and names a member of several organizations in each of them');

select * from finish();
rollback;
