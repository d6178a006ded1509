import { fc, test } from '@fast-check/vitest';
import { afterEach, describe, expect, it } from 'vitest';
import { brandColors, contrast } from '@/widget/src/brand';
import { catalogues, chooseLanguage, LANGUAGES, setLanguage, t } from '@/widget/src/i18n';
import { emailError } from '@/widget/src/validate';

afterEach(() => setLanguage('en'));

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the widget catalogue', () => {
  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every string, with the same placeholders as English', (language) => {
    const english = catalogues.en;
    const other = catalogues[language];
    expect(Object.keys(other).sort()).toEqual(Object.keys(english).sort());
    for (const key of Object.keys(english) as (keyof typeof english)[]) {
      expect(other[key].trim(), `${language}.${key}`).not.toBe('');
      expect(placeholders(other[key]), `${language}.${key}`).toEqual(placeholders(english[key]));
    }
  });

  it('fills placeholders and switches language for every string, checks included', () => {
    expect(t('isTyping', { name: 'Ada' })).toBe('Ada is typing…');
    setLanguage('vi');
    expect(t('isTyping', { name: 'Ada' })).toBe('Ada đang nhập…');
    expect(emailError('')).toBe(catalogues.vi.emailMissing);
    setLanguage('de');
    expect(t('ticketCreated', { ref: 'ACM-9' })).toContain('ACM-9');
  });
});

describe('the widget language', () => {
  it("is the website's forced language whatever the browser says", () => {
    expect(chooseLanguage('fr', ['de-DE', 'en'])).toBe('fr');
  });

  it("is otherwise the browser's first language the widget speaks, by primary subtag", () => {
    expect(chooseLanguage(null, ['ja-JP', 'es-MX', 'de'])).toBe('es');
    expect(chooseLanguage(null, ['VI-vn'])).toBe('vi');
  });

  it('falls back to English for a language it does not speak or no language at all', () => {
    expect(chooseLanguage(null, ['ja', 'zh-CN'])).toBe('en');
    expect(chooseLanguage(undefined, [])).toBe('en');
    expect(chooseLanguage('xx', ['ja'])).toBe('en');
  });
});

const hexColor = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
  .map((rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`);

describe('the brand colour', () => {
  test.prop([hexColor])('keeps text readable whatever colour an admin picks (WCAG AA, 4.5:1)', (color) => {
    const { brand, on, ink } = brandColors(color);
    expect(brand).toBe(color);
    expect(contrast(brand, on)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(ink, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('uses the default colour when the website sent none or a malformed one', () => {
    expect(brandColors(null).brand).toBe('#1c7ed6');
    expect(brandColors('red;}</style>').brand).toBe('#1c7ed6');
  });
});
