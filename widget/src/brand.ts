// The website's brand colour on the widget, kept readable whatever colour an admin picks: text on
// the brand colour is black or white, whichever contrasts more (at least 4.5:1 for any colour),
// and the colour is used for text on white (links, focus rings) only when it meets WCAG AA there.

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrast(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

export const DEFAULT_BRAND = '#1c7ed6';

export interface BrandColors {
  /** backgrounds: the launcher, the header, the visitor's bubbles, buttons */
  brand: string;
  /** text and icons on `brand` */
  on: string;
  /** the brand as text on the widget's white and near-white surfaces (links, focus rings) */
  ink: string;
}

export function brandColors(color: string | null | undefined): BrandColors {
  const brand = color && /^#[0-9a-f]{6}$/i.test(color) ? color.toLowerCase() : DEFAULT_BRAND;
  const on = contrast(brand, '#ffffff') >= contrast(brand, '#000000') ? '#ffffff' : '#000000';
  // 4.6 rather than 4.5: the log's background is a shade darker than white
  const ink = contrast(brand, '#ffffff') >= 4.6 ? brand : '#1f2937';
  return { brand, on, ink };
}
