import { describe, expect, it } from 'vitest';
import { EXAM_DOMAINS } from '../src/content/exams.ts';
import { loadBank } from '../src/content/load.ts';
import { answerRound } from './support/answer-rounds.ts';
import { type Harness, harnessPerTest } from './support/app-harness.ts';
import { command, type Reply } from './support/quiz-driver.ts';

const start = harnessPerTest();
const bank = loadBank();

const stats = (h: Harness, user = 'U0ADMIN'): Promise<Reply> => command(h.url, h.slack, 'stats', { user });
const textOf = (reply: Reply) => JSON.stringify(reply.blocks ?? []);

describe('/aws stats', () => {
  it('shows an admin the weeks, topics, exam domains and hardest questions, privately', async () => {
    // Week of 16 November: one question, three people, two right.
    const h = await start({ now: new Date('2026-11-18T09:00:00Z') });
    const first = await answerRound(h, { U0ANN: 'right', U0BEN: 'right', U0CID: 'wrong' });
    // Week of 23 November: another question, four people, one right.
    h.clock.now = new Date('2026-11-25T09:00:00Z');
    const second = await answerRound(h, { U0ANN: 'wrong', U0BEN: 'wrong', U0CID: 'right', U0DEE: 'wrong' });
    expect(second.questionId).not.toBe(first.questionId);

    const reply = await stats(h);
    expect(reply.response_type).toBe('ephemeral');
    const text = textOf(reply);
    expect(text).toMatch(/Team stats — last 6 weeks/);
    expect(text).toContain('week of November 16: *3 people*, 3 answers to 1 question · *67%* correct');
    expect(text).toContain('week of November 23: *4 people*, 4 answers to 1 question · *25%* correct');
    expect(text).toContain('week of October 19: no answers');
    // Topics, weakest first (the two questions come from different topics: they rotate).
    expect(second.topic).not.toBe(first.topic);
    expect(text).toMatch(new RegExp(`• ${second.topic}: \\*25%\\* \\(1 of 4\\)\\\\n• ${first.topic}: \\*67%\\* \\(2 of 3\\)`));
    // Every exam domain of the second question appears with its name.
    for (const tag of bank.questionById.get(second.questionId)?.exams ?? []) {
      expect(text).toContain(`${tag} ${EXAM_DOMAINS[tag as keyof typeof EXAM_DOMAINS].name}`);
    }
    // The hardest: the second question first, with its most picked wrong choice (three picked it).
    const hardest = text.slice(text.indexOf('The hardest questions'));
    expect(hardest).toMatch(
      new RegExp(
        `1\\. \\*25%\\* of 4 answers · \`${second.questionId}\`.*most picked wrong: ${second.wrongChoice.toUpperCase()} \\(3\\)`,
      ),
    );
    expect(hardest).toMatch(new RegExp(`2\\. \\*67%\\* of 3 answers · \`${first.questionId}\``));
  });

  it('refuses a non-admin and shows them nothing', async () => {
    const h = await start();
    await answerRound(h, { U0ANN: 'right', U0BEN: 'wrong', U0CID: 'wrong' });
    h.slack.admins.clear();
    const reply = await stats(h, 'U0BOB');
    expect(reply.text).toMatch(/Team stats are for quiz admins.*Your own record: `\/aws streak`/);
    expect(JSON.stringify(reply)).not.toMatch(/week of|correct|%|lambda|ADMIN_USER_IDS/);
  });

  it('tells an admin how to get numbers when nothing has been answered', async () => {
    const h = await start();
    const reply = await stats(h);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toMatch(/Nothing has been answered here in the last 6 weeks/);
    expect(reply.text).toMatch(/`\/aws quiz here`/);
  });

  it('counts only the last six weeks', async () => {
    const h = await start({ now: new Date('2026-09-01T09:00:00Z') });
    await answerRound(h, { U0ANN: 'right' });
    h.clock.now = new Date('2026-11-25T09:00:00Z');
    expect((await stats(h)).text).toMatch(/Nothing has been answered/);
  });
});
