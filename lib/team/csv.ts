/**
 * CSV for the team analytics export, written as the analytics export writes it: text that a
 * spreadsheet would run as a formula (= + - @ tab CR) gets a leading quote (profile and member
 * names are member-written), and quotes, commas and line breaks are quoted.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return [columns, ...rows.map((row) => columns.map((c) => row[c]))].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
