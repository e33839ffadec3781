import { describe, expect, it } from 'vitest';
import { postedQuestion } from '../../test/support/quiz-fixtures.ts';
import { type RecapAnswer, recapStats } from '../recap/stats.ts';
import { recapWeekOf } from '../recap/week.ts';
import type { RecapContent } from '../services/recap.ts';
import { SECTION_LIMIT } from './blocks.ts';
import { recapAltText, renderRecap } from './recap-blocks.ts';

const week = recapWeekOf({ year: 2026, month: 11, day: 16 }, 'UTC');
const answer = (userId: string, seq: number, topic: string, isCorrect: boolean, answeredAt: string): RecapAnswer => ({
  userId,
  postId: seq,
  seq,
  topic,
  isCorrect,
  answeredAt,
});

function content(answers: RecapAnswer[]): RecapContent {
  const stats = recapStats(week, answers);
  return {
    stats,
    hardest: stats.hardest && {
      question: postedQuestion({
        prompt: 'Which limit applies <5 min? <!channel> & co',
        choices: [{ key: 'b', text: 'The <b> one' }],
      }),
      ...stats.hardest,
    },
    topicTitle: (topic) => (topic === 'lambda' ? 'Lambda <beta>' : topic.toUpperCase()),
    chart: Buffer.alloc(0),
  };
}

const textOf = (c: RecapContent) => JSON.stringify(renderRecap(c).blocks);

const week1 = [
  answer('U1', 1, 'lambda', true, '2026-11-16T09:00:00Z'),
  answer('U2', 1, 'lambda', false, '2026-11-16T09:00:00Z'),
  answer('U3', 2, 'ecs', true, '2026-11-17T09:00:00Z'),
  answer('U4', 0, 'ecs', true, '2026-11-02T09:00:00Z'), // a regular who skipped last week
];

describe('renderRecap', () => {
  it('leads with the week, the count of answers and people, and team accuracy', () => {
    const c = content(week1);
    expect(renderRecap(c).text).toBe('Weekly recap (Nov 16 – 22): 3 answers from 3 people, 67% correct.');
    expect(textOf(c)).toContain('*3 answers* from *3 people* of 4 who played in the last four weeks · team accuracy *67%*');
  });

  it('mentions the top five with their points and accuracy', () => {
    const text = textOf(content(week1));
    expect(text).toContain(':first_place_medal: <@U1> — *1 pt* · 100% of 1 answer');
    expect(text).toContain(':first_place_medal: <@U3> — *1 pt*');
    expect(text).not.toContain('<@U2> —');
  });

  it('escapes the hardest question, its answer and topic titles', () => {
    const text = textOf(content(week1));
    expect(text).toContain('*Hardest question* (1 of 2 got it right): Which limit applies &lt;5 min? &lt;!channel&gt; &amp; co');
    expect(text).toContain('Answer: *B) The &lt;b&gt; one*');
    expect(text).toContain('*Topic to practise:* Lambda &lt;beta&gt; (50% right) — try `/aws practice lambda`');
    expect(text).not.toMatch(/<!channel>|<5 min|<beta>/);
  });

  it('says so when nobody scored', () => {
    const text = textOf(content([answer('U1', 1, 'lambda', false, '2026-11-16T09:00:00Z')]));
    expect(text).toContain('Nobody scored a point last week');
  });

  it('names the most improved and the streak milestones', () => {
    const run = [1, 2, 3, 4].map((seq) => answer('U1', seq, 'lambda', true, `2026-11-1${seq}T09:00:00Z`));
    const text = textOf(
      content([
        ...run,
        answer('U1', 5, 'lambda', true, '2026-11-16T09:00:00Z'),
        answer('U1', 6, 'lambda', true, '2026-11-17T09:00:00Z'),
      ]),
    );
    // 11-14 Nov is the week before (4 points), then 2 more: no gain, no "most improved".
    expect(text).not.toContain('Most improved');
    expect(text).toContain(':fire: *Streak milestones:* <@U1> 5 in a row');
    const gain = textOf(
      content([
        answer('U2', 1, 'ecs', true, '2026-11-10T09:00:00Z'),
        ...[5, 6].map((s) => answer('U2', s, 'ecs', true, `2026-11-1${s + 1}T09:00:00Z`)),
      ]),
    );
    expect(gain).toContain(':rocket: *Most improved:* <@U2>, from 1 point to 2');
  });

  it("keeps every section within Slack's limit with a crowd and long content", () => {
    const crowd = Array.from({ length: 200 }, (_, i) =>
      answer(`U${i}`, 1 + (i % 5), `topic-${i % 9}`, i % 3 > 0, '2026-11-18T09:00:00Z'),
    );
    const blocks = renderRecap(content(crowd)).blocks as { text?: { text: string } }[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) expect((b.text?.text ?? '').length).toBeLessThanOrEqual(SECTION_LIMIT);
    expect(recapAltText(content(crowd)).length).toBeLessThanOrEqual(1000);
  });
});

describe('recapAltText', () => {
  it('describes the chart in words', () => {
    expect(recapAltText(content(week1))).toBe(
      'Answers per day with accuracy: Mon 2 (50%), Tue 1 (100%), Wed 0, Thu 0, Fri 0, Sat 0, Sun 0. Accuracy by topic: Lambda <beta> 50%, ECS 100%.',
    );
  });
});
