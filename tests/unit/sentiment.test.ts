import { describe, expect, it } from 'vitest';
import { detectSentiment } from '../../supabase/functions/_shared/ai/sentiment';

/** The lexicon the chat function uses to hand an upset visitor to a person (reason negative_sentiment). */
describe('negative sentiment detector', () => {
  it.each([
    'This is unacceptable, my order is late',
    'Your bot is useless',
    "I'm fed up with waiting for my refund",
    'That did not help at all',
    "That doesn't help",
    'I hate this checkout',
    'Still broken, I am so frustrated',
    'WHERE IS MY PACKAGE, I ORDERED IT WEEKS AGO',
    'annoyed!!! nothing works',
  ])('flags %j', (message) => {
    expect(detectSentiment(message).negative).toBe(true);
  });

  it.each([
    'How long does shipping take?',
    'Can I return an item?',
    'Not bad, thanks',
    'I ordered the wrong size, can I exchange it?',
    'Is the store open again on Monday?',
    'Hello!',
    'WiFi',
    '',
  ])('leaves %j alone', (message) => {
    expect(detectSentiment(message).negative).toBe(false);
  });

  it('names what it matched', () => {
    expect(detectSentiment('This is terrible and still broken').matched).toEqual(['terrible', 'broken', 'still']);
  });
});
