import { writeFileSync } from 'node:fs';
import { loadConfig } from '../stack/config';
import { readKeys } from '../stack/keys';
import { learningSummary, runLearning } from './learning';
import { loadQuestions } from './questions';
import { runEval } from './run';
import { markdownSummary } from './summary';

/**
 * npm run eval [-- --subset] [-- --json <file>]: the answer eval against the running stack
 * (STACK_* env as for `npm run stack`). The provider is the one the stack's chat function uses:
 * start the stack with AI_PROVIDER=openai and OPENAI_BASE_URL / OPENAI_API_KEY / OPENAI_MODEL to
 * measure an OpenAI-compatible endpoint instead of the local one. Then the learning phase: the
 * questions marked `learn` that escalated, answered by the team, proposed, approved, published and
 * asked again (runLearning), which deletes what it created.
 */
const args = process.argv.slice(2);
const subset = args.includes('--subset');
const jsonAt = args.indexOf('--json');
const config = loadConfig();
const keys = await readKeys(config);
const questions = loadQuestions(subset);
console.log(`Asking ${questions.length} questions through ${config.apiUrl} …`);
const { results, summary } = await runEval({ config, keys, questions, log: (line) => console.log(line) });
console.log(`\n${markdownSummary(summary)}`);
console.log('\nLearning phase: answering, approving and publishing the escalated questions a team would answer …');
const learning = await runLearning({ config, keys, questions, log: (line) => console.log(line) });
console.log(`\n${learningSummary(learning.summary)}`);
if (jsonAt >= 0 && args[jsonAt + 1]) writeFileSync(args[jsonAt + 1]!, JSON.stringify({ summary, results, learning }, null, 2));
if (summary.wrongOrgAnswers > 0 || learning.summary.wrongOrgAnswers > 0) {
  console.error('\nAn answer came from another organization’s articles.');
  process.exitCode = 1;
}
