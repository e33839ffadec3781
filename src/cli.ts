/**
 * Offline tool for content authors: validate the bank, try a lookup, play a question.
 *   npm run cli -- validate
 *   npm run cli -- lookup lambda limits
 *   npm run cli -- play [question-id]
 */
import readline from 'node:readline/promises';
import { canonicalAnswer } from './content/bank.ts';
import { loadBank } from './content/load.ts';
import { summarize } from './content/summary.ts';
import { fts5TextIndex } from './db/fts5-text-index.ts';
import { ContentError } from './errors.ts';
import { LookupIndex } from './lookup/index.ts';
import { renderLookupText } from './lookup/text.ts';

function pad(s: string | number, n: number) {
  return String(s).padEnd(n);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'validate') {
    const bank = loadBank();
    const s = summarize(bank);
    console.log(`${pad('topic', 20)}${pad('questions', 11)}${pad('cards', 7)}difficulty 1/2/3`);
    for (const t of s.topics) {
      console.log(`${pad(t.topic, 20)}${pad(t.questions, 11)}${pad(t.cards, 7)}${t.byDifficulty.join('/')}`);
    }
    const spread = Object.entries(s.letters)
      .sort()
      .map(([k, v]) => `${k}: ${v} (${Math.round((100 * v) / s.questions)}%)`)
      .join(', ');
    console.log(`\n${s.questions} questions, ${s.cards} cards in ${s.topics.length} topics. Answers: ${spread}`);
    const pct = (n: number) => `${n} (${s.questions === 0 ? 0 : Math.round((100 * n) / s.questions)}%)`;
    console.log(
      `Choose-two: ${pct(s.multipleResponse)}. Difficulty 3: ${pct(s.design)}. Security: ${pct(s.security)}. ` +
        `With why: ${pct(s.withWhy)}. Exam-tagged: ${pct(s.withExams)}. Verified date: ${pct(s.verified)}.`,
    );
    console.log(`\n${pad('exam domain', 14)}${pad('questions', 11)}${pad('share', 8)}${pad('weight', 8)}name`);
    for (const d of s.domains) {
      console.log(`${pad(d.domain, 14)}${pad(d.questions, 11)}${pad(`${d.share}%`, 8)}${pad(`${d.weight}%`, 8)}${d.name}`);
    }
    console.log('Content is valid.');
    return 0;
  }
  if (command === 'lookup') {
    const bank = loadBank();
    const index = LookupIndex.build(bank, fts5TextIndex);
    console.log(renderLookupText(index.answer(rest.join(' ')), bank));
    return 0;
  }
  if (command === 'play') {
    const bank = loadBank();
    const q = rest[0] ? bank.questionById.get(rest[0]) : bank.questions[Math.floor(Math.random() * bank.questions.length)];
    if (!q) {
      console.error(`No question with id "${rest[0]}".`);
      return 1;
    }
    console.log(`[${q.topic}, difficulty ${q.difficulty}] ${q.prompt}\n`);
    for (const c of q.choices) console.log(`  ${c.key.toUpperCase()}) ${c.text}`);
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    const many = q.answer.includes(',');
    const typed = (await rl.question(many ? '\nYour answers (e.g. a,c): ' : '\nYour answer: ')).trim().toLowerCase();
    rl.close();
    const reply = canonicalAnswer(typed.split(/[\s,]+/).filter(Boolean));
    console.log(reply === q.answer ? '\n✅ Correct' : `\n❌ Not quite: the answer is ${q.answer.toUpperCase()}`);
    for (const key of reply.split(',')) if (q.why?.[key]) console.log(`Why not ${key.toUpperCase()}: ${q.why[key]}`);
    console.log(`${q.explanation}\n${q.source}`);
    return 0;
  }
  console.log('Usage: npm run cli -- validate | lookup <words> | play [question-id]');
  return command === undefined || command === 'help' ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ContentError) console.error(err.message);
    else console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
