-- The tickets page shows a count per status. Four `count=exact` requests each scanned the
-- organization's whole index (bench/ANALYSIS.md, "Dashboard"); one grouped scan answers all four.
-- security invoker: the tickets policy decides what is counted, like any other read.

create function public.ticket_status_counts()
returns table (status public.ticket_status, tickets bigint)
language sql
stable
security invoker
set search_path = ''
as $$
  select t.status, count(*)
  from public.tickets t
  group by t.status
$$;
comment on function public.ticket_status_counts() is
  'Tickets per status in the active organization (RLS applies: other organizations count nothing).';

revoke all on function public.ticket_status_counts() from public, anon;
grant execute on function public.ticket_status_counts() to authenticated;
