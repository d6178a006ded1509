/**
 * An article slug from its title: lower-case ASCII letters and digits joined by single dashes
 * (accents dropped), at most 120 characters, never starting or ending with a dash. Empty when the
 * title has no letter or digit; the editor then asks for one.
 */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/, '');
}
