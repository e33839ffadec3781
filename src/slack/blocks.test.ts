import { describe, expect, it } from 'vitest';
import { buildLookup } from '../../test/support/lookup.ts';
import { loadBank } from '../content/load.ts';
import type { PostedQuestion } from '../quiz/grade.ts';
import { periodRange } from '../quiz/periods.ts';
import {
  type Block,
  escapeMrkdwn,
  type Message,
  renderFeedback,
  renderHelp,
  renderHome,
  renderLeaderboard,
  renderLookup,
  renderQuestion,
  renderReveal,
  renderTopics,
} from './blocks.ts';

// Slack's documented limits for messages and Block Kit elements.
const MAX_BLOCKS = 50;
const MAX_SECTION = 3000;
const MAX_CONTEXT_TEXT = 2000;
const MAX_BUTTON_LABEL = 75;
const MAX_BUTTON_VALUE = 2000;
const MAX_ACTION_ELEMENTS = 25;

function assertWithinSlackLimits(blocks: Block[], label: string) {
  expect(blocks.length, label).toBeLessThanOrEqual(MAX_BLOCKS);
  for (const b of blocks) {
    if (b.type === 'section' && b.text) expect(b.text.text.length, label).toBeLessThanOrEqual(MAX_SECTION);
    if (b.type === 'context')
      for (const e of b.elements) if ('text' in e) expect(e.text.length, label).toBeLessThanOrEqual(MAX_CONTEXT_TEXT);
    if (b.type === 'actions') {
      expect(b.elements.length, label).toBeLessThanOrEqual(MAX_ACTION_ELEMENTS);
      for (const e of b.elements) {
        if (e.type !== 'button') continue;
        expect(e.text.text.length, label).toBeLessThanOrEqual(MAX_BUTTON_LABEL);
        expect((e.value ?? '').length, label).toBeLessThanOrEqual(MAX_BUTTON_VALUE);
      }
    }
  }
}

const bank = loadBank();

function posted(id: string): PostedQuestion {
  const q = bank.questionById.get(id);
  if (!q) throw new Error(id);
  return { ...q, topicTitle: bank.topics.find((t) => t.topic === q.topic)?.title ?? q.topic };
}

describe('Block Kit rendering', () => {
  it('renders every question, its reveal and its feedback within Slack limits', () => {
    for (const q of bank.questions) {
      const post = { id: 123456789, question: posted(q.id), answerCount: 9999, correctCount: 5000 };
      const question = renderQuestion(post);
      assertWithinSlackLimits(question.blocks, q.id);
      const buttons = question.blocks.find((b) => b.type === 'actions');
      if (buttons?.type !== 'actions') throw new Error(`${q.id}: no answer controls`);
      if (q.answer.includes(',')) {
        // Choose two: one checkbox per choice, and Submit.
        const [boxes, submit] = buttons.elements;
        expect(boxes?.type === 'checkboxes' && boxes.options.length, q.id).toBe(q.choices.length);
        expect(submit?.type === 'button' && submit.action_id, q.id).toBe('answer_submit');
      } else {
        expect(buttons.elements.length, q.id).toBe(q.choices.length);
      }
      assertWithinSlackLimits(renderReveal(post).blocks, q.id);
      const graded = renderFeedback({
        kind: 'graded',
        post: {
          ...post,
          teamId: 'T',
          channelId: 'C',
          slot: 's',
          seq: 1,
          state: 'posted',
          messageTs: '1',
          attempts: 1,
          leaseUntil: null,
          lastError: null,
          postedAt: null,
          revealDueAt: null,
        },
        choice: q.answer,
        isCorrect: true,
        streak: 3,
        bestStreak: 9,
        points: 12,
      });
      assertWithinSlackLimits(graded.blocks, q.id);
    }
  });

  it('renders every card lookup within Slack limits', () => {
    const index = buildLookup(bank);
    for (const card of bank.cards) {
      const m: Message = renderLookup({ kind: 'match', card, seeAlso: bank.cards.slice(0, 2) });
      assertWithinSlackLimits(m.blocks, card.id);
      expect(JSON.stringify(m.blocks)).toContain(card.source);
    }
    assertWithinSlackLimits(renderLookup(index.answer('qqqq zzzz')).blocks, 'no match');
  });

  it('keeps help, topics, a full leaderboard and the App Home within limits', () => {
    assertWithinSlackLimits(renderHelp().blocks, 'help');
    assertWithinSlackLimits(renderTopics(bank).blocks, 'topics');
    const rows = Array.from({ length: 10 }, (_, i) => ({ userId: `U${i}`, points: 100 - i, answers: 200, streak: 5 }));
    const range = periodRange('week', new Date('2026-11-23T00:00:00Z'), 'UTC');
    assertWithinSlackLimits(renderLeaderboard(rows, range).blocks, 'leaderboard');
    assertWithinSlackLimits(
      // renderHome builds its view only from KnownBlocks; the view type widens them.
      renderHome({ points: 1, answers: 2, correct: 1, currentStreak: 1, bestStreak: 1 }, rows, range).blocks as Block[],
      'home',
    );
  });

  it('puts choice text in the body and only letters on buttons', () => {
    const q = posted(bank.questions[0]?.id ?? '');
    const m = renderQuestion({ id: 7, question: q, answerCount: 0 });
    const actions = m.blocks.find((b) => b.type === 'actions');
    if (actions?.type !== 'actions') throw new Error('no actions');
    expect(actions.elements.map((e) => (e.type === 'button' ? e.text.text : ''))).toEqual(
      q.choices.map((c) => c.key.toUpperCase()),
    );
    expect(actions.elements.map((e) => (e.type === 'button' ? e.value : ''))).toEqual(q.choices.map((c) => `7:${c.key}`));
    expect(JSON.stringify(m.blocks)).toContain(escapeMrkdwn(q.choices[0]?.text ?? ''));
  });

  it('escapes Slack control characters in content', () => {
    expect(escapeMrkdwn('<5 min & >1 GB')).toBe('&lt;5 min &amp; &gt;1 GB');
  });

  it('ranks ties together and says so when a period is empty', () => {
    const range = periodRange('month', new Date('2026-11-23T00:00:00Z'), 'UTC');
    const text = renderLeaderboard(
      [
        { userId: 'UA', points: 3, answers: 3, streak: 3 },
        { userId: 'UB', points: 3, answers: 4, streak: 0 },
        { userId: 'UC', points: 1, answers: 4, streak: 0 },
      ],
      range,
    )
      .blocks.map((b) => JSON.stringify(b))
      .join();
    expect(text).toMatch(/first_place_medal: <@UA>.*first_place_medal: <@UB>.*third_place_medal: <@UC>/);
    expect(renderLeaderboard([], range).text).toMatch(/No points yet for November 2026/);
  });
});
