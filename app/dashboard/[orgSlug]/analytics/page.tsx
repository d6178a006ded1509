import { Grid, GridCol, Stack } from '@mantine/core';
import type { Metadata } from 'next';
import { CategoryChart, DailyChart } from '@/components/analytics/charts';
import { ConversionsForm } from '@/components/analytics/conversions-form';
import { CsatSection } from '@/components/analytics/csat-section';
import { DataTable } from '@/components/analytics/data-table';
import { KpiGrid } from '@/components/analytics/kpis';
import { RangePicker } from '@/components/analytics/range-picker';
import { Section } from '@/components/analytics/section';
import { SlaSection } from '@/components/analytics/sla-section';
import { SummariesForm } from '@/components/analytics/summaries-card';
import { PageHeader } from '@/components/dashboard/page-header';
import { getOrgContext } from '@/lib/dashboard/context';
import { stringParam } from '@/lib/dashboard/format';
import { analyticsRange, conversionsOf, getAnalytics, type ExportName } from '@/lib/data/analytics';
import { listMembers } from '@/lib/data/members';
import { listWebsiteOptions } from '@/lib/data/websites';
import { displayName } from '@/lib/dashboard/format';
import { getLabelCounts } from '@/lib/data/labels';
import { slaAnalytics } from '@/lib/data/sla';
import { escalationReasonLabel, TICKET_STATUSES } from '@/lib/validation';

export const metadata: Metadata = { title: 'Analytics' };

type SearchParams = Record<string, string | string[] | undefined>;

const COLORS = {
  conversations: 'var(--mantine-color-teal-7)',
  messages: 'var(--mantine-color-blue-6)',
  visitor: 'var(--mantine-color-gray-6)',
  ai: 'var(--mantine-color-teal-5)',
  agent: 'var(--mantine-color-orange-6)',
  other: 'var(--mantine-color-grape-5)',
};
const STATUS_COLORS = {
  open: 'var(--mantine-color-blue-6)',
  pending: 'var(--mantine-color-yellow-6)',
  resolved: 'var(--mantine-color-green-6)',
  closed: 'var(--mantine-color-gray-6)',
};

/** The organization's analytics for a date range: charts, the tables behind them, CSV exports. */
export default async function AnalyticsPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<SearchParams> }) {
  const ctx = await getOrgContext((await params).orgSlug);
  const sp = await searchParams;
  const range = analyticsRange({ from: stringParam(sp.from), to: stringParam(sp.to), tz: stringParam(sp.tz) });
  const [a, members, websites, labelCounts, sla] = await Promise.all([
    getAnalytics(ctx.supabase, range),
    listMembers(ctx.supabase, { organizationId: ctx.org.id }),
    listWebsiteOptions(ctx.supabase),
    getLabelCounts(ctx.supabase, { from: range.fromIso, to: range.toIso }),
    slaAnalytics(ctx.supabase, { from: range.fromIso, to: range.toIso }),
  ]);
  const labels = labelCounts.map((l) => ({ label: l.name, conversations: Number(l.conversations), tickets: Number(l.tickets) }));
  const s = a.summary;
  const qs = new URLSearchParams({ from: range.from, to: range.to, tz: range.tz });
  const csv = (name: ExportName) => `/dashboard/${ctx.org.slug}/analytics/export?${qs}&dataset=${name}`;

  // tickets: one row per website, a column per status
  const byWebsite = new Map<string, Record<string, string | number>>();
  for (const t of a.tickets) {
    const name = t.website_name ?? 'No website';
    const row = byWebsite.get(name) ?? { website: name, open: 0, pending: 0, resolved: 0, closed: 0, total: 0 };
    row[t.status] = Number(row[t.status]) + Number(t.tickets);
    row.total = Number(row.total) + Number(t.tickets);
    byWebsite.set(name, row);
  }
  const tickets = [...byWebsite.values()];
  const agentNames = new Map(members.map((m) => [m.user_id, displayName(m.user)]));
  const websiteNames = new Map(websites.map((w) => [w.id, w.name]));
  // readable reasons on the page (the CSV keeps the codes)
  const reasons = a.reasons.map((r) => ({ ...r, reason: escalationReasonLabel(r.reason) }));
  const conversionsText = conversionsOf(ctx.org.settings)
    .map((c) => `${c.name}: ${c.from} -> ${c.to}`)
    .join('\n');

  return (
    <Stack gap="md">
      <PageHeader
        title="Analytics"
        description={`${ctx.org.name}, ${range.from} to ${range.to} (${range.tz}).`}
        actions={<RangePicker from={range.from} to={range.to} tz={range.tz} hasTz={sp.tz !== undefined} />}
      />
      <KpiGrid
        items={[
          { label: 'Conversations', value: s.conversations, hint: `${s.engaged} with a visitor message` },
          { label: 'Messages', value: s.messages, hint: `${s.ai_messages} by the AI, ${s.agent_messages} by agents` },
          { label: 'AI deflection', value: s.deflection_rate, format: 'percent', hint: `${s.ai_deflected} answered without a person` },
          { label: 'Escalation rate', value: s.escalation_rate, format: 'percent', hint: `${s.escalated} handed to a person` },
          { label: 'First response', value: s.median_first_response_seconds, format: 'duration', hint: 'median' },
          { label: 'Resolution time', value: s.median_resolution_seconds, format: 'duration', hint: `median of ${s.resolved} resolved` },
          { label: 'New visitors', value: s.new_visitors },
          { label: 'Active visitors', value: s.active_visitors },
          { label: 'Events', value: s.events },
          { label: 'Tickets', value: s.tickets, hint: 'opened in the range' },
        ]}
      />
      <Section title="Conversations and messages" description="Conversations started and messages sent per day." csvHref={csv('daily')}>
        <DailyChart
          label="Conversations and messages per day"
          data={a.daily}
          series={[
            { key: 'conversations', label: 'Conversations', color: COLORS.conversations },
            { key: 'messages', label: 'Messages', color: COLORS.messages },
          ]}
        />
        <DailyChart
          label="Messages per day by sender"
          kind="stacked"
          height={200}
          data={a.daily}
          series={[
            { key: 'visitor_messages', label: 'Visitor', color: COLORS.visitor },
            { key: 'ai_messages', label: 'AI', color: COLORS.ai },
            { key: 'agent_messages', label: 'Agent', color: COLORS.agent },
          ]}
        />
        <DataTable
          label="Conversations and messages per day"
          rows={a.daily}
          columns={[
            { key: 'day', label: 'Day', format: 'text' },
            { key: 'conversations', label: 'Conversations' },
            { key: 'ai_deflected', label: 'AI only' },
            { key: 'escalated', label: 'Escalated' },
            { key: 'messages', label: 'Messages' },
            { key: 'visitor_messages', label: 'Visitor' },
            { key: 'ai_messages', label: 'AI' },
            { key: 'agent_messages', label: 'Agent' },
          ]}
        />
      </Section>
      <Grid gap="md">
        <GridCol span={{ base: 12, lg: 6 }}>
          <Section
            title="Escalation reasons"
            description="Why conversations started in the range went to a person."
            csvHref={csv('escalation_reasons')}
          >
            <CategoryChart
              label="Escalations by reason"
              data={reasons}
              category="reason"
              series={[{ key: 'conversations', label: 'Conversations', color: COLORS.agent }]}
            />
            <DataTable
              label="Escalations by reason"
              rows={reasons}
              columns={[
                { key: 'reason', label: 'Reason', format: 'text' },
                { key: 'conversations', label: 'Conversations' },
              ]}
            />
          </Section>
        </GridCol>
        <GridCol span={{ base: 12, lg: 6 }}>
          <Section title="Tickets by website and status" description="Tickets opened in the range." csvHref={csv('tickets')}>
            <CategoryChart
              label="Tickets by website and status"
              data={tickets}
              category="website"
              series={TICKET_STATUSES.map((k) => ({ key: k, label: k, color: STATUS_COLORS[k] }))}
            />
            <DataTable
              label="Tickets by website and status"
              rows={tickets}
              columns={[
                { key: 'website', label: 'Website', format: 'text' },
                { key: 'open', label: 'Open' },
                { key: 'pending', label: 'Pending' },
                { key: 'resolved', label: 'Resolved' },
                { key: 'closed', label: 'Closed' },
                { key: 'total', label: 'Total' },
              ]}
            />
          </Section>
        </GridCol>
      </Grid>
      {labels.length > 0 && (
        <Section title="Labels" description="Conversations and tickets started in the range, by the labels they carry.">
          <DataTable
            label="Conversations and tickets by label"
            rows={labels}
            columns={[
              { key: 'label', label: 'Label', format: 'text' },
              { key: 'conversations', label: 'Conversations' },
              { key: 'tickets', label: 'Tickets' },
            ]}
          />
        </Section>
      )}
      <CsatSection csat={a.csat} agentNames={agentNames} websiteNames={websiteNames} />
      <SlaSection rows={sla} />
      <Section
        title="Visitor activity"
        description="New visitors, and visitors who chatted, sent an event or read an article, per day."
        csvHref={csv('daily')}
      >
        <DailyChart
          label="New and active visitors per day"
          data={a.daily}
          series={[
            { key: 'new_visitors', label: 'New', color: COLORS.conversations },
            { key: 'active_visitors', label: 'Active', color: COLORS.messages },
            { key: 'events', label: 'Events', color: COLORS.other },
          ]}
        />
        <DataTable
          label="Visitors per day"
          rows={a.daily}
          columns={[
            { key: 'day', label: 'Day', format: 'text' },
            { key: 'new_visitors', label: 'New' },
            { key: 'active_visitors', label: 'Active' },
            { key: 'events', label: 'Events' },
          ]}
        />
      </Section>
      <Grid gap="md">
        <GridCol span={{ base: 12, lg: 6 }}>
          <Section title="Events" description="Custom events by name." csvHref={csv('events')}>
            <CategoryChart
              label="Events by name"
              data={a.events}
              category="name"
              series={[{ key: 'events', label: 'Events', color: COLORS.other }]}
            />
            <DataTable
              label="Events by name"
              rows={a.events}
              columns={[
                { key: 'name', label: 'Event', format: 'text' },
                { key: 'events', label: 'Count' },
                { key: 'visitors', label: 'Visitors' },
              ]}
            />
          </Section>
        </GridCol>
        <GridCol span={{ base: 12, lg: 6 }}>
          <Section title="Conversion rates" description="Visitors with the first event who then had the second." csvHref={csv('conversions')}>
            <CategoryChart
              label="Conversion rate by funnel"
              data={a.conversions}
              category="name"
              percent
              series={[{ key: 'rate', label: 'Rate', color: COLORS.conversations }]}
            />
            <DataTable
              label="Conversion rates"
              rows={a.conversions}
              columns={[
                { key: 'name', label: 'Conversion', format: 'text' },
                { key: 'from_event', label: 'From', format: 'text' },
                { key: 'to_event', label: 'To', format: 'text' },
                { key: 'started', label: 'Started' },
                { key: 'converted', label: 'Converted' },
                { key: 'rate', label: 'Rate', format: 'percent' },
              ]}
            />
            {ctx.can.manage && <ConversionsForm orgSlug={ctx.org.slug} value={conversionsText} />}
          </Section>
        </GridCol>
      </Grid>
      <Section title="Top articles" description="Articles viewed by visitors and cited in answers." csvHref={csv('articles')}>
        <CategoryChart
          label="Top articles"
          data={a.articles}
          category="title"
          series={[
            { key: 'views', label: 'Views', color: COLORS.messages },
            { key: 'mentions', label: 'Mentions', color: COLORS.conversations },
          ]}
        />
        <DataTable
          label="Top articles"
          rows={a.articles}
          columns={[
            { key: 'title', label: 'Article', format: 'text' },
            { key: 'views', label: 'Views' },
            { key: 'mentions', label: 'Mentions' },
            { key: 'clicks', label: 'Clicks' },
          ]}
        />
      </Section>
      <Section
        title="Answer quality by article"
        description="Articles the assistant cited, with the visitors' thumbs and the answers after which they asked for a person: the ones to fix are on top."
      >
        <DataTable
          label="Answer quality by article"
          rows={a.quality}
          columns={[
            { key: 'title', label: 'Article', format: 'text' },
            { key: 'answers', label: 'Answers' },
            { key: 'thumbs_up', label: 'Helpful' },
            { key: 'thumbs_down', label: 'Not helpful' },
            { key: 'escalations', label: 'Then escalated' },
          ]}
        />
      </Section>
      {ctx.can.manage && (
        <Section title="Conversation summaries">
          <SummariesForm orgSlug={ctx.org.slug} />
        </Section>
      )}
    </Stack>
  );
}
