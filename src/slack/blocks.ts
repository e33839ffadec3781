/**
 * Pure functions from domain values to Block Kit. Slack's limits (50 blocks a message, 3,000
 * characters a section, 75 a button label, 2,000 a button value) are checked in blocks.test.ts.
 */
import type { types } from '@slack/bolt';
import type { Bank, Card } from '../content/bank.ts';
import { isMultipleResponse } from '../content/bank.ts';
import type { LookupAnswer } from '../lookup/index.ts';
import { choiceText, wrongPicks } from '../quiz/grade.ts';
import type { AnswerOutcome, LeaderRow, PersonalRecord, Post, PostedQuestion, QuizChannel } from '../quiz/model.ts';
import type { PeriodRange } from '../quiz/periods.ts';
import { withRanks } from '../quiz/periods.ts';
import type { ReportSurface } from '../quiz/reports.ts';

export type Block = types.KnownBlock;
export interface Message {
  text: string;
  blocks: Block[];
}

export const SECTION_LIMIT = 3000;

/**
 * Slack mrkdwn control characters in content must be escaped, or "<5 min" becomes a broken link
 * and "<!channel>" a ping. The rule: every text that comes from content or from people is escaped,
 * in blocks and in the fallback `text` alike; the only `<…>` tokens in a message are the ones the
 * app writes itself (`link`, `<@user>` mentions). Content writes links as plain URLs or `source`.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The AWS documentation search for some words: where a lookup sends a question it cannot answer. */
export function awsDocsSearch(query: string): string {
  return `https://docs.aws.amazon.com/search/doc-search.html?searchPath=documentation&searchQuery=${encodeURIComponent(query.trim())}`;
}

/** A link the app writes itself; the URL cannot close the token or add a label of its own. */
export function link(url: string, label: string): string {
  return `<${url.replace(/[<>|\s]/g, encodeURIComponent)}|${escapeMrkdwn(label)}>`;
}

function clip(text: string, max = SECTION_LIMIT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text) } });
export const context = (...texts: string[]): Block => ({
  type: 'context',
  elements: texts.map((t) => ({ type: 'mrkdwn' as const, text: clip(t, 2000) })),
});

const DIFFICULTY = ['', 'recall', 'apply', 'design'];
/** "a" -> "A"; a selection "a,c" -> "A + C". */
export const letter = (selection: string) => selection.toUpperCase().split(',').join(' + ');

/** The action ids of a choose-two question: checkboxes to pick, and a button to submit the picks. */
export const PICK_ACTION = 'answer_pick';
export const SUBMIT_ACTION = 'answer_submit';

export function questionBody(q: PostedQuestion): string {
  const choices = q.choices.map((c) => `*${letter(c.key)})* ${escapeMrkdwn(c.text)}`).join('\n');
  return `*${escapeMrkdwn(q.prompt)}*\n\n${choices}`;
}

export function answerButtonValue(postId: number, key: string): string {
  return `${postId}:${key}`;
}

/** How one surface names its answer controls: the daily question's, or practice's. */
export interface AnswerControlNames {
  blockId: string;
  /** The letter buttons are `<buttonPrefix><key>`. */
  buttonPrefix: string;
  pickAction: string;
  submitAction: string;
  /** A button's value: ids only; `key` is a letter, or `submit`. */
  value: (key: string) => string;
}

/** One button per choice, or for a "choose two" question checkboxes and a Submit button. */
export function answerControls(q: Pick<PostedQuestion, 'choices' | 'answer'>, names: AnswerControlNames): Block {
  if (!isMultipleResponse(q)) {
    return {
      type: 'actions',
      block_id: names.blockId,
      elements: q.choices.map((c) => ({
        type: 'button' as const,
        action_id: `${names.buttonPrefix}${c.key}`,
        text: { type: 'plain_text' as const, text: letter(c.key) },
        value: names.value(c.key),
      })),
    };
  }
  return {
    type: 'actions',
    block_id: names.blockId,
    elements: [
      {
        type: 'checkboxes',
        action_id: names.pickAction,
        options: q.choices.map((c) => ({ text: { type: 'plain_text' as const, text: letter(c.key) }, value: c.key })),
      },
      {
        type: 'button',
        action_id: names.submitAction,
        style: 'primary',
        text: { type: 'plain_text', text: 'Submit' },
        value: names.value('submit'),
      },
    ],
  };
}

const answerElements = (post: Pick<Post, 'id' | 'question'>): Block =>
  answerControls(post.question, {
    blockId: 'answer',
    buttonPrefix: 'answer_',
    pickAction: PICK_ACTION,
    submitAction: SUBMIT_ACTION,
    value: (key) => answerButtonValue(post.id, key),
  });

const picksHint = (q: PostedQuestion) =>
  isMultipleResponse(q) ? ` · choose ${q.answer.split(',').length}, then Submit (all must be right)` : '';

/** Why each wrongly picked choice is wrong, where the content says. */
function whyLines(q: PostedQuestion, selection: string): string {
  return wrongPicks(q, selection)
    .filter((w) => w.why)
    .map((w) => `\n_Why not ${letter(w.key)}:_ ${escapeMrkdwn(w.why ?? '')}`)
    .join('');
}

const countLine = (n: number) => (n === 0 ? 'No answers yet' : n === 1 ? '1 answer so far' : `${n} answers so far`);

export function renderQuestion(post: Pick<Post, 'id' | 'question' | 'answerCount'>): Message {
  const q = post.question;
  return {
    text: escapeMrkdwn(`AWS question of the day (${q.topicTitle}): ${q.prompt}`),
    blocks: [
      section(`:brain: *AWS question of the day* · ${escapeMrkdwn(q.topicTitle)}`),
      section(questionBody(q)),
      answerElements(post),
      context(
        `${escapeMrkdwn(q.topicTitle)} · difficulty ${q.difficulty} of 3 (${DIFFICULTY[q.difficulty]}) · your answer is private${picksHint(q)} · ${countLine(post.answerCount)}`,
      ),
    ],
  };
}

export function renderReveal(post: Pick<Post, 'question' | 'answerCount' | 'correctCount'>): Message {
  const q = post.question;
  const share = post.answerCount === 0 ? '' : ` · ${Math.round((100 * post.correctCount) / post.answerCount)}% got it right`;
  const answered = post.answerCount === 1 ? '1 person answered' : `${post.answerCount} people answered`;
  return {
    text: escapeMrkdwn(`Answer: ${letter(q.answer)}) ${choiceText(q, q.answer)}`),
    blocks: [
      section(`:brain: *AWS question of the day* · ${escapeMrkdwn(q.topicTitle)} · _closed_`),
      section(questionBody(q)),
      // The button sits beside the answer, not in an actions block: the reveal has no answer controls.
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: clip(
            `:white_check_mark: *Answer: ${letter(q.answer)}) ${escapeMrkdwn(choiceText(q, q.answer))}*\n${escapeMrkdwn(q.explanation)}`,
          ),
        },
        accessory: reportButton(q.id, 'reveal'),
      },
      context(`${answered}${share}`, link(q.source, 'AWS docs')),
    ],
  };
}

function streakLine(streak: number, best: number, points: number): string {
  const fire = streak >= 3 ? ' :fire:' : '';
  return `Streak: *${streak}*${fire} (best ${best}) · points: ${points}`;
}

export const PRACTICE_START = 'practice_start';

/** The action id of "Report a problem"; its value is "<surface>:<question id>" (ids only). */
export const REPORT_ACTION = 'report_problem';

/** Opens the report modal for a question, read on one surface (the feedback, the reveal, practice). */
export function reportButton(questionId: string, surface: ReportSurface): types.Button {
  return {
    type: 'button',
    action_id: REPORT_ACTION,
    text: { type: 'plain_text', text: 'Report a problem' },
    value: `${surface}:${questionId}`,
  };
}

/** Starts a private practice session in the app's DM. */
export function practiceButton(label = 'Practice'): types.Button {
  return { type: 'button', action_id: PRACTICE_START, text: { type: 'plain_text', text: label }, value: 'start' };
}

/** The private reply to a click. */
export function renderFeedback(outcome: AnswerOutcome): Message {
  switch (outcome.kind) {
    case 'graded': {
      const q = outcome.post.question;
      const verdict = outcome.isCorrect
        ? `:white_check_mark: *Correct* — ${letter(outcome.choice)}) ${escapeMrkdwn(choiceText(q, outcome.choice))}`
        : `:x: *Not quite* — you picked ${letter(outcome.choice)}; the answer is ${letter(q.answer)}) ${escapeMrkdwn(choiceText(q, q.answer))}`;
      return {
        text: outcome.isCorrect ? '✅ Correct' : '❌ Not quite',
        blocks: [
          section(`${verdict}\n${escapeMrkdwn(q.explanation)}${outcome.isCorrect ? '' : whyLines(q, outcome.choice)}`),
          context(link(q.source, 'AWS docs'), streakLine(outcome.streak, outcome.bestStreak, outcome.points)),
          {
            type: 'actions',
            block_id: 'practice_more',
            elements: [practiceButton('Practice more like this'), reportButton(q.id, 'feedback')],
          },
        ],
      };
    }
    case 'duplicate': {
      const q = outcome.post.question;
      const text = `You already answered this one: ${letter(outcome.firstChoice)}) ${escapeMrkdwn(choiceText(q, outcome.firstChoice))}. One answer per person.`;
      return { text, blocks: [section(`:raised_hand: ${text}`)] };
    }
    case 'closed': {
      const text = 'This question is closed; the answer is on the message. A new one comes with the next quiz.';
      return { text, blocks: [section(`:lock: ${text}`)] };
    }
    case 'not_found':
    case 'invalid_choice': {
      const text =
        "Sorry, that button doesn't match a question I know. Nothing was recorded; try the buttons on the latest question.";
      return { text, blocks: [section(`:warning: ${text}`)] };
    }
  }
}

export function renderError(text: string): Message {
  return { text: escapeMrkdwn(text), blocks: [section(`:warning: ${escapeMrkdwn(text)}`)] };
}

export function renderNotice(text: string): Message {
  return { text, blocks: [section(text)] };
}

/** What everyone can type. */
export const COMMANDS: [string, string][] = [
  ['/aws lambda limits', 'look up a topic card (any words work, typos too)'],
  ['/aws fargate vs lambda', 'compare two services'],
  ['/aws topics', 'list the topics with their card and question counts (`/aws topics lambda` for one)'],
  ['/aws leaderboard [week|month|all]', 'points, accuracy and streaks (default: this week)'],
  ['/aws streak', 'your current and best streak, points and accuracy, and your practice (also `/aws me`)'],
  ['/aws practice [topic]', 'five questions picked for you in a private DM: what you got wrong comes back (spaced repetition)'],
  [
    '/aws practice exam dva-c02',
    'practice by exam domain (`dva-c02` or `saa-c03`); `/aws practice reset` deletes your practice history',
  ],
  [
    '/aws practice remind 9:00',
    'a DM at that time in your zone on days when reviews are due (`remind off` stops it); `/aws practice away 7d` pauses it and moves due reviews on',
  ],
  ['/aws practice size 10', 'questions per practice session, 1 to 20 (`/aws practice cap 30`: reviews a day)'],
  ['/aws help', 'this list'],
];

/** What quiz admins can type (workspace admins and owners, and ADMIN_USER_IDS); shown to them only. */
export const ADMIN_COMMANDS: [string, string][] = [
  ['/aws quiz setup', 'a form for the daily quiz: channel, time, days, time zone, topics, exam, difficulty, reveal delay'],
  ['/aws quiz here [cron] [zone]', 'start the daily quiz in this channel, e.g. `/aws quiz here 0 9 * * 1-5 Europe/Berlin`'],
  ['/aws quiz now', 'post the next question here at once'],
  ['/aws quiz pause', 'pause the quiz here (`/aws quiz resume` starts it again)'],
  ['/aws quiz off', 'stop the daily quiz in this channel'],
  ['/aws quiz status', 'schedule, state, question settings, next question time and last error'],
  ['/aws quiz recap off', 'no weekly recap in this channel (`/aws quiz recap on` brings it back)'],
  ['/aws stats', 'team participation and accuracy by week, topic and exam domain; the hardest questions'],
];

/** The daily quiz's rules, in two lines. */
export const QUIZ_RULES = [
  'A question comes in the quiz channel on its schedule (at most 3 a day): click an answer and only you see whether you were right and why; everyone sees the answer when it is revealed.',
  "Each right answer is a point; right answers to the channel's questions in a row are your streak, and a wrong or missed one ends it. Leaderboards run by week (from Monday) and by month.",
];

const commandLines = (list: [string, string][]) => list.map(([cmd, what]) => `\`${cmd}\` — ${what}`).join('\n');

/** The admin part of the help on its own (sent after the rest when admin rights had to be asked of Slack). */
export function renderAdminHelp(): Message {
  return { text: 'Commands for quiz admins', blocks: [section(`*For admins*\n${commandLines(ADMIN_COMMANDS)}`)] };
}

/** The help: the rules, the commands for everyone and, for admins only, theirs. */
export function renderHelp(intro?: string, options: { isAdmin?: boolean } = {}): Message {
  return {
    text: 'AWS Serverless Tutor commands',
    blocks: [
      ...(intro ? [section(intro)] : []),
      section(
        `*AWS Serverless Tutor* — a daily AWS serverless question, instant lookups and team standings.\n\n*How the daily quiz works*\n${QUIZ_RULES.join('\n')}`,
      ),
      section(`*For everyone*\n${commandLines(COMMANDS)}`),
      ...(options.isAdmin ? renderAdminHelp().blocks : []),
    ],
  };
}

export function renderTopics(bank: Bank, filter?: string): Message {
  const wanted = filter?.toLowerCase();
  const matching = wanted
    ? bank.topics.filter((t) => t.topic === wanted || t.topic.includes(wanted) || t.title.toLowerCase().includes(wanted))
    : [];
  if (matching.length > 0) return renderSomeTopics(matching);
  const lines = bank.topics.map(
    (t) => `• *${escapeMrkdwn(t.title)}* (\`${t.topic}\`): ${t.cards.length} cards, ${t.questions.length} questions`,
  );
  return {
    text: 'Topics',
    blocks: [
      section(`*Topics* — ${bank.cards.length} cards, ${bank.questions.length} questions\n${lines.join('\n')}`),
      context('Look one up with `/aws &lt;topic or question&gt;`, e.g. `/aws eventbridge scheduler`.'),
    ],
  };
}

/** `/aws topics lambda`: the topics that match, with how to look them up and practise them. */
function renderSomeTopics(topics: Bank['topics']): Message {
  const lines = topics.map(
    (t) =>
      `• *${escapeMrkdwn(t.title)}* (\`${t.topic}\`): ${t.cards.length} cards, ${t.questions.length} questions — look it up with \`/aws ${t.topic}\`, practise it with \`/aws practice ${t.topic}\``,
  );
  return {
    text: 'Topics',
    blocks: [section(lines.join('\n')), context('Every topic: `/aws topics`.')],
  };
}

function cardBlocks(card: Card): Block[] {
  return [
    section(`*${escapeMrkdwn(card.title)}*\n${escapeMrkdwn(card.body)}`),
    context(`${link(card.source, 'AWS docs')} · topic: ${card.topic}`),
  ];
}

export function renderLookup(answer: LookupAnswer): Message {
  if (answer.kind === 'empty') return renderHelp();
  if (answer.kind === 'none') {
    const did =
      answer.didYouMean.length > 0 ? `Did you mean ${answer.didYouMean.map((w) => `\`${escapeMrkdwn(w)}\``).join(', ')}?\n` : '';
    const topics = answer.topics.map((t) => `\`${t.topic}\``).join(' · ');
    const text = `Not covered yet: no card matches “${escapeMrkdwn(answer.query)}” well enough to answer it.`;
    return {
      text,
      blocks: [
        section(`:mag: ${text}\n${did}Topics I know: ${topics}`),
        context(
          `${link(awsDocsSearch(answer.query), 'Search the AWS documentation')} for the same words · \`/aws topics\` · \`/aws help\``,
        ),
      ],
    };
  }
  const seeAlso = answer.seeAlso.map((c) => `*${escapeMrkdwn(c.title)}*`).join(' · ');
  const corrected = answer.corrected ? [context(`Showing results for “${escapeMrkdwn(answer.corrected)}”`)] : [];
  return {
    text: escapeMrkdwn(answer.card.title),
    blocks: [
      ...corrected,
      ...cardBlocks(answer.card),
      ...(seeAlso ? [context(`See also: ${seeAlso}`)] : []),
      {
        type: 'actions',
        block_id: 'share',
        elements: [
          {
            type: 'button',
            action_id: 'share_card',
            text: { type: 'plain_text', text: 'Share in channel' },
            value: answer.card.id,
          },
        ],
      },
    ],
  };
}

export function renderSharedCard(card: Card, userId: string): Message {
  return { text: escapeMrkdwn(card.title), blocks: [...cardBlocks(card), context(`Shared by <@${userId}> via \`/aws\``)] };
}

const pct = (correct: number, answers: number) => (answers === 0 ? '–' : `${Math.round((100 * correct) / answers)}%`);

export function renderLeaderboard(rows: LeaderRow[], range: PeriodRange): Message {
  if (rows.length === 0) {
    const text = `No points yet for ${range.label}. Answer the daily question to get on the board!`;
    return { text, blocks: [section(`:trophy: ${text}`)] };
  }
  const medal = ['', ':first_place_medal:', ':second_place_medal:', ':third_place_medal:'];
  const lines = withRanks(rows).map(
    (r) =>
      `${medal[r.rank] ?? `*${r.rank}.*`} <@${r.userId}> — *${r.points}* pt${r.points === 1 ? '' : 's'} · ${pct(r.points, r.answers)} correct · streak ${r.streak}`,
  );
  return {
    text: `Leaderboard (${range.label})`,
    blocks: [section(`:trophy: *Leaderboard — ${range.label}*\n${lines.join('\n')}`)],
  };
}

export function renderRecord(r: PersonalRecord): Message {
  if (r.answers === 0) {
    const text = "You haven't answered a question yet. The next daily question is your start!";
    return { text, blocks: [section(`:seedling: ${text}`)] };
  }
  const text = `Streak ${r.currentStreak} (best ${r.bestStreak}) · ${r.points} points · ${pct(r.correct, r.answers)} correct over ${r.answers} answers`;
  return {
    text,
    blocks: [
      section(
        `*Your record*\n:fire: Current streak: *${r.currentStreak}*\n:star: Best streak: *${r.bestStreak}*\n:trophy: Points: *${r.points}*\n:dart: Accuracy: *${pct(r.correct, r.answers)}* (${r.correct} of ${r.answers} answers)`,
      ),
    ],
  };
}

export function formatInZone(date: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(date);
}

/**
 * A date each reader sees in their own time zone and format: Slack's `<!date^…>` token, with the
 * channel-zone text as the fallback for clients (and notifications) that cannot render it.
 */
export function slackDate(date: Date, zone: string): string {
  const unix = Math.floor(date.getTime() / 1000);
  return `<!date^${unix}^{date_short_pretty} at {time}|${formatInZone(date, zone)}>`;
}

export function renderStatus(
  channel: QuizChannel | undefined,
  next: Date | undefined,
  latest: Post | undefined,
  defaultRevealHours?: number,
): Message {
  if (!channel || channel.state === 'off') {
    const text = 'The daily quiz is not running in this channel. Start it with `/aws quiz here` or `/aws quiz setup`.';
    return { text, blocks: [section(text)] };
  }
  const lines = [
    `*Daily quiz here:* ${channel.state === 'active' ? ':large_green_circle: running' : ':double_vertical_bar: paused'}`,
    `Schedule: \`${channel.schedule}\` (${channel.timezone})`,
    channel.state === 'active' && next
      ? `Next question: ${slackDate(next, channel.timezone)}`
      : 'Next question: none while paused',
    settingsLine(channel, defaultRevealHours),
  ];
  if (latest?.postedAt)
    lines.push(`Last question: ${slackDate(new Date(latest.postedAt), channel.timezone)} (${latest.answerCount} answers)`);
  if (channel.lastError)
    lines.push(
      `:warning: Last error: ${escapeMrkdwn(channel.lastError)} at ${slackDate(new Date(channel.lastErrorAt ?? 0), channel.timezone)}`,
    );
  return { text: lines.join('\n'), blocks: [section(lines.join('\n'))] };
}

/** A channel's question filter and reveal delay in one line. */
export function settingsLine(channel: Pick<QuizChannel, 'settings'>, defaultRevealHours?: number): string {
  const s = channel.settings;
  const topics = s.topics.length ? s.topics.map((t) => `\`${t}\``).join(', ') : 'all topics';
  const exam = s.exam ? ` · exam ${s.exam}` : '';
  const level =
    s.difficultyMin === 1 && s.difficultyMax === 3 ? 'any difficulty' : `difficulty ${s.difficultyMin}–${s.difficultyMax}`;
  const hours = s.revealAfterHours ?? defaultRevealHours;
  const reveal = hours === undefined ? 'the usual reveal delay' : `answer shown after ${hours} h`;
  return `Questions: ${topics}${exam} · ${level} · ${reveal}`;
}

export function renderHome(r: PersonalRecord, leaders: LeaderRow[], range: PeriodRange, practice: Block[] = []): types.HomeView {
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'AWS Serverless Tutor' } },
      ...renderRecord(r).blocks,
      { type: 'divider' },
      ...(practice.length ? [...practice, { type: 'divider' } as Block] : []),
      ...renderLeaderboard(leaders, range).blocks,
      { type: 'divider' },
      context('Type `/aws help` in any channel for commands, or `/aws lambda limits` to look something up.'),
    ],
  };
}
