import { Skeleton, Stack } from '@mantine/core';

/**
 * Inside the dashboard frame while a list page reads its data; each list segment's loading.tsx
 * re-exports it. Detail pages (the `(detail)` route group) have no loading boundary on purpose:
 * a page inside one streams its 200 before it knows whether the ticket or conversation exists, so
 * its notFound() could not answer 404. Without one, a missing record is a real 404. The same holds
 * for admin-only pages (the `(admin)` route group): their forbidden() answers a real 403.
 */
export default function PageLoading() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading">
      <Skeleton height={28} width="40%" />
      <Skeleton height={16} width="60%" />
      <Skeleton height={220} />
    </Stack>
  );
}
