/**
 * What people paste into a "domain" field is often a URL copied from the address bar
 * (https://shop.example.com/, https://shop.example.com/pricing?x=1). Keep its host (with the port,
 * if any) and let the field's own pattern judge the rest; text that is no URL passes through
 * trimmed and lower-cased, minus a trailing path.
 */
export function cleanHost(input: string): string {
  const text = input.trim().toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text)) {
    try {
      return new URL(text).host;
    } catch {
      return text;
    }
  }
  return text.replace(/[/?#].*$/, '');
}
