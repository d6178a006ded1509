-- Visitors have no JWT, so the widget cannot join a private Realtime channel. It listens instead on
-- a public channel named by this per-conversation secret (topic 'widget:<widget_topic>'): only the
-- visitor's widget (told it through its token-checked RPCs) and the organization's members (who can
-- read the conversation anyway) know it, and what is sent there carries no message content.
set local lock_timeout = '5s';

-- added without a default and then given one, so existing rows are not rewritten under the lock;
-- a v4 uuid's 122 random bits, from a core function every inserting role may call
alter table public.conversations
  add column widget_topic text,
  alter column widget_topic set default replace(gen_random_uuid()::text, '-', '');

update public.conversations set widget_topic = replace(gen_random_uuid()::text, '-', '') where widget_topic is null;

-- pgt-ignore lint/safety/multipleAlterTable: the backfill above has to run between adding the column and constraining it
alter table public.conversations
  add constraint conversations_widget_topic_format
    check (widget_topic is not null and widget_topic ~ '^[0-9a-f]{32}$') not valid;

comment on column public.conversations.widget_topic is
  'Unguessable name of the public Realtime topic that tells the visitor''s widget something changed; never carries content.';
