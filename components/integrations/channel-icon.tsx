import { ThemeIcon } from '@mantine/core';

/** The channel's mark (Messenger blue "f", Zalo blue "Z"), labelled for screen readers. */
export function ChannelIcon({ platform, size = 'md' }: { platform: 'facebook' | 'zalo' | string; size?: 'sm' | 'md' }) {
  const facebook = platform === 'facebook';
  if (!facebook && platform !== 'zalo') return null;
  return (
    <ThemeIcon size={size} radius="xl" color={facebook ? '#0866ff' : '#0068ff'} role="img" aria-label={facebook ? 'Facebook Messenger' : 'Zalo'}>
      <span aria-hidden style={{ fontWeight: 700, fontSize: size === 'sm' ? 11 : 14 }}>
        {facebook ? 'f' : 'Z'}
      </span>
    </ThemeIcon>
  );
}
