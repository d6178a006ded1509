-- csat.received webhooks (issue 17): every new rating, from the widget or from a rating email,
-- enqueues the event in the transaction that stores it, like the other webhook triggers
-- (20261204090000). An AFTER INSERT trigger on the table rather than a call in each writer, so a
-- future writer cannot forget it. The payload keeps the outbox's rule (ids, no visitor text): the
-- score is sent, the comment only as a flag; a receiver reads the comment through the API.
create function private.webhook_on_csat() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.webhook_enqueue(new.organization_id, 'csat.received',
    pg_catalog.jsonb_build_object('rating_id', new.id, 'conversation_id', new.conversation_id,
      'resolution_id', new.resolution_id, 'website_id', new.website_id, 'agent_id', new.agent_id,
      'rating', new.rating, 'has_comment', new.comment is not null));
  return null;
end
$$;
revoke all on function private.webhook_on_csat() from public, anon, authenticated;

create trigger csat_ratings_webhook_received after insert on public.csat_ratings
  for each row execute function private.webhook_on_csat();
