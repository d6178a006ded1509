import { Container, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { BrandMark } from '@/components/ui/brand';
import { AnchorLink } from '@/components/ui/links';

/** The frame of the sign-in and sign-up pages. */
export function AuthCard({ title, subtitle, children, footer }: { title: string; subtitle?: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <Container size={460} py={40}>
      <Stack gap="lg">
        <BrandMark />
        <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md" component="main">
          <Title order={1} size="h2" mb={4}>
            {title}
          </Title>
          {subtitle && (
            <Text c="dimmed" size="sm" mb="lg">
              {subtitle}
            </Text>
          )}
          {children}
        </Paper>
        {footer && (
          <Text size="sm" ta="center" c="dimmed">
            {footer}
          </Text>
        )}
      </Stack>
    </Container>
  );
}

/** Underlined: inside the footer's dimmed sentence, colour alone does not tell the link apart (axe link-in-text-block). */
export function AuthLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <AnchorLink href={href} underline="always">
      {children}
    </AnchorLink>
  );
}
