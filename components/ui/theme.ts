import { createTheme, DEFAULT_THEME, type MantineColorsTuple } from '@mantine/core';

/**
 * A default palette with a darker last shade. Shade 9 is what filled badges and buttons put white
 * text on (primaryShade 9) and the text colour of every light badge, button and active NavLink
 * (on shade 1). Mantine's own shade 9 of these colours is under the 4.5:1 WCAG AA asks of text
 * there (axe colour-contrast: orange 3.6:1, teal 4.3:1, green 3.8:1, yellow 2.7:1 on shade 1;
 * white on yellow-9 3.0:1); the darkened shades reach at least 4.8:1 on shade 1 and on white.
 */
function darkerLast(name: 'teal' | 'green' | 'lime' | 'yellow' | 'orange' | 'red', shade9: string): MantineColorsTuple {
  const shades = [...(DEFAULT_THEME.colors[name] as MantineColorsTuple)];
  shades[9] = shade9;
  return shades as unknown as MantineColorsTuple;
}

/**
 * The product's Mantine theme: the brand teal, system fonts, roomy radius. Shade 9 for filled
 * colours and links (white on teal-8 is 3.9:1, under the 4.5:1 WCAG AA asks of text), with the
 * darker shade 9 above. Dimmed text: globals.css.
 */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  colors: {
    teal: darkerLast('teal', '#077252'),
    green: darkerLast('green', '#247434'),
    lime: darkerLast('lime', '#4a760a'),
    yellow: darkerLast('yellow', '#a35400'),
    orange: darkerLast('orange', '#b03a0c'),
    red: darkerLast('red', '#b32525'),
  },
  defaultRadius: 'md',
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
});
