import { Badge } from '@mantine/core';

export function ArticleStatusBadge({ published }: { published: boolean }) {
  return (
    <Badge color={published ? 'teal' : 'gray'} variant="light" data-testid="article-status">
      {published ? 'Published' : 'Draft'}
    </Badge>
  );
}
