-- authenticated kept table-level insert on organizations and insert/delete on users from the
-- original grants, with no policy behind them: row level security refused every such write, but
-- a privilege nobody uses is one policy mistake away from a hole. Organizations are created by
-- the sign-up assignment and users by the identity sync, both definer functions; users leave
-- through membership removal, never by deleting their row.
set local lock_timeout = '5s';

revoke insert on public.organizations from authenticated;
revoke insert, delete on public.users from authenticated;
