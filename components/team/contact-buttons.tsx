'use client';

import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';

/**
 * Email and LinkedIn buttons of a colleague: the click goes through the one click endpoint
 * (records it on the member's saved contact) and then opens the link it answers.
 */
export function ContactButtons({
  orgSlug,
  profileId,
  name,
  hasEmail,
  hasLinkedin,
  sessionId,
  reason,
}: {
  orgSlug: string;
  profileId: string;
  name: string;
  hasEmail: boolean;
  hasLinkedin: boolean;
  sessionId?: string | null;
  reason?: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const open = async (kind: 'email' | 'linkedin') => {
    setError(null);
    const res = await fetch(`/dashboard/${orgSlug}/team/contacts/click`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ profileId, kind, sessionId: sessionId ?? null, reason: reason ?? '' }),
    });
    const body = (await res.json().catch(() => null)) as { href?: string; error?: { message: string } } | null;
    if (!res.ok || !body?.href) {
      setError(body?.error?.message ?? 'The link could not be opened. Try again.');
      return;
    }
    if (kind === 'email') window.location.href = body.href;
    else window.open(body.href, '_blank', 'noopener,noreferrer');
  };
  if (!hasEmail && !hasLinkedin) return null;
  return (
    <div>
      <Group gap="xs">
        {hasEmail && (
          <Button size="xs" variant="light" onClick={() => void open('email')} aria-label={`Email ${name}`}>
            Email
          </Button>
        )}
        {hasLinkedin && (
          <Button size="xs" variant="light" onClick={() => void open('linkedin')} aria-label={`${name} on LinkedIn`}>
            LinkedIn
          </Button>
        )}
      </Group>
      {error && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
    </div>
  );
}
