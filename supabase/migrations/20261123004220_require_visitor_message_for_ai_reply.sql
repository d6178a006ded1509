-- store_ai_reply trusted its caller (the chat function, service role) to name the right
-- conversation and key. It now also requires the key to be the reply key of a visitor message of
-- that conversation (private.ai_reply_key), so a bug or a leaked service key cannot put an "AI"
-- answer into a conversation nobody asked in, and a reply always answers a stored question.
-- Signature, grants and idempotency are unchanged.

create or replace function public.store_ai_reply(p_conversation_id uuid, p_client_msg_id text, p_body text, p_metadata jsonb default '{}')
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  org uuid;
  m record;
  dup boolean := false;
  meta jsonb := coalesce(p_metadata, '{}'::jsonb);
begin
  perform private.widget_check_client_msg_id(p_client_msg_id);
  if p_body is null or btrim(p_body) = '' or char_length(p_body) > 20000 then
    raise exception 'body must be 1 to 20000 characters' using errcode = '22023';
  end if;
  if jsonb_typeof(meta) <> 'object' or octet_length(meta::text) > 32768 then
    raise exception 'metadata must be a JSON object of at most 32 kB' using errcode = '22023';
  end if;
  if meta ? 'confidence' and (jsonb_typeof(meta -> 'confidence') <> 'number'
      or (meta ->> 'confidence')::numeric not between 0 and 1) then
    raise exception 'metadata.confidence must be a number between 0 and 1' using errcode = '22023';
  end if;
  select organization_id into org from public.conversations where id = p_conversation_id;
  if org is null then
    raise exception 'unknown conversation' using errcode = 'P0002';
  end if;
  if not exists (
    select 1 from public.messages v
    where v.organization_id = org and v.conversation_id = p_conversation_id
      and v.sender_type = 'visitor' and private.ai_reply_key(v.client_msg_id) = p_client_msg_id
  ) then
    raise exception 'no visitor message of this conversation has this reply key' using errcode = 'P0002';
  end if;

  insert into public.messages (organization_id, conversation_id, sender_type, sender_id, client_msg_id, body, metadata)
  values (org, p_conversation_id, 'ai', 'ai', p_client_msg_id, p_body, meta)
  on conflict (organization_id, conversation_id, client_msg_id) do nothing
  returning id, created_at, sender_type into m;
  if m.id is null then
    dup := true;
    select id, created_at, sender_type into m from public.messages
    where organization_id = org and conversation_id = p_conversation_id and client_msg_id = p_client_msg_id;
    if m.sender_type <> 'ai' then
      raise exception 'client_msg_id is already used in this conversation' using errcode = '23505';
    end if;
  end if;
  return jsonb_build_object('id', m.id, 'created_at', m.created_at, 'duplicate', dup);
end
$$;
comment on function public.store_ai_reply(uuid, text, text, jsonb) is
  'Service role only (AI job): store the AI reply to a visitor message of the conversation under its reply key '
  '(private.ai_reply_key of the visitor''s client_msg_id), idempotent. Returns {id, created_at, duplicate}. '
  'Errors: 22023 bad argument, P0002 unknown conversation or no visitor message with that reply key, 23505 key used by another sender.';
