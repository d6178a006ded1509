import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { checkIds, runDoctor, type CheckId } from './doctor/checks';
import { formatResults } from './doctor/format';

/**
 * `npm run doctor [-- --env-file .env.production] [--only env,functions]`: checks the deployment
 * the environment describes (README, "Deploy") and exits non-zero if any check fails.
 */
function parseArgs(argv: string[]): { only?: CheckId[] } {
  let only: CheckId[] | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--env-file') {
      // the file's variables win over the shell's, so one file describes the deployment checked
      const file = argv[++i];
      if (!file) throw new Error('--env-file needs a path');
      Object.assign(process.env, parseEnv(readFileSync(file, 'utf8')));
    } else if (arg === '--only') {
      only = (argv[++i] ?? '').split(',').map((id) => {
        if (!(checkIds as readonly string[]).includes(id)) throw new Error(`unknown check "${id}" (checks: ${checkIds.join(', ')})`);
        return id as CheckId;
      });
    } else {
      throw new Error(`unknown argument "${arg}" (usage: npm run doctor [-- --env-file <file>] [--only ${checkIds.join(',')}])`);
    }
  }
  return { only };
}

try {
  const { only } = parseArgs(process.argv.slice(2));
  const results = await runDoctor({ env: process.env, only });
  console.log(formatResults(results));
  process.exit(results.some((r) => r.status === 'fail') ? 1 : 0);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
