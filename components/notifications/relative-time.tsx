'use client';

import { useEffect, useState } from 'react';
import { age, dateTime } from '@/lib/dashboard/format';

const TICK_MS = 30_000;

/**
 * "3m ago", computed in the browser after hydration (and every 30 s): the server's clock and the
 * moment of hydration differ, so text derived from "now" rendered during hydration would not match
 * (React error #418). Until then it shows nothing; the title holds the absolute UTC time.
 */
export function RelativeTime({ iso }: { iso: string }) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const update = () => setNow(Date.now());
    update();
    const id = setInterval(update, TICK_MS);
    return () => clearInterval(id);
  }, []);
  return (
    <time dateTime={iso} title={dateTime(iso)}>
      {now === null ? '' : `${age(iso, now)} ago`}
    </time>
  );
}
