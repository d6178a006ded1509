import type { Client } from '@/lib/supabase/types';

/** The active organization's websites with total and open (open + pending) ticket counts. */
export async function listWebsites(client: Client) {
  const { data } = await client
    .from('websites')
    .select(
      'id, domain, name, public_key, allowed_origins, created_at, brand_color, widget_position, launcher_icon, avatar_url, greeting, input_placeholder, widget_language, tickets(count), open_tickets:tickets(count), refused:website_refused_origins(origin, refusals, last_seen_at)',
    )
    .in('open_tickets.status', ['open', 'pending'])
    .order('name')
    .limit(200)
    .throwOnError();
  return data.map(({ tickets, open_tickets, refused, ...website }) => ({
    ...website,
    ticketCount: tickets[0]?.count ?? 0,
    openTicketCount: open_tickets[0]?.count ?? 0,
    // widget sessions refused for an origin the website does not list (one added since is no news)
    refusedOrigins: refused
      .filter((r) => !website.allowed_origins.some((o) => o.toLowerCase() === r.origin))
      .sort((a, b) => b.last_seen_at.localeCompare(a.last_seen_at)),
  }));
}

export type WebsiteRow = Awaited<ReturnType<typeof listWebsites>>[number];

/** Id and name of every website, for filters. */
export async function listWebsiteOptions(client: Client) {
  const { data } = await client.from('websites').select('id, name, domain').order('name').limit(200).throwOnError();
  return data;
}

/** The widget's look and language; undefined leaves a column as it is (null clears a text). */
export interface WebsiteAppearance {
  brandColor?: string;
  widgetPosition?: 'left' | 'right';
  launcherIcon?: 'chat' | 'help' | 'message';
  avatarUrl?: string | null;
  greeting?: string | null;
  inputPlaceholder?: string | null;
  widgetLanguage?: 'en' | 'vi' | 'fr' | 'es' | 'de' | null;
}

export interface WebsiteInput extends WebsiteAppearance {
  name: string;
  domain: string;
  allowedOrigins: string[];
}

function appearanceColumns(a: WebsiteAppearance) {
  const columns = {
    brand_color: a.brandColor,
    widget_position: a.widgetPosition,
    launcher_icon: a.launcherIcon,
    avatar_url: a.avatarUrl,
    greeting: a.greeting,
    input_placeholder: a.inputPlaceholder,
    widget_language: a.widgetLanguage,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined)) as Partial<typeof columns>;
}

/** Adds a website; the database issues its widget key (members can neither choose nor change one). */
export async function createWebsite(client: Client, args: WebsiteInput & { organizationId: string }) {
  const { data } = await client
    .from('websites')
    .insert({
      organization_id: args.organizationId,
      name: args.name,
      domain: args.domain,
      allowed_origins: args.allowedOrigins,
      ...appearanceColumns(args),
    })
    .select('id, public_key')
    .single()
    .throwOnError();
  return data;
}

/** Returns how many rows RLS let through (0 or 1). */
export async function updateWebsite(client: Client, args: WebsiteInput & { id: string }) {
  const { data } = await client
    .from('websites')
    .update({ name: args.name, domain: args.domain, allowed_origins: args.allowedOrigins, ...appearanceColumns(args) })
    .eq('id', args.id)
    .select('id')
    .throwOnError();
  return data.length;
}

export async function deleteWebsite(client: Client, args: { id: string }) {
  const { data } = await client.from('websites').delete().eq('id', args.id).select('id').throwOnError();
  return data.length;
}

/** Adds one origin to a website's allowed origins (kept once); returns how many rows RLS let through. */
export async function allowWebsiteOrigin(client: Client, args: { id: string; origin: string }) {
  const { data: site } = await client.from('websites').select('allowed_origins').eq('id', args.id).maybeSingle().throwOnError();
  if (!site) return 0;
  if (site.allowed_origins.includes(args.origin)) return 1;
  const { data } = await client
    .from('websites')
    .update({ allowed_origins: [...site.allowed_origins, args.origin] })
    .eq('id', args.id)
    .select('id')
    .throwOnError();
  return data.length;
}

/** The websites a demo page can run the widget of, oldest first (the onboarding's first website leads). */
export async function listDemoWebsites(client: Client) {
  const { data } = await client
    .from('websites')
    .select('id, name, domain, public_key, allowed_origins, brand_color')
    .order('created_at')
    .order('id')
    .limit(200)
    .throwOnError();
  return data;
}
