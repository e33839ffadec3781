/**
 * The escaping rule of slack/blocks.ts, over the whole real bank and over hostile content: every
 * text that comes from content or from people reaches Slack with `&`, `<` and `>` escaped, and the
 * only `<…>` tokens in a message are the app's own links and mentions.
 */
import { describe, expect, it } from 'vitest';
import { livePost } from '../../test/support/quiz-fixtures.ts';
import type { Card } from '../content/bank.ts';
import { loadBank } from '../content/load.ts';
import type { Post, PostedQuestion } from '../quiz/model.ts';
import {
  type Message,
  renderFeedback,
  renderLookup,
  renderQuestion,
  renderReveal,
  renderSharedCard,
  renderTopics,
} from './blocks.ts';

/** The tokens the app writes itself: a link (through link(), label escaped) and a user mention. */
const APP_TOKEN = /<https:\/\/[^\s<>|]+\|[^<>|]+>|<@U[A-Z0-9]+>/g;
const ENTITY = /&(amp|lt|gt);/g;

/** Every string Slack will read as mrkdwn or plain text in a message: fallback text and block texts. */
function textsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) textsOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) if (key === 'text' || typeof v === 'object') textsOf(v, out);
  }
  return out;
}

function expectEscaped(message: Message, label: string) {
  for (const text of textsOf(message)) {
    const rest = text.replace(APP_TOKEN, '').replace(ENTITY, '');
    expect(rest, `${label}: ${text.slice(0, 120)}`).not.toMatch(/[<>&]/);
  }
}

const bank = loadBank();
const titleOf = (topic: string) => bank.topics.find((t) => t.topic === topic)?.title ?? topic;

const postOf = (question: PostedQuestion): Post => livePost(question, { id: 42, seq: 1 });

function everySurface(question: PostedQuestion): [string, Message][] {
  const post = postOf(question);
  const wrong = question.choices.find((c) => !question.answer.split(',').includes(c.key))?.key ?? 'a';
  const graded = { kind: 'graded' as const, post, streak: 1, bestStreak: 2, points: 3 };
  return [
    ['question', renderQuestion(post)],
    ['reveal', renderReveal(post)],
    ['feedback right', renderFeedback({ ...graded, choice: question.answer, isCorrect: true })],
    ['feedback wrong', renderFeedback({ ...graded, choice: wrong, isCorrect: false })],
    ['duplicate', renderFeedback({ kind: 'duplicate', post, firstChoice: wrong })],
  ];
}

function cardSurfaces(card: Card): [string, Message][] {
  return [
    ['lookup', renderLookup({ kind: 'match', card, seeAlso: [card], corrected: card.title })],
    ['shared', renderSharedCard(card, 'U0ALICE')],
  ];
}

const HOSTILE = '<!channel> & <https://evil.example|click> <@U0BOSS> 5 < 6 > 4 &amp;';

describe('escaping of content in Block Kit', () => {
  it('escapes every question of the bank on every surface', () => {
    for (const q of bank.questions) {
      for (const [surface, message] of everySurface({ ...q, topicTitle: titleOf(q.topic) })) {
        expectEscaped(message, `${q.id} ${surface}`);
      }
    }
  });

  it('escapes every card of the bank, and the topic list', () => {
    for (const card of bank.cards)
      for (const [surface, message] of cardSurfaces(card)) expectEscaped(message, `${card.id} ${surface}`);
    expectEscaped(renderTopics(bank), 'topics');
  });

  it('escapes hostile text in every field, so it neither pings, links nor mentions', () => {
    const question: PostedQuestion = {
      id: 'hostile',
      topic: 'lambda',
      topicTitle: HOSTILE,
      difficulty: 1,
      prompt: HOSTILE,
      choices: [
        { key: 'a', text: `${HOSTILE} a` },
        { key: 'b', text: `${HOSTILE} b` },
      ],
      answer: 'a',
      explanation: HOSTILE,
      source: 'https://docs.aws.amazon.com/x|<!channel>>',
    };
    for (const [surface, message] of everySurface(question)) {
      expectEscaped(message, surface);
      expect(JSON.stringify(message)).not.toMatch(/<!channel>|<https:\/\/evil|<@U0BOSS>/);
    }
    const card: Card = {
      id: 'hostile',
      topic: 'lambda',
      title: HOSTILE,
      keywords: ['x'],
      body: HOSTILE,
      source: question.source,
    };
    for (const [surface, message] of cardSurfaces(card)) {
      expectEscaped(message, surface);
      expect(JSON.stringify(message)).not.toMatch(/<!channel>|<https:\/\/evil|<@U0BOSS>/);
    }
    expectEscaped(renderLookup({ kind: 'none', query: HOSTILE, didYouMean: [HOSTILE], topics: [] }), 'no match');
  });
});
