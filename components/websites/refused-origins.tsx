import { Alert, List, ListItem, Text } from '@mantine/core';
import { age, dateTime } from '@/lib/dashboard/format';

export interface RefusedOrigin {
  origin: string;
  refusals: number;
  last_seen_at: string;
}

/**
 * Pages on origins the website does not allow tried to open the chat: their visitors see no
 * widget, so the admin hears it here (usually a forgotten www. or staging host). A server
 * component: Mantine's compound members (List.Item) are undefined here, hence ListItem.
 */
export function RefusedOrigins({ origins, canManage }: { origins: RefusedOrigin[]; canManage: boolean }) {
  return (
    <Alert color="orange" variant="light" mt="sm" title="Chat refused on unlisted origins" data-testid="refused-origins">
      <List size="sm" spacing={2}>
        {origins.map((r) => (
          <ListItem key={r.origin}>
            <Text span size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
              {r.origin}
            </Text>{' '}
            <Text span size="sm" title={dateTime(r.last_seen_at)}>
              · {r.refusals} {r.refusals === 1 ? 'time' : 'times'}, last {age(r.last_seen_at)} ago
            </Text>
          </ListItem>
        ))}
      </List>
      <Text size="sm" mt={4}>
        {canManage
          ? 'If these pages are yours, add their origins to the allowed origins (Edit); otherwise someone copied your snippet.'
          : 'An admin can add them to the allowed origins if they are yours.'}
      </Text>
    </Alert>
  );
}
