import { describe, expect, it } from 'vitest';
import { catalogues as widgetCatalogues, LANGUAGES as WIDGET_LANGUAGES } from '@/widget/src/i18n';
import { catalogues, type Key, LANGUAGES, say } from '../../supabase/functions/_shared/i18n';

/**
 * The server catalogue (supabase/functions/_shared/i18n.ts): the fixed sentences the chat function
 * writes, per language. (The reply builders in _shared/ai/intent.ts import it with Deno's .ts
 * paths, which this project's tsc refuses; tests/api/chat.test.ts checks them through the function.)
 */
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const keys = Object.keys(catalogues.en) as Key[];

describe('the server catalogue', () => {
  it('speaks exactly the widget languages', () => {
    expect([...LANGUAGES]).toEqual([...WIDGET_LANGUAGES]);
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every key, translated, with the same placeholders as English', (language) => {
    const other = catalogues[language];
    expect(Object.keys(other).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(other[key].trim(), `${language}.${key}`).not.toBe('');
      expect(other[key], `${language}.${key} is still English`).not.toBe(catalogues.en[key]);
      expect(placeholders(other[key]), `${language}.${key}`).toEqual(placeholders(catalogues.en[key]));
    }
  });

  it.each(LANGUAGES)("%s quotes the widget's own button label and team notice", (language) => {
    expect(catalogues[language].talkToHuman).toBe(widgetCatalogues[language].talkToHuman);
    expect(catalogues[language].teamHasIt).toBe(widgetCatalogues[language].teamHasIt);
  });

  it('falls back to English without a language, and keeps the English sentences as they were', () => {
    expect(say(undefined, 'teamHasIt')).toBe('The team has this conversation; they will reply here.');
    expect(say(undefined, 'offerPerson', { why: say(undefined, 'whyUnsure') })).toBe(
      'I\'m not sure I can answer that from our help center. Would you like to talk to a person? Choose "Talk to a human" and leave your email.',
    );
    expect(say(undefined, 'passingNow', { why: say(undefined, 'whyUpset') })).toBe(
      "I'm sorry this has been frustrating. I'm passing your question to a person from our team: they will reply here and by email.",
    );
    expect(say(undefined, 'channelPassing', { why: say(undefined, 'channelWhyBudget') })).toBe(
      "I can't answer more questions right now. I'm passing your message to a person from our team: they will reply here.",
    );
    expect(say(undefined, 'greeting', { name: 'Ada' })).toBe("Hello! I'm Ada. Ask me anything about our products, orders or your account.");
  });

  it.each(LANGUAGES)('every sentence in %s fills its placeholders, the button label in that language', (language) => {
    for (const key of keys) {
      const text = say(language, key, { name: 'Ada', why: say(language, 'whyRepeated') });
      expect(text, `${language}.${key}`).not.toMatch(/[{}]/);
      if (placeholders(catalogues.en[key]).includes('button')) expect(text).toContain(`${catalogues[language].talkToHuman}`);
    }
    expect(say(language, 'greeting', { name: 'Ada' })).toContain('Ada');
  });
});
