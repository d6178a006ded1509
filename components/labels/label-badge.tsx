import { Badge } from '@mantine/core';

/** A label as a chip: its colour as a dot beside the name, so the text keeps its contrast whatever the colour. */
export function LabelBadge({ name, color, count }: { name: string; color: string; count?: number }) {
  return (
    <Badge
      variant="default"
      tt="none"
      leftSection={<span aria-hidden="true" style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: color }} />}
      data-testid="label-badge"
    >
      {name}
      {count !== undefined ? ` · ${count}` : ''}
    </Badge>
  );
}
