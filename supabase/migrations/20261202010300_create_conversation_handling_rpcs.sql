-- What an agent does to a conversation's state from the dashboard: take it over from the
-- assistant, hand it back, resolve it. Security definer, because members cannot write the state
-- columns; each checks that the caller is an agent (or above) of the conversation's organization,
-- their active one, exactly as the update policy of conversations would. Viewers are refused.
set local lock_timeout = '5s';

-- The caller as a transition actor, or an error when they may not work the conversation.
create function private.conversation_agent(p_conversation uuid) returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  org uuid := (select private.org_with_role('agent'));
  sub text := (select auth.jwt() ->> 'sub');
begin
  if org is null or not exists (select 1 from public.conversations c where c.id = p_conversation and c.organization_id = org) then
    raise exception 'only an agent of the conversation''s organization may do this' using errcode = '42501';
  end if;
  return jsonb_build_object('type', 'agent', 'id', sub, 'name', coalesce(private.member_first_name(org, sub), 'An agent'),
    'org', org);
end
$$;
comment on function private.conversation_agent(uuid) is
  'The signed-in agent (or above) of the conversation''s active organization as a transition actor; raises 42501 otherwise.';
revoke all on function private.conversation_agent(uuid) from public, anon, authenticated;

-- Take over: an agent answers instead of the assistant, before any escalation. The conversation
-- goes to with_agent and to the agent's queue (assignee, when nobody has it yet).
create function public.take_over_conversation(p_conversation_id uuid) returns public.conversation_state
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor jsonb := private.conversation_agent(p_conversation_id);
  org uuid := (actor ->> 'org')::uuid;
begin
  if not private.move_conversation(org, p_conversation_id, 'with_agent', actor || '{"via": "take_over"}', '{bot}') then
    raise exception 'only a conversation with the assistant can be taken over' using errcode = '55000';
  end if;
  update public.conversations
  set assignee_id = coalesce(assignee_id, actor ->> 'id')
  where id = p_conversation_id and organization_id = org;
  return 'with_agent';
end
$$;
comment on function public.take_over_conversation(uuid) is
  'Agents: takes a conversation from the assistant (bot -> with_agent) and assigns it to the caller if unassigned. 55000 if not with the assistant.';

-- Hand back: the assistant answers the visitor again.
create function public.hand_back_conversation(p_conversation_id uuid) returns public.conversation_state
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor jsonb := private.conversation_agent(p_conversation_id);
begin
  if not private.move_conversation((actor ->> 'org')::uuid, p_conversation_id, 'bot', actor || '{"via": "hand_back"}',
      '{waiting_for_agent,with_agent,needs_reply}') then
    raise exception 'only a conversation with the team can be handed back to the assistant' using errcode = '55000';
  end if;
  return 'bot';
end
$$;
comment on function public.hand_back_conversation(uuid) is
  'Agents: gives a conversation the team has back to the assistant (-> bot). 55000 if it is not with the team.';

-- Resolve: the conversation and its ticket are done; the customer writing again reopens them.
create function public.resolve_conversation(p_conversation_id uuid) returns public.conversation_state
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor jsonb := private.conversation_agent(p_conversation_id);
begin
  if not private.move_conversation((actor ->> 'org')::uuid, p_conversation_id, 'resolved', actor || '{"via": "resolve"}') then
    raise exception 'the conversation is already resolved' using errcode = '55000';
  end if;
  return 'resolved';
end
$$;
comment on function public.resolve_conversation(uuid) is
  'Agents: resolves a conversation and its ticket (-> resolved). 55000 if already resolved.';

revoke all on function public.take_over_conversation(uuid), public.hand_back_conversation(uuid),
  public.resolve_conversation(uuid) from public, anon;
grant execute on function public.take_over_conversation(uuid), public.hand_back_conversation(uuid),
  public.resolve_conversation(uuid) to authenticated;
