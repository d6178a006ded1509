import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SESSION_COOKIE, signSessionCookie } from '@/lib/auth/session-cookie';
import { config, keys } from './stack';

/**
 * Server actions called over HTTP as the browser calls them: a POST to the page that offers the
 * action, with its id in `Next-Action`, the arguments encoded as React's encodeReply encodes
 * `(prevState, formData)`, and the user's real session cookie. The action runs in the app's own
 * server, so its context (the session, the membership lookup, RLS) is the real one.
 */
const root = path.resolve(import.meta.dirname, '../..');
const distDir = path.join(root, process.env.NEXT_DIST_DIR ?? '.next-test');

interface ManifestEntry {
  filename?: string;
  exportedName?: string;
}

/** Every server-reference manifest under the build dir: one per page in `next dev`, one in a build. */
function manifests(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name === 'server-reference-manifest.json')
    .map((e) => path.join(e.parentPath, e.name));
}

function findActionId(file: string, name: string): string | undefined {
  for (const manifest of manifests(distDir)) {
    const { node } = JSON.parse(readFileSync(manifest, 'utf8')) as { node: Record<string, ManifestEntry> };
    const hit = Object.entries(node).find(([, entry]) => entry.filename === file && entry.exportedName === name);
    if (hit) return hit[0];
  }
  return undefined;
}

export const sessionCookie = async (userId: string) =>
  `${SESSION_COOKIE}=${await signSessionCookie({ privateJwk: keys.sessionPrivateJwk, issuer: config.issuer }, userId)}`;

export interface ActionCall {
  /** the page that offers the action, e.g. /dashboard/acme/members */
  page: string;
  /** the module that exports it, relative to the project root, and its export name */
  file: string;
  name: string;
  fields: Record<string, string | string[]>;
  /** plain arguments (JSON values) for an action not bound to a form; `fields` are then unused */
  args?: unknown[];
  /** a Cookie header value, or none (signed out) */
  cookie?: string;
}

export interface ActionResponse {
  status: number;
  /** the action's return value (its form state) */
  result: Record<string, unknown> | undefined;
  /** where the action redirected to, if it did */
  redirect: string | undefined;
  setCookie: string[];
}

/** Rows of a Flight response: `<hex id>:<json>` lines (text rows do not concern action results). */
function flightRows(body: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of body.split('\n')) {
    const match = /^([0-9a-f]+):(.*)$/.exec(line);
    if (match) rows.set(match[1]!, match[2]!);
  }
  return rows;
}

export async function callAction(app: string, call: ActionCall): Promise<ActionResponse> {
  const headers: Record<string, string> = call.cookie ? { cookie: call.cookie } : {};
  let id = findActionId(call.file, call.name);
  if (!id) {
    // `next dev` compiles a page (and lists its actions) on its first request
    await (await fetch(`${app}${call.page}`, { headers, redirect: 'manual' })).arrayBuffer();
    id = findActionId(call.file, call.name);
  }
  if (!id) throw new Error(`no server action ${call.name} of ${call.file} in ${distDir}`);

  const body = new FormData();
  for (const [key, value] of Object.entries(call.fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(`_1_${key}`, v);
  }
  // encodeReply's root row: the arguments, the form data as part 1
  body.set('0', JSON.stringify(call.args ?? [{ status: 'idle' }, '$K1']));
  const res = await fetch(`${app}${call.page}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, 'next-action': id, origin: app, accept: 'text/x-component' },
    body,
  });
  const text = await res.text();
  const redirect = res.headers.get('x-action-redirect')?.split(';')[0];
  const rows = flightRows(text);
  const head = rows.get('0');
  const ref = head ? (JSON.parse(head) as { a?: unknown }).a : undefined;
  const resultRow = typeof ref === 'string' && ref.startsWith('$@') ? rows.get(ref.slice(2)) : undefined;
  return {
    status: res.status,
    result: resultRow?.startsWith('{') ? (JSON.parse(resultRow) as Record<string, unknown>) : undefined,
    redirect,
    setCookie: res.headers.getSetCookie(),
  };
}
