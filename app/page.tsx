import { Badge, Card, Container, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { BrandMark } from '@/components/ui/brand';
import { AnchorLink, ButtonLink } from '@/components/ui/links';
import { getSignedInUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

const FEATURES = [
  {
    title: 'An AI concierge on every site',
    body: 'Visitors chat with an assistant that answers from your own articles, cites its sources and knows when it is unsure.',
  },
  {
    title: 'A helpdesk for your team',
    body: 'Unsure answers and requests for a person become tickets (ACM-001) that your team works from one dashboard.',
  },
  {
    title: 'Isolation by the database',
    body: 'Every organization sees only its own data: Postgres row-level security decides, and pgTAP proves it on every test run.',
  },
];

/** The public front page: what Concierge is, the way in for team members, and the live demos. */
export default async function HomePage() {
  const signedIn = await getSignedInUser().catch(() => null);
  return (
    <Container size="md" py="lg">
      <Group justify="space-between" component="header" mb="xl">
        <BrandMark />
        <ButtonLink href={signedIn ? '/dashboard' : '/sign-in'} variant="light">
          {signedIn ? 'Open dashboard' : 'Sign in'}
        </ButtonLink>
      </Group>
      <Stack component="main" gap="xl">
        <Stack gap="sm" maw={640}>
          <Badge variant="light" w="fit-content">
            Native to Supabase
          </Badge>
          <Title order={1}>AI customer conversations for every organization</Title>
          <Text size="lg" c="dimmed">
            Put a chat widget on your sites. An AI concierge answers from your own knowledge base, and hands the conversation to your team as a ticket
            when a person is needed.
          </Text>
        </Stack>
        <Group>
          <ButtonLink href={signedIn ? '/dashboard' : '/sign-in'} size="md">
            {signedIn ? 'Open the dashboard' : 'Sign in to the dashboard'}
          </ButtonLink>
          <ButtonLink href="/demo/acme" size="md" variant="default">
            Try the Acme demo
          </ButtonLink>
          <ButtonLink href="/demo/globex" size="md" variant="default">
            Try the Globex demo
          </ButtonLink>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {FEATURES.map((f) => (
            <Card key={f.title} withBorder padding="lg">
              <Text fw={600} mb={4}>
                {f.title}
              </Text>
              <Text size="sm" c="dimmed">
                {f.body}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          New here? <AnchorLink href="/sign-up">Create an account</AnchorLink> — you land in your company&apos;s organization, or get one of your own.
        </Text>
      </Stack>
    </Container>
  );
}
