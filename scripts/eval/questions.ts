import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../stack/config';

// The eval's question set (scripts/eval/questions.json): what is asked of which organization's
// widget, and the article that answers it or null for "must escalate".

const questionSchema = z.object({
  id: z.string(),
  org: z.enum(['acme', 'globex']),
  question: z.string().min(1),
  expect: z.string().nullable(),
  section: z.string().optional(),
  kind: z.enum(['direct', 'paraphrase', 'typo', 'language', 'escalate', 'other-org']),
  subset: z.boolean().optional(),
  /** escalate questions a team would answer: its reply, and paraphrases to ask once it is an article */
  learn: z.object({ answer: z.string().min(1), paraphrases: z.array(z.string().min(1)) }).optional(),
});
export type Question = z.infer<typeof questionSchema>;

export function loadQuestions(subset = false): Question[] {
  const file = path.join(projectRoot, 'scripts/eval/questions.json');
  const all = z.object({ questions: z.array(questionSchema) }).parse(JSON.parse(readFileSync(file, 'utf8'))).questions;
  return subset ? all.filter((q) => q.subset) : all;
}
