/**
 * Practice in the app's DM, as pure Block Kit: a question with its answer controls, the feedback
 * with when it comes back, and the dashboard lines of the App Home. Button values carry ids only
 * ("<session>:<question>:<key>"); the service grades from its own records.
 */
import { isMultipleResponse, type Question } from '../content/bank.ts';
import { choiceText } from '../quiz/grade.ts';
import type { PracticeAnswerResult, PracticeDashboard, PracticeProgress } from '../services/practice.ts';
import {
  answerControls,
  type Block,
  context,
  escapeMrkdwn,
  letter,
  link,
  type Message,
  practiceButton,
  questionBody,
  reportButton,
  section,
} from './blocks.ts';
import { MESSAGES } from './messages.ts';

export { PRACTICE_START } from './blocks.ts';

export const PRACTICE_PICK = 'practice_pick';
export const PRACTICE_SUBMIT = 'practice_submit';
export const PRACTICE_NEXT = 'practice_next';
export const PRACTICE_RESET = 'practice_reset_confirm';
export const PRACTICE_REMIND_TOGGLE = 'practice_remind_toggle';

/** An instant as Slack shows it to each reader, in the reader's own zone ("Dec 9th at 9:00 AM"). */
export const slackDate = (at: Date): string =>
  `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} at {time}|${at.toISOString().slice(0, 16).replace('T', ' ')} UTC>`;

const posted = (q: Question) => ({ ...q, topicTitle: q.topic });

const practiceControls = (sessionId: number, q: Question): Block =>
  answerControls(q, {
    blockId: 'practice',
    buttonPrefix: 'practice_answer_',
    pickAction: PRACTICE_PICK,
    submitAction: PRACTICE_SUBMIT,
    value: (key) => `${sessionId}:${q.id}:${key}`,
  });

const questionText = (q: Question): string => questionBody(posted(q));

export function renderPracticeQuestion(sessionId: number, q: Question, progress: PracticeProgress): Message {
  const many = isMultipleResponse(q) ? ' · tick every right choice, then Submit' : '';
  return {
    text: escapeMrkdwn(`Practice ${progress.asked + 1} of ${progress.size}: ${q.prompt}`),
    blocks: [
      section(`:dart: *Practice* · question ${progress.asked + 1} of ${progress.size} · \`${q.topic}\``),
      section(questionText(q)),
      practiceControls(sessionId, q),
      context(`Only you see this${many} · ${link(q.source, 'AWS docs')}`),
    ],
  };
}

/** The feedback on a practice answer, in place of the question: verdict first, then why and when it returns. */
export function renderPracticeFeedback(sessionId: number, r: PracticeAnswerResult): Message {
  if (r.kind !== 'graded') {
    const text =
      r.kind === 'duplicate'
        ? 'You already answered this one; it counted once.'
        : "That button doesn't match the question your practice is on, so nothing was scored. Use the latest question, or start again with `/aws practice`.";
    return { text, blocks: [section(`:raised_hand: ${text}`)] };
  }
  const q = r.question;
  const verdict = r.isCorrect
    ? `:white_check_mark: *Correct* — ${letter(r.selection)}) ${escapeMrkdwn(choiceText(posted(q), r.selection))}`
    : `:x: *Not quite* — you picked ${letter(r.selection)}; the answer is ${letter(q.answer)}) ${escapeMrkdwn(choiceText(posted(q), q.answer))}`;
  const why = r.isCorrect
    ? ''
    : r.why
        .filter((w) => w.why)
        .map((w) => `\n_Why not ${letter(w.key)}:_ ${escapeMrkdwn(w.why ?? '')}`)
        .join('');
  const blocks: Block[] = [
    section(questionText(q)),
    section(`${verdict}\n${escapeMrkdwn(q.explanation)}${why}`),
    context(`${link(q.source, 'AWS docs')} · this question comes back *${escapeMrkdwn(r.nextReview)}*`),
  ];
  if (r.summary) {
    blocks.push(section(`:checkered_flag: *Practice done:* ${escapeMrkdwn(r.summary.text)}`));
    blocks.push({
      type: 'actions',
      block_id: 'practice_more',
      elements: [practiceButton('Practice again'), reportButton(q.id, 'practice')],
    });
  } else {
    blocks.push({
      type: 'actions',
      block_id: 'practice_next',
      elements: [
        {
          type: 'button',
          action_id: PRACTICE_NEXT,
          style: 'primary',
          text: { type: 'plain_text', text: 'Next' },
          value: String(sessionId),
        },
        reportButton(q.id, 'practice'),
      ],
    });
  }
  return { text: r.isCorrect ? '✅ Correct' : '❌ Not quite', blocks };
}

/** The practice lines of the App Home and of `/aws streak`. */
export function practiceLine(d: Pick<PracticeDashboard, 'dueToday' | 'dueWeek' | 'mastered'>): string {
  return `:repeat: Practice: *${d.dueToday}* reviews due today, ${d.dueWeek} this week · ${d.mastered} mastered`;
}

/** The App Home's reminder line and its toggle: one button that flips "remind me when reviews are due". */
function reminderBlock(d: Pick<PracticeDashboard, 'remindAt' | 'awayUntil'>): Block {
  const isOn = d.remindAt !== null;
  const away = d.awayUntil ? ` · :palm_tree: away until ${slackDate(d.awayUntil)} (\`/aws practice away off\` when back)` : '';
  const text = isOn
    ? `:bell: Reminder on: at *${d.remindAt}* your time, when reviews are due${away}`
    : `:no_bell: Remind me when reviews are due (\`/aws practice remind 9:00\` sets the time)${away}`;
  return {
    type: 'section',
    block_id: 'practice_remind',
    text: { type: 'mrkdwn', text },
    accessory: {
      type: 'button',
      action_id: PRACTICE_REMIND_TOGGLE,
      text: { type: 'plain_text', text: isOn ? 'Turn reminder off' : 'Remind me' },
      value: isOn ? 'off' : 'on',
    },
  };
}

/** The daily reminder in the DM: how many reviews are due, and the Practice button. */
export function renderPracticeNudge(dueCount: number): Message {
  const due = MESSAGES.practiceNudge(dueCount);
  return {
    // The notification's text: what is due, and the button it leads to.
    text: `${due} · Practice`,
    blocks: [
      section(`:bell: *${due}* · a few minutes now keeps them from slipping.`),
      { type: 'actions', block_id: 'practice_nudge', elements: [practiceButton()] },
      context('Your daily reminder · `/aws practice remind off` stops it · `/aws practice away 7d` pauses it'),
    ],
  };
}

export function renderPracticeDashboard(d: PracticeDashboard): Block[] {
  const practised = d.accuracyByTopic.filter((t) => t.accuracy !== null);
  const topics = practised
    .map(
      (t) =>
        `${t.isWeak ? ':small_red_triangle_down: ' : '• '}\`${t.topic}\` ${Math.round(100 * (t.accuracy ?? 0))}% of ${t.reviews}`,
    )
    .join('\n');
  return [
    section(`*Your practice*\n${practiceLine(d)}`),
    section(
      topics
        ? `*Accuracy by topic* (the three weakest marked)\n${topics}`
        : '_No practice yet: press Practice for five questions picked for you._',
    ),
    reminderBlock(d),
    { type: 'actions', block_id: 'practice_home', elements: [practiceButton()] },
  ];
}

/** `/aws practice reset` asks first: the history goes only when the person confirms. */
export function renderPracticeResetAsk(): Message {
  return {
    text: MESSAGES.practiceResetAsk,
    blocks: [
      section(`:warning: ${MESSAGES.practiceResetAsk}`),
      {
        type: 'actions',
        block_id: 'practice_reset',
        elements: [
          {
            type: 'button',
            action_id: PRACTICE_RESET,
            style: 'danger',
            text: { type: 'plain_text', text: 'Delete my practice history' },
            value: 'reset',
          },
        ],
      },
    ],
  };
}
