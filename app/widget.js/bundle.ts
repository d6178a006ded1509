import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

// The widget bundle that GET /widget.js serves. `npm run build` (and `build:widget`) makes it;
// `npm run dev` builds it and rebuilds it on every change in widget/src. A request never builds:
// it reads the file as it is, so a server without a bundle answers 503 instead of running a build.

const bundleFile = path.join(process.cwd(), 'widget/dist/widget.js');
const PLACEHOLDER = '__CONCIERGE_FUNCTIONS_URL__';

/** The minified bundle with the placeholder still in it, or null when it has not been built. */
export async function widgetBundle(): Promise<string | null> {
  try {
    return await readFile(bundleFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Writes the functions URL over the bundle's placeholder. Every character outside a URL-safe set
 * becomes a \uXXXX escape, which means the same inside any JS string literal (quotes, backticks).
 */
export function injectFunctionsUrl(bundle: string, functionsUrl: string): string {
  const escaped = functionsUrl.replace(/[^A-Za-z0-9:/._~%?#=&+-]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return bundle.split(PLACEHOLDER).join(escaped);
}
