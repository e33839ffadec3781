/**
 * "Report a problem" as pure Block Kit: the modal a person fills in, and the post in the reports
 * channel. The button itself is reportButton in blocks.ts, beside the feedback, reveal and practice.
 */
import type { types } from '@slack/bolt';
import type { Question } from '../content/bank.ts';
import { REASON_LABELS, REPORT_COMMENT_MAX, REPORT_REASONS, type ReportSurface } from '../quiz/reports.ts';
import type { Report } from '../services/report-store.ts';
import { context, escapeMrkdwn, type Message, section } from './blocks.ts';
import { MESSAGES } from './messages.ts';

export { REPORT_ACTION } from './blocks.ts';

/** The modal's callback_id, and its two inputs' block and action ids. */
export const REPORT_VIEW = 'report_problem';
export const REASON_INPUT = 'reason';
export const COMMENT_INPUT = 'comment';

/** What the modal remembers in private_metadata: a claim, checked again on submit. */
export interface ReportViewMetadata {
  questionId: string;
  surface: ReportSurface;
  /** The conversation the button was in, where the thanks goes (privately). */
  channelId?: string;
}

export function encodeReportMetadata(m: ReportViewMetadata): string {
  return JSON.stringify({ q: m.questionId, s: m.surface, ...(m.channelId ? { c: m.channelId } : {}) });
}

const PROMPT_SHOWN = 600;
const plain = (text: string): types.PlainTextElement => ({ type: 'plain_text', text });
const SURFACE_WORDS: Readonly<Record<ReportSurface, string>> = {
  feedback: 'their answer feedback',
  reveal: 'the reveal in the channel',
  practice: 'practice',
};

export function renderReportModal(question: Question, metadata: ReportViewMetadata): types.ModalView {
  const prompt = question.prompt.length > PROMPT_SHOWN ? `${question.prompt.slice(0, PROMPT_SHOWN - 1)}…` : question.prompt;
  return {
    type: 'modal',
    callback_id: REPORT_VIEW,
    private_metadata: encodeReportMetadata(metadata),
    title: plain('Report a problem'),
    submit: plain('Send report'),
    close: plain('Cancel'),
    blocks: [
      section(`*${escapeMrkdwn(prompt)}*\n\`${question.id}\``),
      {
        type: 'input',
        block_id: REASON_INPUT,
        label: plain('What is wrong with this question?'),
        element: {
          type: 'radio_buttons',
          action_id: REASON_INPUT,
          options: REPORT_REASONS.map((reason) => ({ text: plain(REASON_LABELS[reason]), value: reason })),
        },
      },
      {
        type: 'input',
        block_id: COMMENT_INPUT,
        optional: true,
        label: plain('Anything the author should know?'),
        element: {
          type: 'plain_text_input',
          action_id: COMMENT_INPUT,
          multiline: true,
          max_length: REPORT_COMMENT_MAX,
          placeholder: plain('e.g. the docs say 15 minutes, and link the page'),
        },
      },
      context(MESSAGES.reportModalNote),
    ],
  };
}

/** The report as posted in REPORTS_CHANNEL: the question, the reason, the comment (escaped), who. */
export function renderReportPost(report: Report, question: Question | undefined): Message {
  const title = `Question reported: ${report.questionId} (${REASON_LABELS[report.reason]})`;
  const lines = [
    `:triangular_flag_on_post: *Question reported* · \`${report.questionId}\`${question ? ` · ${escapeMrkdwn(question.topic)}` : ''}`,
    question ? `>${escapeMrkdwn(question.prompt.slice(0, PROMPT_SHOWN))}` : '',
    `*Reason:* ${REASON_LABELS[report.reason]}`,
    report.comment ? `*Comment:* ${escapeMrkdwn(report.comment)}` : '*Comment:* _none_',
  ].filter(Boolean);
  return {
    text: title,
    blocks: [
      section(lines.join('\n')),
      context(
        `Reported by <@${report.userId}> from ${SURFACE_WORDS[report.surface]} · \`npm run cli -- reports resolve ${report.questionId}\` once it is fixed`,
      ),
    ],
  };
}
