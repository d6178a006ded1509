import { DataTable } from '@/components/analytics/data-table';
import { Section } from '@/components/analytics/section';
import type { SlaAnalyticsRow } from '@/lib/data/sla';

/**
 * First-response and resolution targets met and breached by the tickets created in the range, per
 * priority; the overall row (priority null) feeds the description. Met shares are 0-1 for the table.
 */
export function SlaSection({ rows }: { rows: SlaAnalyticsRow[] }) {
  const overall = rows.find((r) => r.priority === null);
  const byPriority = rows
    .filter((r) => r.priority !== null)
    .map((r) => ({
      priority: r.priority,
      tickets: r.tickets,
      first_response_breached: r.first_response_breached,
      first_response_met: r.first_response_met_pct === null ? null : Number(r.first_response_met_pct) / 100,
      resolution_breached: r.resolution_breached,
      resolution_met: r.resolution_met_pct === null ? null : Number(r.resolution_met_pct) / 100,
    }));
  return (
    <Section
      title="SLA"
      description={
        overall && Number(overall.tickets) > 0
          ? `Tickets created in the range: first response breached ${overall.first_response_breached} times (${overall.first_response_met_pct ?? '—'}% met), resolution breached ${overall.resolution_breached} times (${overall.resolution_met_pct ?? '—'}% met).`
          : 'First-response and resolution targets met and breached by the tickets created in the range.'
      }
    >
      <DataTable
        label="SLA by priority"
        rows={byPriority}
        columns={[
          { key: 'priority', label: 'Priority', format: 'text' },
          { key: 'tickets', label: 'Tickets' },
          { key: 'first_response_breached', label: 'First response breached' },
          { key: 'first_response_met', label: 'First response met', format: 'percent' },
          { key: 'resolution_breached', label: 'Resolution breached' },
          { key: 'resolution_met', label: 'Resolution met', format: 'percent' },
        ]}
      />
    </Section>
  );
}
