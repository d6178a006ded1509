import type { Client } from '@/lib/supabase/types';

/** ISO weekdays as business_hours_days numbers them (1 = Monday). */
export const WEEKDAYS = [
  [1, 'Monday'],
  [2, 'Tuesday'],
  [3, 'Wednesday'],
  [4, 'Thursday'],
  [5, 'Friday'],
  [6, 'Saturday'],
  [7, 'Sunday'],
] as const;

/** The active organization's hours: settings (null: never set, always open), weekly windows, holidays. */
export async function getBusinessHours(client: Client) {
  const [settings, days, holidays] = await Promise.all([
    client.from('business_hours').select('enabled, time_zone, offline_message').maybeSingle().throwOnError(),
    client.from('business_hours_days').select('weekday, opens_at, closes_at').order('weekday').throwOnError(),
    client.from('holidays').select('id, day, name').order('day').limit(400).throwOnError(),
  ]);
  return { settings: settings.data, days: days.data, holidays: holidays.data };
}
export type BusinessHours = Awaited<ReturnType<typeof getBusinessHours>>;

export interface TeamHoursStatus {
  open: boolean;
  back_at: string | null;
  time_zone: string;
}

/** "Open now" or when the team is back, computed in Postgres (public.team_hours_status) like the widget's banner. */
export async function getTeamHoursStatus(client: Client): Promise<TeamHoursStatus | null> {
  const { data } = await client.rpc('team_hours_status').throwOnError();
  return data as TeamHoursStatus | null;
}

/** Saves the settings row (created on first save) and replaces the weekly windows. */
export async function saveBusinessHours(
  client: Client,
  args: {
    organizationId: string;
    enabled: boolean;
    timeZone: string;
    offlineMessage: string | null;
    days: { weekday: number; opensAt: string; closesAt: string }[];
  },
) {
  const settings = { enabled: args.enabled, time_zone: args.timeZone, offline_message: args.offlineMessage };
  const { data } = await client
    .from('business_hours')
    .update(settings)
    .eq('organization_id', args.organizationId)
    .select('organization_id')
    .throwOnError();
  if (data.length === 0)
    await client
      .from('business_hours')
      .insert({ organization_id: args.organizationId, ...settings })
      .throwOnError();
  await client.from('business_hours_days').delete().eq('organization_id', args.organizationId).throwOnError();
  if (args.days.length > 0) {
    await client
      .from('business_hours_days')
      .insert(args.days.map((d) => ({ organization_id: args.organizationId, weekday: d.weekday, opens_at: d.opensAt, closes_at: d.closesAt })))
      .throwOnError();
  }
}

export async function addHoliday(client: Client, args: { organizationId: string; day: string; name: string }) {
  await client.from('holidays').insert({ organization_id: args.organizationId, day: args.day, name: args.name }).throwOnError();
}

export async function deleteHoliday(client: Client, args: { id: string }) {
  const { data } = await client.from('holidays').delete().eq('id', args.id).select('id').throwOnError();
  return data.length;
}
