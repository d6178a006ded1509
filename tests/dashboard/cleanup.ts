import { ACME } from '../helpers/seed';
import { sql } from '../helpers/stack';

/**
 * Puts the seed back after tests that sign people up or escalate chats: the pgTAP files that
 * share the database count the seeded users, organizations and ticket numbers.
 */
export async function deleteUsers(userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  // their personal organizations first (they own nothing else), then invitations to their emails
  await sql(
    `delete from public.organizations o where o.kind = 'personal'
       and exists (select 1 from public.organization_members m where m.organization_id = o.id and m.user_id = any($1))`,
    [userIds],
  );
  await sql('delete from public.invitations where email in (select email from public.users where id = any($1))', [userIds]);
  await sql('delete from public.users where id = any($1)', [userIds]);
}

/** Removes a conversation the test created (with its ticket, messages, session and visitor). */
export async function deleteConversation(conversationId: string): Promise<void> {
  const [row] = await sql<{ visitor_id: string | null }>('select visitor_id from public.conversations where id = $1', [conversationId]);
  await sql('delete from public.tickets where conversation_id = $1', [conversationId]);
  await sql('delete from public.conversations where id = $1', [conversationId]);
  if (row?.visitor_id) await sql('delete from public.visitors where id = $1', [row.visitor_id]);
  // the next ticket number follows the highest remaining one again
  await sql(
    'update public.organizations set ticket_seq = coalesce((select max(number) from public.tickets where organization_id = $1), 0) where id = $1',
    [ACME.id],
  );
}
