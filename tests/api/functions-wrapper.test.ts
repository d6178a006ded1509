import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionsUrl, nextIp } from '../helpers/widget';

/**
 * Every Edge Function goes through one wrapper (supabase/functions/_shared/handler.ts): the same
 * preflight, the same method check before anything else (credentials, limits, body), and errors
 * in the documented shape { error: { code, message } } with CORS headers.
 */

const dir = path.join(process.cwd(), 'supabase/functions');
const functions = readdirSync(dir).filter((name) => !name.startsWith('_') && statSync(path.join(dir, name, 'index.ts'), { throwIfNoEntry: false }));

describe('Edge Function wrapper', () => {
  it('finds the functions', () => {
    expect(functions).toEqual(expect.arrayContaining(['chat', 'health', 'ingest', 'verify-domain', 'widget-session']));
  });

  it.each(functions)('%s answers a preflight with 204 and CORS headers', async (name) => {
    const res = await fetch(`${functionsUrl}/${name}`, { method: 'OPTIONS', headers: { 'x-forwarded-for': nextIp('203.0.113') } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('content-type');
  });

  it.each(functions)('%s refuses a method it does not serve with 405 in the error shape, before credentials', async (name) => {
    const res = await fetch(`${functionsUrl}/${name}`, { method: 'PUT', headers: { 'x-forwarded-for': nextIp('203.0.113') } });
    expect(res.status).toBe(405);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toEqual({ error: { code: 'method_not_allowed', message: expect.stringMatching(/^Use (GET|POST)/) } });
  });
});
