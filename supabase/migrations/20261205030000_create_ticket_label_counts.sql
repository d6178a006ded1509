-- The tickets list filters by label like the inbox does, and shows each label's count next to the
-- filter. The count is one grouped scan in Postgres through the member's own token (security
-- invoker: RLS on labels, ticket_labels and tickets scopes it to the active organization), not a
-- count per label from the app.

create function public.ticket_label_counts()
returns table (label_id uuid, name text, color text, tickets bigint)
language sql
stable
security invoker
set search_path = ''
as $$
  select l.id, l.name, l.color,
    (select count(*) from public.ticket_labels tl
       join public.tickets t on t.id = tl.ticket_id and t.organization_id = tl.organization_id
     where tl.organization_id = l.organization_id and tl.label_id = l.id)
  from public.labels l
  order by lower(l.name)
$$;
comment on function public.ticket_label_counts() is
  'Tickets list: per label of the caller''s organization, the tickets carrying it, whatever their status (RLS applies).';
revoke all on function public.ticket_label_counts() from public, anon;
grant execute on function public.ticket_label_counts() to authenticated;
