import { beforeAll, expect, it } from 'vitest';
import { appUrl } from '../helpers/app';

/** The product's front page, served by `next dev` against the test stack. */
let app: string;
beforeAll(async () => {
  app = await appUrl();
});

it('says what Concierge is and links to sign-in and the two demo sites', async () => {
  const res = await fetch(`${app}/`);
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('AI customer conversations for every organization');
  expect(html).toContain('href="/sign-in"');
  expect(html).toContain('href="/demo/acme"');
  expect(html).toContain('href="/demo/globex"');
  expect(html).toContain('href="/sign-up"');
});

it('offers the seeded demo users on the local sign-in page', async () => {
  const res = await fetch(`${app}/sign-in`);
  expect(res.status).toBe(200);
  const html = await res.text();
  for (const name of ['Ada Lovelace', 'Alan Turing', 'Vera Rubin', 'Casey Jones']) expect(html).toContain(name);
});
