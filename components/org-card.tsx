export interface OrgCardProps {
  name: string;
  slug: string;
  ticketPrefix: string;
  active?: boolean;
}

export function OrgCard({ name, slug, ticketPrefix, active = false }: OrgCardProps) {
  return (
    <li className="org-card" data-active={active || undefined}>
      <div className="org-card__avatar" aria-hidden="true">
        {name.trim().charAt(0).toUpperCase() || '?'}
      </div>
      <div className="org-card__body">
        <p className="org-card__name">
          {name}
          {active && <span className="badge">active</span>}
        </p>
        <p className="org-card__meta">
          <code>/{slug}</code> · tickets <code>{ticketPrefix}-001</code>
        </p>
      </div>
    </li>
  );
}
