import { Grid, GridCol } from '@mantine/core';
import { DataTable } from '@/components/analytics/data-table';
import { Section } from '@/components/analytics/section';
import type { Analytics } from '@/lib/data/analytics';

type CsatRow = Analytics['csat'][number];

const COLUMNS = [
  { key: 'ratings', label: 'Ratings' },
  { key: 'average', label: 'Average (1-5)', format: 'text' as const },
  { key: 'satisfied', label: 'Satisfied (4-5)', format: 'percent' as const },
];

/** Satisfied share of a dimension's ratings (0-1), none without ratings. */
function tableRow(r: CsatRow, name: string) {
  return { name, ratings: r.ratings, average: r.average, satisfied: Number(r.ratings) > 0 ? Number(r.satisfied) / Number(r.ratings) : null };
}

/**
 * Ratings visitors gave after a resolution, in the range: overall in the description, then by
 * agent and by website, named for people (the rows carry ids).
 */
export function CsatSection({
  csat,
  agentNames,
  websiteNames,
}: {
  csat: CsatRow[];
  agentNames: Map<string, string>;
  websiteNames: Map<string, string>;
}) {
  const overall = csat.find((r) => r.dimension === 'all');
  const byAgent = csat.filter((r) => r.dimension === 'agent').map((r) => tableRow(r, r.key ? (agentNames.get(r.key) ?? r.key) : 'Unassigned'));
  const byWebsite = csat
    .filter((r) => r.dimension === 'website')
    .map((r) => tableRow(r, r.key ? (websiteNames.get(r.key) ?? 'Removed website') : 'No website'));
  return (
    <Section
      title="Customer satisfaction"
      description={
        overall
          ? `${overall.ratings} ratings in the range, average ${overall.average} out of 5, ${Math.round((100 * Number(overall.satisfied)) / Number(overall.ratings))}% satisfied (4 or 5).`
          : 'Ratings visitors gave after a resolution, in the range.'
      }
    >
      <Grid gap="md">
        <GridCol span={{ base: 12, lg: 6 }}>
          <DataTable label="CSAT by agent" rows={byAgent} columns={[{ key: 'name', label: 'Agent', format: 'text' }, ...COLUMNS]} />
        </GridCol>
        <GridCol span={{ base: 12, lg: 6 }}>
          <DataTable label="CSAT by website" rows={byWebsite} columns={[{ key: 'name', label: 'Website', format: 'text' }, ...COLUMNS]} />
        </GridCol>
      </Grid>
    </Section>
  );
}
