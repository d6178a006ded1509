import { beforeAll, expect, it } from 'vitest';
import { appUrl } from '../helpers/app';
import { ACME } from '../helpers/seed';
import { sql } from '../helpers/stack';

/** The product's first page, served by `next dev` against the test stack, reads through PostgREST. */
let app: string;
beforeAll(async () => {
  app = await appUrl();
});

it("shows the demo owner's organization and ticket count, read through the stack", async () => {
  const res = await fetch(`${app}/`);
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).toContain('Ada Lovelace');
  expect(html).toContain('Acme Corp');
  expect(html).not.toContain('Globex');
  const [acme] = await sql<{ n: number }>('select count(*)::int as n from public.tickets where organization_id = $1', [ACME.id]);
  expect(html).toContain(`<p class="stat__value">${acme?.n}</p><p class="stat__label">tickets visible to you`);
});
