'use client';

import { Button, Group, TextInput } from '@mantine/core';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect } from 'react';

const DAY = 86_400_000;
const PRESETS = [7, 30, 90, 365] as const;

function today(tz: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function shift(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/**
 * The date range (calendar days in the viewer's time zone) as URL search params, so a range can be
 * bookmarked and the server renders it. Without a tz param, the browser's zone is filled in once.
 */
export function RangePicker({ from, to, tz, hasTz }: { from: string; to: string; tz: string; hasTz: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const go = (next: { from: string; to: string; tz: string }) => router.push(`${pathname}?${new URLSearchParams(next)}`);

  useEffect(() => {
    if (hasTz) return;
    const browserTz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (browserTz && browserTz !== tz) router.replace(`${pathname}?${new URLSearchParams({ from, to, tz: browserTz })}`);
  }, [hasTz, tz, from, to, pathname, router]);

  return (
    <form method="get" action={pathname} aria-label="Date range">
      <Group gap="xs" align="flex-end" wrap="wrap">
        <input type="hidden" name="tz" value={tz} />
        <TextInput type="date" name="from" label="From" defaultValue={from} key={`from-${from}`} size="xs" required />
        <TextInput type="date" name="to" label="To" defaultValue={to} key={`to-${to}`} size="xs" required />
        <Button type="submit" size="xs" variant="default">
          Apply
        </Button>
        <Group gap={4}>
          {PRESETS.map((days) => (
            <Button key={days} size="xs" variant="subtle" onClick={() => go({ from: shift(today(tz), 1 - days), to: today(tz), tz })}>
              {days === 365 ? '1 year' : `${days} days`}
            </Button>
          ))}
        </Group>
      </Group>
    </form>
  );
}
