import type { ReactNode } from 'react';

export function Callout({
  tone,
  title,
  children,
}: {
  tone: 'error' | 'warning' | 'info';
  title: string;
  children: ReactNode;
}) {
  return (
    <div className={`callout callout--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <p className="callout__title">{title}</p>
      <div className="callout__body">{children}</div>
    </div>
  );
}
