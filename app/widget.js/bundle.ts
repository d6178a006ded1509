import 'server-only';
import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

// The widget bundle that GET /widget.js serves. `npm run build:widget` makes it; when it is
// missing (a fresh clone) or, in development, older than widget/src, the build script runs here
// first, so `npm run dev` serves the current widget without a separate watch process.

const root = process.cwd();
const bundleFile = path.join(root, 'widget/dist/widget.js');
const sourceDir = path.join(root, 'widget/src');
const PLACEHOLDER = '__CONCIERGE_FUNCTIONS_URL__';

async function newestSourceChange(): Promise<number> {
  const names = await readdir(sourceDir, { recursive: true }).catch(() => [] as string[]);
  const times = await Promise.all(names.map((name) => stat(path.join(sourceDir, name)).then((s) => s.mtimeMs)));
  return Math.max(0, ...times);
}

let building: Promise<void> | null = null;

function build(): Promise<void> {
  building ??= promisify(execFile)(path.join(root, 'node_modules/.bin/tsx'), ['scripts/build-widget.ts'], { cwd: root, timeout: 60_000 })
    .then(() => undefined)
    .finally(() => (building = null));
  return building;
}

/** The minified bundle with the placeholder still in it; throws when it cannot be built. */
export async function widgetBundle(): Promise<string> {
  const builtAt = await stat(bundleFile).then((s) => s.mtimeMs, () => null);
  const stale = builtAt === null || (process.env.NODE_ENV === 'development' && (await newestSourceChange()) > builtAt);
  if (stale) await build();
  return readFile(bundleFile, 'utf8');
}

/**
 * Writes the functions URL over the bundle's placeholder. Every character outside a URL-safe set
 * becomes a \uXXXX escape, which means the same inside any JS string literal (quotes, backticks).
 */
export function injectFunctionsUrl(bundle: string, functionsUrl: string): string {
  const escaped = functionsUrl.replace(/[^A-Za-z0-9:/._~%?#=&+-]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return bundle.split(PLACEHOLDER).join(escaped);
}
