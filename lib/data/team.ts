import type { Json } from '@/lib/database.types';
import type { Client } from '@/lib/supabase/types';

/**
 * Team directory queries (issue 15). Every one runs as the signed-in member with the organization
 * active: RLS shows the listed colleagues plus the member's own profile, and their own sessions,
 * messages and saved contacts only. Organization filters here narrow, they do not protect.
 */

const PROFILE_COLUMNS = 'id, user_id, display_name, title, expertise, languages, bio, work_email, linkedin_url, avatar_url, opted_in, hidden_at';

export async function getMyProfile(client: Client, args: { organizationId: string; userId: string }) {
  const { data } = await client
    .from('profiles')
    .select(PROFILE_COLUMNS)
    .eq('organization_id', args.organizationId)
    .eq('user_id', args.userId)
    .maybeSingle()
    .throwOnError();
  return data;
}
export type ProfileRow = NonNullable<Awaited<ReturnType<typeof getMyProfile>>>;

/** The directory: listed profiles, optionally narrowed by text, one expertise tag and one language. */
export async function listDirectory(client: Client, args: { organizationId: string; q?: string; expertise?: string; language?: string }) {
  let query = client
    .from('profiles')
    .select(PROFILE_COLUMNS)
    .eq('organization_id', args.organizationId)
    .eq('opted_in', true)
    .order('display_name')
    .limit(500);
  if (args.expertise) query = query.contains('expertise', [args.expertise]);
  if (args.language) query = query.contains('languages', [args.language]);
  if (args.q) {
    // PostgREST's or() takes a filter string: keep only characters that cannot end a filter
    const term = args.q.replace(/[^\p{L}\p{N} _-]/gu, ' ').trim();
    if (term) query = query.or(`display_name.ilike.*${term}*,title.ilike.*${term}*,bio.ilike.*${term}*`);
  }
  const { data } = await query.throwOnError();
  return data;
}

export async function getProfilesByIds(client: Client, args: { ids: string[] }) {
  if (args.ids.length === 0) return [];
  const { data } = await client.from('profiles').select(PROFILE_COLUMNS).in('id', args.ids).throwOnError();
  return data;
}

export interface ProfileInput {
  display_name: string;
  title: string;
  expertise: string[];
  languages: string[];
  bio: string;
  work_email: string | null;
  linkedin_url: string | null;
  avatar_url: string | null;
  opted_in: boolean;
}

/** Creates or updates the member's own profile in the active organization. */
export async function saveMyProfile(client: Client, args: { organizationId: string; userId: string; profile: ProfileInput }) {
  const existing = await getMyProfile(client, args);
  if (existing) {
    const { data } = await client.from('profiles').update(args.profile).eq('id', existing.id).select('id').throwOnError();
    return data.length;
  }
  const { data } = await client
    .from('profiles')
    .insert({ ...args.profile, organization_id: args.organizationId, user_id: args.userId })
    .select('id')
    .throwOnError();
  return data.length;
}

export async function setProfileHidden(client: Client, args: { profileId: string; hidden: boolean }) {
  const { data } = await client.rpc('set_profile_hidden', { p_profile_id: args.profileId, p_hidden: args.hidden }).throwOnError();
  return data;
}

export async function matchProfiles(client: Client, args: { query: string; limit?: number }) {
  const { data } = await client.rpc('match_profiles', { p_query: args.query, p_limit: args.limit ?? 5 }).throwOnError();
  return data;
}

export async function listSessions(client: Client, args: { organizationId: string; userId: string }) {
  const { data } = await client
    .from('chat_sessions')
    .select('id, title, last_message_at')
    .eq('organization_id', args.organizationId)
    .eq('user_id', args.userId)
    .order('last_message_at', { ascending: false })
    .limit(50)
    .throwOnError();
  return data;
}

export async function getSession(client: Client, args: { id: string }) {
  const { data } = await client.from('chat_sessions').select('id, title, last_message_at').eq('id', args.id).maybeSingle().throwOnError();
  return data;
}

export async function createSession(client: Client, args: { organizationId: string; userId: string; title: string }) {
  const { data } = await client
    .from('chat_sessions')
    .insert({ organization_id: args.organizationId, user_id: args.userId, title: args.title })
    .select('id, title, last_message_at')
    .single()
    .throwOnError();
  return data;
}

export async function touchSession(client: Client, args: { id: string }) {
  await client.from('chat_sessions').update({ last_message_at: new Date().toISOString() }).eq('id', args.id).throwOnError();
}

export async function listSessionMessages(client: Client, args: { sessionId: string }) {
  const { data } = await client
    .from('chat_messages')
    .select('id, role, content, metadata, created_at')
    .eq('session_id', args.sessionId)
    .order('created_at')
    .limit(200)
    .throwOnError();
  return data;
}

export async function addMessage(
  client: Client,
  args: {
    organizationId: string;
    sessionId: string;
    userId: string;
    role: 'user' | 'assistant';
    content: string;
    metadata: { [key: string]: Json | undefined };
  },
) {
  const { data } = await client
    .from('chat_messages')
    .insert({
      organization_id: args.organizationId,
      session_id: args.sessionId,
      user_id: args.userId,
      role: args.role,
      content: args.content,
      metadata: args.metadata,
    })
    .select('id')
    .single()
    .throwOnError();
  return data;
}

export async function saveContact(client: Client, args: { profileId: string; sessionId: string | null; reason: string }) {
  const { data } = await client
    .rpc('save_contact', { p_profile_id: args.profileId, p_session_id: args.sessionId as string, p_reason: args.reason })
    .single()
    .throwOnError();
  return data;
}

export async function recordContactClick(client: Client, args: { savedContactId: string; kind: 'email' | 'linkedin' }) {
  const { data } = await client.rpc('record_contact_click', { p_saved_contact_id: args.savedContactId, p_kind: args.kind }).throwOnError();
  return data;
}

export async function listSavedContacts(client: Client, args: { organizationId: string; userId: string }) {
  const { data } = await client
    .from('saved_contacts')
    .select('id, profile_id, session_id, reason, created_at, email_clicked_at, linkedin_clicked_at')
    .eq('organization_id', args.organizationId)
    .eq('user_id', args.userId)
    .order('created_at', { ascending: false })
    .limit(200)
    .throwOnError();
  return data;
}

export interface TeamAnalytics {
  members: number;
  new_members: number;
  opted_in_profiles: number;
  active_members: number;
  sessions: number;
  saves: number;
  email_clicks: number;
  linkedin_clicks: number;
  members_by_day: { day: string; members: number }[];
  sessions_by_day: { day: string; sessions: number }[];
  most_saved: { profile_id: string; name: string; saves: number; email_clicks: number; linkedin_clicks: number }[];
  most_connected: { user_id: string; name: string; saves: number }[];
}

/** Admins and owners only (the function refuses others with 42501). */
export async function teamAnalytics(client: Client, args: { from: string; to: string }) {
  const { data } = await client.rpc('team_analytics', { p_from: args.from, p_to: args.to }).throwOnError();
  return data as unknown as TeamAnalytics;
}
