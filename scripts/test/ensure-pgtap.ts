import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../stack/config';

/**
 * pgTAP is pure SQL: Debian's package (built for Postgres 15) installs unchanged into the
 * embedded Postgres 17. `apt-get download` + `dpkg-deb -x` need no root; `apt-get update` does,
 * and only runs when the package lists are missing.
 */
const PACKAGE = 'postgresql-15-pgtap';

export function ensurePgtap(): void {
  const extensionDir = path.join(loadConfig().paths.pgShare, 'extension');
  if (existsSync(path.join(extensionDir, 'pgtap.control'))) return;
  const work = mkdtempSync(path.join(tmpdir(), 'pgtap-'));
  try {
    const download = () => spawnSync('apt-get', ['download', PACKAGE], { cwd: work, encoding: 'utf8' });
    let result = download();
    if (result.status !== 0) {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
      result = download();
    }
    if (result.status !== 0) throw new Error(`apt-get download ${PACKAGE} failed:\n${result.stderr}`);
    const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${PACKAGE} produced no .deb`);
    execFileSync('dpkg-deb', ['-x', path.join(work, deb), path.join(work, 'x')]);
    const source = path.join(work, 'x/usr/share/postgresql/15/extension');
    for (const file of readdirSync(source).filter((f) => f.startsWith('pgtap'))) {
      copyFileSync(path.join(source, file), path.join(extensionDir, file));
    }
    console.log(`pgTAP installed into ${extensionDir}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensurePgtap();
