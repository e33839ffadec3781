/**
 * Practice choice latency: nextPracticeQuestion for one person with 2,000 reviewed cards over a
 * 700-question bank (650 of its questions seen, 50 still new, and 1,350 cards of questions since
 * removed from the content), 1,000 calls timed one by one: a mix of due reviews, the daily cap
 * reached (the new-question path), topic and exam filters. Target p95 < 5 ms.
 *
 *   npx tsx bench/practice.ts
 */
import { pathToFileURL } from 'node:url';
import { nextPracticeQuestion, type PracticeChoiceInput, type PracticeQuestion } from '../src/practice/choose.ts';
import { type PracticeCard, reviewCard } from '../src/practice/schedule.ts';
import { percentile, seededRandom } from './stats.ts';

const DAY = 86_400_000;
const CALLS = 1_000;
const EXAMS = ['DVA-C02/1', 'DVA-C02/2', 'DVA-C02/3', 'DVA-C02/4', 'SAA-C03/1', 'SAA-C03/2', 'SAA-C03/3', 'SAA-C03/4'];

function person(random: () => number, now: Date): { questions: PracticeQuestion[]; cards: Map<string, PracticeCard> } {
  const topics = Array.from({ length: 26 }, (_, i) => `topic-${i + 1}`);
  const questions: PracticeQuestion[] = Array.from({ length: 700 }, (_, i) => ({
    id: `q-${i + 1}`,
    topic: topics[i % topics.length] ?? 'topic-1',
    exams: [EXAMS[i % EXAMS.length] ?? 'DVA-C02/1', EXAMS[(i * 3 + 1) % EXAMS.length] ?? 'SAA-C03/1'],
  }));
  const ids = [...questions.slice(0, 650).map((q) => q.id), ...Array.from({ length: 1_350 }, (_, i) => `removed-${i + 1}`)];
  const cards = new Map<string, PracticeCard>();
  for (const id of ids) {
    // A year of history: a few reviews each, answered when due, right four times in five.
    let at = new Date(now.getTime() - Math.floor(random() * 365) * DAY);
    let card: PracticeCard | undefined;
    const reviews = 1 + Math.floor(random() * 6);
    for (let r = 0; r < reviews && at.getTime() < now.getTime(); r++) {
      card = reviewCard(card, random() < 0.8, at).card;
      at = new Date(Math.max(card.due.getTime(), at.getTime() + 60_000));
    }
    if (card) cards.set(id, card);
  }
  return { questions, cards };
}

/** Times 1,000 choices; milliseconds. */
export function benchPracticeChoice(): { p50: number; p95: number } {
  const random = seededRandom(11);
  const now = new Date('2026-06-01T09:00:00Z');
  const { questions, cards } = person(random, now);
  const inputs: PracticeChoiceInput<PracticeQuestion>[] = Array.from({ length: CALLS + 100 }, (_, i) => ({
    questions,
    cards,
    now: new Date(now.getTime() + i * 60_000),
    lastQuestionId: `q-${(i % 700) + 1}`,
    topic: i % 5 === 1 ? `topic-${(i % 26) + 1}` : undefined,
    examDomain: i % 5 === 2 ? 'dva-c02' : undefined,
    reviewsDoneToday: i % 3 === 0 ? 20 : i % 20,
    random,
  }));
  // Warm the JIT on the first hundred, so the timings are of steady running, not start-up.
  for (const input of inputs.slice(0, 100)) nextPracticeQuestion(input);
  const timings: number[] = [];
  for (const input of inputs.slice(100)) {
    const start = performance.now();
    nextPracticeQuestion(input);
    timings.push(performance.now() - start);
  }
  timings.sort((a, b) => a - b);
  return { p50: percentile(timings, 50), p95: percentile(timings, 95) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = benchPracticeChoice();
  console.log(
    `practice choice: ${CALLS} calls, 2,000 cards, 700 questions: p50 ${r.p50.toFixed(3)} ms, p95 ${r.p95.toFixed(3)} ms`,
  );
}
