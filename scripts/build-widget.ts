import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, context, type BuildOptions } from 'esbuild';

/**
 * `npm run build:widget`: widget/src → widget/dist/widget.js, one minified IIFE for ES2019
 * browsers (it runs on customers' pages, next to their own scripts). app/widget.js/route.ts
 * serves it with the functions URL filled in. Fails when the gzipped size passes the budget.
 */
const root = path.resolve(import.meta.dirname, '..');
export const WIDGET_SOURCE_DIR = path.join(root, 'widget/src');
export const WIDGET_BUNDLE = path.join(root, 'widget/dist/widget.js');
export const GZIP_BUDGET_BYTES = 30 * 1024;

export interface WidgetBuild {
  file: string;
  rawBytes: number;
  gzipBytes: number;
}

const options: BuildOptions = {
  entryPoints: [path.join(WIDGET_SOURCE_DIR, 'index.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2019',
  platform: 'browser',
  legalComments: 'none',
  charset: 'utf8',
  write: false,
  logLevel: 'silent',
};

function writeBundle(code: Uint8Array | undefined): WidgetBuild {
  if (!code) throw new Error('esbuild produced no output');
  mkdirSync(path.dirname(WIDGET_BUNDLE), { recursive: true });
  // Write then rename, so the app never serves a half-written bundle.
  const temp = `${WIDGET_BUNDLE}.${process.pid}.tmp`;
  writeFileSync(temp, code);
  renameSync(temp, WIDGET_BUNDLE);
  return { file: WIDGET_BUNDLE, rawBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}

export async function buildWidget(): Promise<WidgetBuild> {
  const result = await build(options);
  return writeBundle(result.outputFiles?.[0]?.contents);
}

/**
 * `npm run dev`: rebuilds the bundle whenever a file under widget/src changes (GET /widget.js
 * only reads it). Reports each rebuild, or its errors, to `report`; resolves to a stop function.
 */
export async function watchWidget(report: (outcome: WidgetBuild | Error) => void): Promise<() => Promise<void>> {
  const ctx = await context({
    ...options,
    plugins: [
      {
        name: 'write-bundle',
        setup(b) {
          b.onEnd((result) => {
            if (result.errors.length > 0) {
              report(new Error(result.errors.map((e) => `${e.location?.file ?? ''}:${e.location?.line ?? ''} ${e.text}`).join('\n')));
              return;
            }
            try {
              report(writeBundle(result.outputFiles?.[0]?.contents));
            } catch (error) {
              report(error instanceof Error ? error : new Error(String(error)));
            }
          });
        },
      },
    ],
  });
  await ctx.watch();
  return () => ctx.dispose();
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const { file, rawBytes, gzipBytes } = await buildWidget();
    console.log(`${path.relative(root, file)}: ${kb(rawBytes)} raw, ${kb(gzipBytes)} gzipped (budget ${kb(GZIP_BUDGET_BYTES)})`);
    if (gzipBytes > GZIP_BUDGET_BYTES) {
      console.error('The widget is over its gzipped size budget.');
      process.exitCode = 1;
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
