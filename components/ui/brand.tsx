import { Group, Text, ThemeIcon } from '@mantine/core';
import { AnchorLink } from '@/components/ui/links';

/** The product mark, linking home. */
export function BrandMark({ href = '/' }: { href?: string }) {
  return (
    <AnchorLink href={href} underline="never" c="inherit" aria-label="Concierge home">
      <Group gap={8} wrap="nowrap">
        <ThemeIcon radius="md" size="md" aria-hidden>
          C
        </ThemeIcon>
        <Text fw={650} visibleFrom="xs">
          Concierge
        </Text>
      </Group>
    </AnchorLink>
  );
}
