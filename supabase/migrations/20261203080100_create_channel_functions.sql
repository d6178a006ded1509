-- The channel functions. Connecting, receiving webhooks and sending the outbox are server work
-- (Edge Functions with the service role, each listed in SECURITY.md); disconnecting is an admin's
-- RPC. Every token goes in and out through here, sealed with the key the caller passes.

-- The key must be a real secret: a short one would make the ciphertext guessable.
create function private.channel_check_key(p_key text) returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_key is null or char_length(p_key) < 32 then
    raise exception 'the channel token key must be at least 32 characters' using errcode = '22023';
  end if;
end
$$;
revoke all on function private.channel_check_key(text) from public, anon, authenticated;

-- Connect (or reconnect) a page / OA for an organization on behalf of one of its admins, with the
-- token the platform gave for it. A page connected by another organization is refused (23505):
-- the unique index holds the claim, so two connects racing cannot both win.
create function public.channel_connect(p_organization uuid, p_user text, p_platform public.integration_platform,
  p_external_id text, p_display_name text, p_access_token text, p_refresh_token text,
  p_token_expires_at timestamptz, p_refresh_expires_at timestamptz, p_key text) returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform private.channel_check_key(p_key);
  if not exists (select 1 from public.organization_members m
                 where m.organization_id = p_organization and m.user_id = p_user and m.role >= 'admin') then
    raise exception 'only admins and owners connect channels' using errcode = '42501';
  end if;
  if p_access_token is null or p_access_token = '' then
    raise exception 'an access token is required' using errcode = '22023';
  end if;
  insert into public.integrations as i (organization_id, platform, external_id, display_name, connected_by)
  values (p_organization, p_platform, p_external_id, p_display_name, p_user)
  on conflict (organization_id, platform, external_id) do update
    set display_name = excluded.display_name, status = 'active', status_reason = null,
        connected_by = excluded.connected_by, connected_at = now(), disconnected_at = null
  returning i.id into v_id;
  insert into private.integration_secrets as s (integration_id, organization_id, access_token, refresh_token,
    token_expires_at, refresh_expires_at)
  values (v_id, p_organization,
    extensions.pgp_sym_encrypt(p_access_token, p_key, 'cipher-algo=aes256'),
    case when p_refresh_token is not null then extensions.pgp_sym_encrypt(p_refresh_token, p_key, 'cipher-algo=aes256') end,
    p_token_expires_at, p_refresh_expires_at)
  on conflict (integration_id, organization_id) do update
    set access_token = excluded.access_token, refresh_token = excluded.refresh_token,
        token_expires_at = excluded.token_expires_at, refresh_expires_at = excluded.refresh_expires_at, updated_at = now();
  return v_id;
end
$$;
comment on function public.channel_connect(uuid, text, public.integration_platform, text, text, text, text, timestamptz, timestamptz, text) is
  'Service role: connects a page / OA for an admin of the organization and seals its tokens; 23505 if another organization holds it.';
revoke all on function public.channel_connect(uuid, text, public.integration_platform, text, text, text, text, timestamptz, timestamptz, text)
  from public, anon, authenticated;
grant execute on function public.channel_connect(uuid, text, public.integration_platform, text, text, text, text, timestamptz, timestamptz, text)
  to service_role;

-- New tokens after a refresh (Zalo's refresh token is single-use, so both are replaced), or the
-- refresh failed: the integration needs reconnecting and its admins see why.
create function public.channel_store_tokens(p_integration uuid, p_access_token text, p_refresh_token text,
  p_token_expires_at timestamptz, p_refresh_expires_at timestamptz, p_key text) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.channel_check_key(p_key);
  update private.integration_secrets
  set access_token = extensions.pgp_sym_encrypt(p_access_token, p_key, 'cipher-algo=aes256'),
      refresh_token = case when p_refresh_token is not null then extensions.pgp_sym_encrypt(p_refresh_token, p_key, 'cipher-algo=aes256') end,
      token_expires_at = p_token_expires_at, refresh_expires_at = p_refresh_expires_at, updated_at = now()
  where integration_id = p_integration;
end
$$;
revoke all on function public.channel_store_tokens(uuid, text, text, timestamptz, timestamptz, text) from public, anon, authenticated;
grant execute on function public.channel_store_tokens(uuid, text, text, timestamptz, timestamptz, text) to service_role;

create function public.channel_needs_reconnect(p_integration uuid, p_reason text) returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.integrations
  set status = 'needs_reconnect', status_reason = pg_catalog.left(p_reason, 500)
  where id = p_integration and status = 'active';
end
$$;
revoke all on function public.channel_needs_reconnect(uuid, text) from public, anon, authenticated;
grant execute on function public.channel_needs_reconnect(uuid, text) to service_role;

-- The sender's view of an integration's tokens, opened with the key.
create function public.channel_credentials(p_integration uuid, p_key text)
returns table (access_token text, refresh_token text, token_expires_at timestamptz, refresh_expires_at timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.channel_check_key(p_key);
  return query
    select extensions.pgp_sym_decrypt(s.access_token, p_key),
           case when s.refresh_token is not null then extensions.pgp_sym_decrypt(s.refresh_token, p_key) end,
           s.token_expires_at, s.refresh_expires_at
    from private.integration_secrets s
    join public.integrations i on i.id = s.integration_id and i.organization_id = s.organization_id
    where s.integration_id = p_integration and i.status <> 'disconnected';
end
$$;
revoke all on function public.channel_credentials(uuid, text) from public, anon, authenticated;
grant execute on function public.channel_credentials(uuid, text) to service_role;

-- Zalo tokens that expire within p_within: the refresher renews them before they lapse.
create function public.channel_expiring_tokens(p_within interval) returns table (integration_id uuid, platform public.integration_platform)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return query
    select i.id, i.platform from public.integrations i
    join private.integration_secrets s on s.integration_id = i.id and s.organization_id = i.organization_id
    where i.status = 'active' and s.refresh_token is not null and s.token_expires_at < now() + p_within;
end
$$;
revoke all on function public.channel_expiring_tokens(interval) from public, anon, authenticated;
grant execute on function public.channel_expiring_tokens(interval) to service_role;

-- Disconnect: an admin of the organization; the tokens are destroyed, the row stays for audit and
-- the page / OA may be connected again (by this organization or another).
create function public.disconnect_integration(p_integration uuid) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_org uuid := private.org_with_role('admin');
begin
  update public.integrations
  set status = 'disconnected', status_reason = null, disconnected_at = now()
  where id = p_integration and organization_id = v_org;
  if not found then
    raise exception 'no such channel in your organization' using errcode = 'P0002';
  end if;
  delete from private.integration_secrets where integration_id = p_integration and organization_id = v_org;
end
$$;
revoke all on function public.disconnect_integration(uuid) from public, anon;
grant execute on function public.disconnect_integration(uuid) to authenticated;

-- The conversation of a channel customer, created on their first message with its visitor.
create function private.channel_conversation(p_org uuid, p_integration uuid, p_platform public.integration_platform,
  p_page text, p_customer text) returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_conversation uuid;
  v_visitor uuid;
begin
  select c.id into v_conversation from public.conversations c
  where c.organization_id = p_org and c.integration_id = p_integration and c.external_customer_id = p_customer;
  if v_conversation is not null then
    return v_conversation;
  end if;
  insert into public.visitors as v (organization_id, external_id, metadata)
  values (p_org, p_platform || ':' || p_page || ':' || p_customer,
          pg_catalog.jsonb_build_object('platform', p_platform, 'platform_user_id', p_customer))
  on conflict (organization_id, external_id) do update set last_seen_at = now()
  returning v.id into v_visitor;
  insert into public.conversations as c (organization_id, integration_id, channel, external_customer_id, visitor_id)
  values (p_org, p_integration, p_platform::text, p_customer, v_visitor)
  on conflict (organization_id, integration_id, external_customer_id) do nothing
  returning c.id into v_conversation;
  if v_conversation is null then
    select c.id into v_conversation from public.conversations c
    where c.organization_id = p_org and c.integration_id = p_integration and c.external_customer_id = p_customer;
  end if;
  return v_conversation;
end
$$;
revoke all on function private.channel_conversation(uuid, uuid, public.integration_platform, text, text)
  from public, anon, authenticated;

-- A webhook's events for one page / OA, normalized by its Edge Function:
--   {kind: 'message', customer, mid, text, attachments: [{type, url, name}], echo, at}
--   {kind: 'delivered' | 'read', customer, mids: [...], watermark}   (our outbound messages)
--   {kind: 'follow' | 'unfollow', customer, at}
-- Routed by (platform, page id) to the one organization holding it; an unknown page stores
-- nothing. A message whose platform id is already stored is skipped (a redelivery), in a
-- subtransaction, so its message row and every trigger's write are undone with it. A customer
-- message moves the conversation like a widget message; with the AI off for this channel it goes
-- straight to the team's queue.
create function public.channel_receive(p_platform public.integration_platform, p_page text, p_events jsonb) returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_integration public.integrations;
  v_event jsonb;
  v_conversation uuid;
  v_message uuid;
  v_body text;
  v_stored integer := 0;
  v_duplicates integer := 0;
  v_updated integer := 0;
  v_n integer;
  v_conversations uuid[] := '{}';
begin
  if pg_catalog.jsonb_typeof(p_events) <> 'array' then
    raise exception 'events must be an array' using errcode = '22023';
  end if;
  select * into v_integration from public.integrations i
  where i.platform = p_platform and i.external_id = p_page and i.status <> 'disconnected';
  if v_integration.id is null then
    return pg_catalog.jsonb_build_object('routed', false, 'stored', 0);
  end if;
  update public.integrations set last_event_at = now() where id = v_integration.id;

  for v_event in select e from pg_catalog.jsonb_array_elements(p_events) e loop
    case v_event ->> 'kind'
    when 'message' then
      v_body := coalesce(nullif(pg_catalog.btrim(v_event ->> 'text'), ''),
        (select pg_catalog.string_agg('[' || coalesce(a ->> 'type', 'file') || '] ' || coalesce(a ->> 'name', a ->> 'url', ''), E'\n')
         from pg_catalog.jsonb_array_elements(coalesce(v_event -> 'attachments', '[]')) a),
        '[message]');
      v_conversation := private.channel_conversation(v_integration.organization_id, v_integration.id, p_platform, p_page,
        v_event ->> 'customer');
      begin
        perform pg_catalog.set_config('concierge.channel_inbound', 'on', true);
        insert into public.messages (organization_id, conversation_id, sender_type, body, metadata)
        values (v_integration.organization_id, v_conversation,
          case when (v_event ->> 'echo')::boolean then 'agent'::public.sender_type else 'visitor'::public.sender_type end,
          pg_catalog.left(v_body, 20000),
          pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('platform', p_platform,
            'attachments', v_event -> 'attachments', 'echo', (v_event ->> 'echo')::boolean, 'platform_at', v_event ->> 'at')))
        returning id into v_message;
        insert into public.channel_messages (message_id, organization_id, integration_id, conversation_id, direction,
          platform_message_id, status)
        values (v_message, v_integration.organization_id, v_integration.id, v_conversation, 'in', v_event ->> 'mid', 'received');
        perform pg_catalog.set_config('concierge.channel_inbound', '', true);
        v_stored := v_stored + 1;
        v_conversations := v_conversations || v_conversation;
        if not v_integration.ai_enabled and not coalesce((v_event ->> 'echo')::boolean, false) then
          perform private.move_conversation(v_integration.organization_id, v_conversation, 'waiting_for_agent',
            pg_catalog.jsonb_build_object('type', 'system', 'via', 'escalate'), array['bot']::public.conversation_state[]);
        end if;
      exception when unique_violation then
        perform pg_catalog.set_config('concierge.channel_inbound', '', true);
        v_duplicates := v_duplicates + 1;
      end;
    when 'delivered', 'read' then
      update public.channel_messages cm
      set status = case when v_event ->> 'kind' = 'read' then 'read'::public.channel_delivery_status
                        when cm.status = 'read' then cm.status else 'delivered'::public.channel_delivery_status end,
          delivered_at = coalesce(cm.delivered_at, now()),
          read_at = case when v_event ->> 'kind' = 'read' then coalesce(cm.read_at, now()) else cm.read_at end
      from public.conversations c
      where c.id = cm.conversation_id and c.organization_id = cm.organization_id
        and cm.organization_id = v_integration.organization_id and cm.integration_id = v_integration.id
        and cm.direction = 'out' and cm.status in ('sent', 'delivered')
        and c.external_customer_id = v_event ->> 'customer'
        and (cm.platform_message_id in (select pg_catalog.jsonb_array_elements_text(coalesce(v_event -> 'mids', '[]')))
             or (v_event ? 'watermark' and cm.sent_at <= pg_catalog.to_timestamp((v_event ->> 'watermark')::double precision / 1000)));
      get diagnostics v_n = row_count;
      v_updated := v_updated + v_n;
    when 'follow', 'unfollow' then
      insert into public.visitors as v (organization_id, external_id, metadata)
      values (v_integration.organization_id, p_platform || ':' || p_page || ':' || (v_event ->> 'customer'),
              pg_catalog.jsonb_build_object('platform', p_platform, 'platform_user_id', v_event ->> 'customer',
                'following', v_event ->> 'kind' = 'follow'))
      on conflict (organization_id, external_id) do update
        set metadata = v.metadata || pg_catalog.jsonb_build_object('following', v_event ->> 'kind' = 'follow'), last_seen_at = now();
      v_updated := v_updated + 1;
    else
      raise exception 'unknown event kind %', v_event ->> 'kind' using errcode = '22023';
    end case;
  end loop;
  return pg_catalog.jsonb_build_object('routed', true, 'stored', v_stored, 'duplicates', v_duplicates, 'updated', v_updated,
    'ai_enabled', v_integration.ai_enabled, 'conversations', pg_catalog.to_jsonb(v_conversations));
end
$$;
comment on function public.channel_receive(public.integration_platform, text, jsonb) is
  'Service role (facebook-webhook, zalo-webhook): stores a page / OA''s normalized events in the organization holding it, once per platform message id.';
revoke all on function public.channel_receive(public.integration_platform, text, jsonb) from public, anon, authenticated;
grant execute on function public.channel_receive(public.integration_platform, text, jsonb) to service_role;

-- The sender claims due outbox rows (a lease of two minutes: a crashed sender's rows come back),
-- with what it needs to send them and to pick the platform's window rule.
create function public.channel_outbox_claim(p_limit integer) returns table (
  message_id uuid, organization_id uuid, integration_id uuid, platform public.integration_platform, page_id text,
  customer_id text, body text, sender_type public.sender_type, last_customer_message_at timestamptz, attempts integer)
language plpgsql
security definer
set search_path = ''
as $$
begin
  return query
    with due as (
      select cm.message_id, cm.organization_id from public.channel_messages cm
      where cm.direction = 'out'
        and ((cm.status = 'pending' and cm.next_attempt_at <= now()) or (cm.status = 'sending' and cm.locked_until < now()))
      order by cm.next_attempt_at
      limit least(greatest(p_limit, 1), 100)
      for update skip locked
    ), claimed as (
      update public.channel_messages cm
      set status = 'sending', attempts = cm.attempts + 1, locked_until = now() + interval '2 minutes'
      from due where cm.message_id = due.message_id and cm.organization_id = due.organization_id
      returning cm.*
    )
    select c.message_id, c.organization_id, c.integration_id, i.platform, i.external_id, v.external_customer_id,
           m.body, m.sender_type,
           (select max(x.created_at) from public.messages x
            where x.conversation_id = c.conversation_id and x.organization_id = c.organization_id and x.sender_type = 'visitor'),
           c.attempts
    from claimed c
    join public.integrations i on i.id = c.integration_id and i.organization_id = c.organization_id
    join public.conversations v on v.id = c.conversation_id and v.organization_id = c.organization_id
    join public.messages m on m.id = c.message_id and m.organization_id = c.organization_id;
end
$$;
revoke all on function public.channel_outbox_claim(integer) from public, anon, authenticated;
grant execute on function public.channel_outbox_claim(integer) to service_role;

-- The outcome of one attempt: sent (with the platform's message id), or failed with the
-- platform's error, retried with backoff (30 s, 2 min, 8 min, 32 min) unless p_retry is false
-- (an error that a retry cannot fix: window closed, token expired) or five attempts are spent.
create function public.channel_outbox_mark(p_message uuid, p_sent boolean, p_platform_message_id text,
  p_error_code text, p_error_message text, p_retry boolean) returns public.channel_delivery_status
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_status public.channel_delivery_status;
begin
  update public.channel_messages cm
  set status = case when p_sent then 'sent'
                    when p_retry and cm.attempts < 5 then 'pending'
                    else 'failed' end::public.channel_delivery_status,
      platform_message_id = case when p_sent then p_platform_message_id else cm.platform_message_id end,
      sent_at = case when p_sent then now() else cm.sent_at end,
      error_code = case when p_sent then null else pg_catalog.left(p_error_code, 100) end,
      error_message = case when p_sent then null else pg_catalog.left(p_error_message, 1000) end,
      next_attempt_at = case when not p_sent and p_retry
                             then now() + pg_catalog.make_interval(secs => 30 * pg_catalog.power(4, cm.attempts - 1)) end,
      locked_until = null
  where cm.message_id = p_message and cm.direction = 'out' and cm.status = 'sending'
  returning cm.status into v_status;
  return v_status;
end
$$;
revoke all on function public.channel_outbox_mark(uuid, boolean, text, text, text, boolean) from public, anon, authenticated;
grant execute on function public.channel_outbox_mark(uuid, boolean, text, text, text, boolean) to service_role;
