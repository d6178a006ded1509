/**
 * Randomness of the tests (days no other test writes to, …), drawn from the run's seed: `npm test`
 * prints it (scripts/test/run.ts) and `TEST_SEED=<n> npm test` draws the same values again, so a
 * failure on a random day can be repeated. Each caller names its own stream (its file, say), so
 * one file's draws do not depend on which files ran before it.
 */
const runSeed = Number(process.env.TEST_SEED ?? 0);

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** mulberry32, seeded by the run's seed and the stream's name. */
export function seededRandom(stream: string): () => number {
  let a = (hash(stream) ^ runSeed) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A YYYY-MM-DD day in [from, from + spanDays), from the stream. */
export function randomDay(random: () => number, from: string, spanDays: number): string {
  return new Date(Date.parse(`${from}T00:00:00Z`) + Math.floor(random() * spanDays) * 86_400_000).toISOString().slice(0, 10);
}
