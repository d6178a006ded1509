import { Skeleton, Stack } from '@mantine/core';

/** Inside the dashboard frame while a page reads its data. */
export default function OrgLoading() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading">
      <Skeleton height={28} width="40%" />
      <Skeleton height={16} width="60%" />
      <Skeleton height={220} />
    </Stack>
  );
}
