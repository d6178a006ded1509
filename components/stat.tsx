export function Stat({ label, value }: { label: string; value: number | string }) {
  return (
    <div className="stat">
      <p className="stat__value">{typeof value === 'number' ? value.toLocaleString('en-US') : value}</p>
      <p className="stat__label">{label}</p>
    </div>
  );
}
