import { describe, expect, it } from 'vitest';
import { livePost } from '../../test/support/quiz-fixtures.ts';
import type { Question } from '../content/bank.ts';
import { loadBank } from '../content/load.ts';
import type { Report } from '../services/report-store.ts';
import { type Block, renderFeedback, renderReveal } from './blocks.ts';
import { renderPracticeFeedback } from './practice-blocks.ts';
import { encodeReportMetadata, REPORT_VIEW, renderReportModal, renderReportPost } from './report-blocks.ts';

// Slack's limits for a modal (views.open) and its elements.
const MAX_TITLE = 24;
const MAX_OPTION_TEXT = 75;
const MAX_METADATA = 3000;
const MAX_SECTION = 3000;
const MAX_MODAL_BLOCKS = 100;

const bank = loadBank();
const HOSTILE = '<!channel> & <https://evil.example|click> <@U0BOSS> 5 < 6 > 4';

/** The "Report a problem" buttons of a message: in actions blocks or as a section's accessory. */
function reportValues(blocks: Block[]): string[] {
  const values: string[] = [];
  for (const b of blocks) {
    if (b.type === 'section' && b.accessory?.type === 'button' && b.accessory.action_id === 'report_problem')
      values.push(b.accessory.value ?? '');
    if (b.type === 'actions')
      for (const e of b.elements) if (e.type === 'button' && e.action_id === 'report_problem') values.push(e.value ?? '');
  }
  return values;
}

const report = (o: Partial<Report> = {}): Report => ({
  id: 1,
  teamId: 'T1',
  userId: 'U0ALICE',
  questionId: 'lambda-max-timeout',
  reason: 'wrong_answer',
  comment: null,
  surface: 'reveal',
  createdAt: new Date('2026-12-01T09:00:00Z'),
  resolvedAt: null,
  resolvedBy: null,
  resolutionNote: null,
  ...o,
});

describe('report modal', () => {
  it('fits Slack limits for every question of the bank and remembers only ids', () => {
    for (const q of bank.questions) {
      const view = renderReportModal(q, { questionId: q.id, surface: 'practice', channelId: 'D0123456789' });
      expect(view.callback_id).toBe(REPORT_VIEW);
      expect(view.title.text.length).toBeLessThanOrEqual(MAX_TITLE);
      expect(view.submit?.text.length).toBeLessThanOrEqual(MAX_TITLE);
      expect(view.blocks.length).toBeLessThanOrEqual(MAX_MODAL_BLOCKS);
      expect(view.private_metadata?.length ?? 0).toBeLessThanOrEqual(MAX_METADATA);
      expect(JSON.parse(view.private_metadata ?? '')).toEqual({ q: q.id, s: 'practice', c: 'D0123456789' });
      for (const b of view.blocks as Block[]) {
        if (b.type === 'section') expect(b.text?.text.length ?? 0, q.id).toBeLessThanOrEqual(MAX_SECTION);
        if (b.type === 'input' && b.element.type === 'radio_buttons')
          for (const o of b.element.options) expect(o.text.text.length).toBeLessThanOrEqual(MAX_OPTION_TEXT);
      }
    }
  });

  it('offers the five reasons and a bounded, optional comment', () => {
    const q = bank.questions[0] as Question;
    const view = renderReportModal(q, { questionId: q.id, surface: 'feedback' });
    const inputs = (view.blocks as Block[]).filter((b) => b.type === 'input');
    const [reason, comment] = inputs;
    expect(
      reason?.type === 'input' && reason.element.type === 'radio_buttons' && reason.element.options.map((o) => o.value),
    ).toEqual(['wrong_answer', 'ambiguous', 'outdated', 'typo', 'other']);
    expect(reason?.type === 'input' && reason.optional).toBeFalsy();
    expect(comment?.type === 'input' && comment.optional).toBe(true);
    expect(comment?.type === 'input' && comment.element.type === 'plain_text_input' && comment.element.max_length).toBe(500);
    expect(encodeReportMetadata({ questionId: q.id, surface: 'feedback' })).toBe(JSON.stringify({ q: q.id, s: 'feedback' }));
  });

  it('escapes a hostile prompt in the modal', () => {
    const q = { ...(bank.questions[0] as Question), prompt: HOSTILE };
    const text = JSON.stringify(renderReportModal(q, { questionId: q.id, surface: 'reveal' }).blocks);
    expect(text).not.toMatch(/<!channel>|<https:\/\/evil|<@U0BOSS>/);
  });
});

describe('report post in the reports channel', () => {
  it('says which question, why, the comment and who, with the comment and prompt escaped', () => {
    const q = { ...(bank.questions[0] as Question), prompt: HOSTILE };
    const post = renderReportPost(report({ questionId: q.id, comment: HOSTILE }), q);
    const text = JSON.stringify(post.blocks);
    expect(text).toContain(`\`${q.id}\``);
    expect(text).toContain('The answer is wrong');
    expect(text).toContain('<@U0ALICE>');
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(text.replace('<@U0ALICE>', '')).not.toMatch(/<!channel>|<https:\/\/evil|<@U0BOSS>/);
    expect(post.text).not.toMatch(/[<>]/);
  });

  it('still posts a report of a question no longer in the bank', () => {
    const post = renderReportPost(report({ questionId: 'gone-question', reason: 'typo' }), undefined);
    expect(JSON.stringify(post.blocks)).toMatch(/gone-question.*Typo or wording.*_none_/);
  });
});

describe('Report a problem button', () => {
  const q = bank.questions[0] as Question;
  const posted = { ...q, topicTitle: q.topic };
  const post = livePost(posted);

  it('is on the daily feedback and on the reveal, with the surface and question id only', () => {
    const graded = renderFeedback({
      kind: 'graded',
      post,
      choice: q.answer,
      isCorrect: true,
      streak: 1,
      bestStreak: 1,
      points: 1,
    });
    expect(reportValues(graded.blocks)).toEqual([`feedback:${q.id}`]);
    expect(reportValues(renderReveal(post).blocks)).toEqual([`reveal:${q.id}`]);
    expect(reportValues(renderFeedback({ kind: 'closed', post }).blocks)).toEqual([]);
  });

  it('is on practice feedback, mid-session and at the end', () => {
    const graded = {
      kind: 'graded' as const,
      isCorrect: false,
      question: q,
      selection: q.answer,
      why: [],
      nextReview: 'again today',
      nextDue: new Date(),
      progress: { asked: 1, correct: 0, size: 5 },
      isLast: false,
    };
    expect(reportValues(renderPracticeFeedback(3, graded).blocks)).toEqual([`practice:${q.id}`]);
    const last = { ...graded, isLast: true, summary: { right: 0, asked: 5, dueWeek: 2, text: '0 of 5 right' } };
    expect(reportValues(renderPracticeFeedback(3, last).blocks)).toEqual([`practice:${q.id}`]);
    expect(reportValues(renderPracticeFeedback(3, { kind: 'duplicate' }).blocks)).toEqual([]);
  });
});
