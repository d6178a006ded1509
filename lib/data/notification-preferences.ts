import type { MemberRole } from '@/lib/dashboard/roles';
import type { Client } from '@/lib/supabase/types';

/**
 * The signed-in member's email preferences in the active organization (RLS: their own row only).
 * No row means the default, as the escalation trigger reads it: on for agents and above.
 */
export async function getEscalationEmails(client: Client, args: { organizationId: string; userId: string; role: MemberRole }) {
  const { data } = await client
    .from('notification_preferences')
    .select('escalation_emails')
    .eq('organization_id', args.organizationId)
    .eq('user_id', args.userId)
    .maybeSingle()
    .throwOnError();
  return data?.escalation_emails ?? args.role !== 'viewer';
}

/** Update, else insert: only escalation_emails is updatable, so an upsert's full SET is refused. */
export async function setEscalationEmails(client: Client, args: { organizationId: string; userId: string; enabled: boolean }) {
  const { data } = await client
    .from('notification_preferences')
    .update({ escalation_emails: args.enabled })
    .eq('organization_id', args.organizationId)
    .eq('user_id', args.userId)
    .select('user_id')
    .throwOnError();
  if (data.length > 0) return;
  await client
    .from('notification_preferences')
    .insert({ organization_id: args.organizationId, user_id: args.userId, escalation_emails: args.enabled })
    .throwOnError();
}
