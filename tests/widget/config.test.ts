import { describe, expect, it, vi } from 'vitest';
import { readConfig } from '@/widget/src/config';
import { emailError, messageError, nameError } from '@/widget/src/validate';

const tag = (attrs: Record<string, string>) => (name: string) => attrs[name] ?? null;
const BASE = 'http://127.0.0.1:54321/functions/v1';

describe('the embedding script tag', () => {
  it('gives the website key and the injected functions URL', () => {
    expect(readConfig(tag({ 'data-website-id': 'wk_acme_main' }), `${BASE}/`)).toEqual({ websiteKey: 'wk_acme_main', functionsUrl: BASE });
  });

  it('passes a verified identity only when both id and hash are there', () => {
    const full = readConfig(
      tag({ 'data-website-id': 'wk_acme_main', 'data-user-id': 'cust_1', 'data-user-hash': 'ab'.repeat(32), 'data-user-email': 'a@b.co' }),
      BASE,
    );
    expect(full?.identity).toEqual({ external_id: 'cust_1', hmac: 'ab'.repeat(32), email: 'a@b.co' });
    expect(readConfig(tag({ 'data-website-id': 'wk_acme_main', 'data-user-id': 'cust_1' }), BASE)?.identity).toBeUndefined();
  });

  it('refuses a missing key, or a bundle served without its functions URL, with a console hint', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(readConfig(tag({}), BASE)).toBeNull();
    expect(readConfig(tag({ 'data-website-id': 'wk_acme_main' }))).toBeNull();
    expect(readConfig(tag({ 'data-website-id': 'wk_acme_main', 'data-functions-url': 'https://cdn.example/functions/v1' }))?.functionsUrl).toBe(
      'https://cdn.example/functions/v1',
    );
    expect(error).toHaveBeenCalledTimes(2);
    error.mockRestore();
  });
});

describe('form and composer checks', () => {
  it('asks for an email that looks like one', () => {
    expect(emailError('')).toMatch(/Enter your email/);
    expect(emailError('not-an-email')).toMatch(/valid email/);
    expect(emailError('a@b')).toMatch(/valid email/);
    expect(emailError(' jane@example.com ')).toBeNull();
  });

  it('limits names to 120 and messages to 4000 characters', () => {
    expect(nameError('x'.repeat(121))).not.toBeNull();
    expect(nameError('')).toBeNull();
    expect(messageError('x'.repeat(4000))).toBeNull();
    expect(messageError('x'.repeat(4001))).toMatch(/4000/);
  });
});
