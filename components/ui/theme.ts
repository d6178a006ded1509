import { createTheme } from '@mantine/core';

/**
 * The product's Mantine theme: the brand teal, system fonts, roomy radius. Shade 9 for filled
 * colours and links: white on teal-8 is 3.9:1, under the 4.5:1 WCAG AA asks of text (axe's
 * colour-contrast rule failed on every dashboard page); teal-9 is 5.0:1. Dimmed text: globals.css.
 */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  defaultRadius: 'md',
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
});
