/**
 * Personal practice: private sessions of a few questions chosen by spaced repetition, graded from
 * the server's own records. The rules live in practice/ (pure); this loads the facts, asks them,
 * and stores what they decide through the PracticeStore.
 */
import type { Bank, Question } from '../content/bank.ts';
import { EXAM_DOMAIN_TAGS, EXAMS } from '../content/exams.ts';
import {
  accuracyByTopic,
  DEFAULT_DAILY_REVIEW_CAP,
  DEFAULT_SESSION_SIZE,
  dueCounts,
  nextPracticeQuestion,
  type PracticeSession,
  reviewDayStart,
  sessionSize,
  type TopicAccuracy,
  weakestTopics,
} from '../practice/choose.ts';
import { describeNextReview, isRetired, type PracticeCard } from '../practice/schedule.ts';
import { choiceText, gradeAnswer, wrongPicks } from '../quiz/grade.ts';
import type { PostedQuestion } from '../quiz/model.ts';
import type { PracticeHistoryDeleted, PracticeSettings, PracticeStore } from './practice-store.ts';

export interface PracticeServiceOptions {
  store: PracticeStore;
  bank: () => Bank;
  now: () => Date;
  random?: () => number;
  /** The workspace's defaults (PRACTICE_SESSION_SIZE, PRACTICE_DAILY_REVIEW_CAP); a person's own setting wins. */
  dailyReviewCap?: number;
  /** Questions of a workspace held out of the rotation (reported wrong, under review). */
  heldOut?: (teamId: string) => Promise<ReadonlySet<string>>;
  sessionSize?: number;
}

export interface PracticeProgress {
  asked: number;
  correct: number;
  size: number;
}

/** How a finished session went, and the text that says so ("4 of 5 right · 12 reviews due this week"). */
export interface PracticeSummary {
  right: number;
  asked: number;
  dueWeek: number;
  text: string;
}

export type PracticeStartResult =
  | { kind: 'question'; session: PracticeSession; question: Question }
  | { kind: 'nothing_left' }
  | { kind: 'unknown_topic'; topics: string[] }
  | { kind: 'unknown_exam'; exams: string[] };

export interface WrongPick {
  key: string;
  text: string;
  why?: string;
}

export type PracticeAnswerResult =
  | {
      kind: 'graded';
      isCorrect: boolean;
      question: Question;
      selection: string;
      /** The person's wrong picks, each with the content's reason where it has one. */
      why: WrongPick[];
      /** "again today", "in 6 days", … */
      nextReview: string;
      nextDue: Date;
      progress: PracticeProgress;
      isLast: boolean;
      summary?: PracticeSummary;
    }
  | { kind: 'duplicate' }
  | { kind: 'stale' }
  | { kind: 'not_found' }
  | { kind: 'invalid_choice' };

export type PracticeNextResult =
  | { kind: 'question'; session: PracticeSession; question: Question; progress: PracticeProgress }
  | { kind: 'done'; summary: PracticeSummary }
  | { kind: 'not_found' };

export interface PracticeDashboard {
  dueToday: number;
  dueWeek: number;
  /** Questions retired for the person: right three times in a row at long intervals. */
  mastered: number;
  /** Every topic of the bank; the three weakest practised topics are marked. */
  accuracyByTopic: (TopicAccuracy & { isWeak: boolean })[];
  /** The daily reminder's local time ("09:00"), or null when it is off. */
  remindAt: string | null;
  /** Away mode's end, while the person is away. */
  awayUntil: Date | null;
}

/** A topic as typed ("API Gateway", "api-gateway") in the bank's spelling. */
const topicKey = (topic: string): string =>
  topic
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');

export class PracticeService {
  private readonly store: PracticeStore;
  private readonly random: () => number;
  private readonly cap: number;
  private readonly size: number;

  constructor(private readonly o: PracticeServiceOptions) {
    this.store = o.store;
    this.random = o.random ?? Math.random;
    this.cap = o.dailyReviewCap ?? DEFAULT_DAILY_REVIEW_CAP;
    this.size = o.sessionSize ?? DEFAULT_SESSION_SIZE;
  }

  /** The session size and the daily review cap a person practises with: their own, else the workspace's. */
  limitsOf(settings: Pick<PracticeSettings, 'sessionSize' | 'dailyReviewCap'>): { size: number; cap: number } {
    return { size: settings.sessionSize ?? this.size, cap: settings.dailyReviewCap ?? this.cap };
  }

  /**
   * Brings a person's practice up to date before it is read: their daily answers become reviews,
   * and an absence that has ended moves the reviews due during it on (practice/away.ts).
   */
  private async prepare(teamId: string, userId: string, now: Date): Promise<PracticeSettings> {
    await this.store.importDailyReviews(teamId, userId);
    const settings = await this.store.settings(teamId, userId);
    if (settings.awayFrom && settings.awayUntil && settings.awayUntil.getTime() <= now.getTime()) {
      await this.store.returnFromAway(teamId, userId, settings.awayUntil);
      return { ...settings, awayFrom: null, awayUntil: null };
    }
    return settings;
  }

  async start(
    teamId: string,
    userId: string,
    options: { topic?: string; exam?: string; size?: number } = {},
  ): Promise<PracticeStartResult> {
    const bank = this.o.bank();
    let topic: string | undefined;
    if (options.topic !== undefined) {
      topic = bank.topics.find((t) => t.topic === topicKey(options.topic ?? ''))?.topic;
      if (!topic) return { kind: 'unknown_topic', topics: bank.topics.map((t) => t.topic) };
    }
    let exam: string | undefined;
    if (options.exam !== undefined) {
      const wanted = options.exam.trim().toUpperCase();
      exam = [...EXAMS, ...EXAM_DOMAIN_TAGS].find((e) => e === wanted);
      if (!exam) return { kind: 'unknown_exam', exams: [...EXAMS] };
    }
    const now = this.o.now();
    const limits = this.limitsOf(await this.prepare(teamId, userId, now));
    const cards = await this.store.cards(teamId, userId);
    const choice = await this.choose(bank, teamId, userId, now, { topic, exam }, limits.cap, cards);
    if (!choice) return { kind: 'nothing_left' };
    const size = sessionSize(options.size ?? limits.size);
    const session = await this.store.createSession(
      { teamId, userId, topic: topic ?? null, exam: exam ?? null, size, questionId: choice.id },
      now,
    );
    return { kind: 'question', session, question: choice };
  }

  /**
   * Grades `selection` for the question the session is on. The button's ids are only a claim: the
   * question must be this person's session's current one, or nothing is scored.
   */
  async answer(
    teamId: string,
    userId: string,
    sessionId: number,
    questionId: string,
    selection: string,
  ): Promise<PracticeAnswerResult> {
    const bank = this.o.bank();
    const question = bank.questionById.get(questionId);
    if (!question) {
      const session = await this.store.getSession(teamId, userId, sessionId);
      return { kind: session ? 'stale' : 'not_found' };
    }
    const posted = this.posted(bank, question);
    const { isValid, isCorrect } = gradeAnswer(posted, selection);
    if (!isValid) return { kind: 'invalid_choice' };
    const now = this.o.now();
    const record = await this.store.recordPracticeAnswer(
      { teamId, userId, sessionId, questionId, choice: selection, isCorrect },
      now,
    );
    if (record.kind !== 'recorded') return { kind: record.kind };

    let session = record.session;
    const [cards, settings] = await Promise.all([this.store.cards(teamId, userId), this.store.settings(teamId, userId)]);
    if (session.state === 'open') {
      // The last question too when nothing else is left to ask.
      const answered = await this.store.answeredInSession(teamId, userId, session.id);
      const { cap } = this.limitsOf(settings);
      const next = await this.choose(bank, teamId, userId, now, scopeOf(session), cap, cards, new Set(answered), questionId);
      if (!next) {
        await this.store.finishSession(teamId, userId, session.id, now);
        session = { ...session, state: 'done' };
      }
    }
    const isLast = session.state === 'done';
    return {
      kind: 'graded',
      isCorrect,
      question,
      selection,
      why: wrongPicks(posted, selection).map((p) => ({ ...p, text: choiceText(posted, p.key) })),
      nextReview: describeNextReview(record.nextDue, now),
      nextDue: record.nextDue,
      progress: progressOf(session),
      isLast,
      ...(isLast ? { summary: summaryOf(session, bank, cards, now) } : {}),
    };
  }

  /**
   * The session's next question, never the one just answered nor any asked before in it. A
   * question still unanswered is shown again, so a double click on "Next" skips nothing.
   */
  async next(teamId: string, userId: string, sessionId: number): Promise<PracticeNextResult> {
    const bank = this.o.bank();
    const now = this.o.now();
    const session = await this.store.getSession(teamId, userId, sessionId);
    if (!session) return { kind: 'not_found' };
    const [answered, cards, settings] = await Promise.all([
      this.store.answeredInSession(teamId, userId, sessionId),
      this.store.cards(teamId, userId),
      this.store.settings(teamId, userId),
    ]);
    if (session.state === 'done') return { kind: 'done', summary: summaryOf(session, bank, cards, now) };
    const current = session.currentQuestionId;
    const onScreen = current === null ? undefined : bank.questionById.get(current);
    if (current !== null && onScreen && !answered.includes(current)) {
      return { kind: 'question', session, question: onScreen, progress: progressOf(session) };
    }
    const { cap } = this.limitsOf(settings);
    const question = await this.choose(bank, teamId, userId, now, scopeOf(session), cap, cards, new Set(answered), current);
    if (!question) {
      await this.store.finishSession(teamId, userId, sessionId, now);
      return { kind: 'done', summary: summaryOf({ ...session, state: 'done' }, bank, cards, now) };
    }
    if (!(await this.store.moveSession(teamId, userId, sessionId, current, question.id, now))) {
      // Someone else (another click) moved it first: show where it is now.
      return this.next(teamId, userId, sessionId);
    }
    const moved = { ...session, currentQuestionId: question.id, updatedAt: now };
    return { kind: 'question', session: moved, question, progress: progressOf(moved) };
  }

  async dashboard(teamId: string, userId: string): Promise<PracticeDashboard> {
    const bank = this.o.bank();
    const now = this.o.now();
    const settings = await this.prepare(teamId, userId, now);
    const cards = inBank(bank, await this.store.cards(teamId, userId));
    const due = dueCounts(cards.values(), now);
    const rows = accuracyByTopic(bank.questions, cards);
    const weak = new Set(weakestTopics(rows, 3));
    return {
      dueToday: due.today,
      dueWeek: due.week,
      mastered: [...cards.values()].filter(isRetired).length,
      accuracyByTopic: rows.map((r) => ({ ...r, isWeak: weak.has(r.topic) })),
      remindAt: settings.remindAt,
      awayUntil: settings.awayUntil,
    };
  }

  /**
   * Deletes the person's practice history (cards, reviews, sessions); nobody else's. Their daily
   * answers until now stay out of it: practice starts afresh.
   */
  reset(teamId: string, userId: string): Promise<PracticeHistoryDeleted> {
    return this.store.deleteHistory(teamId, userId, this.o.now());
  }

  private async choose(
    bank: Bank,
    teamId: string,
    userId: string,
    now: Date,
    scope: { topic: string | undefined; exam: string | undefined },
    cap: number,
    cards: Map<string, PracticeCard>,
    exclude?: ReadonlySet<string>,
    lastQuestionId?: string | null,
  ): Promise<Question | undefined> {
    const [reviewsDoneToday, heldOut] = await Promise.all([
      this.store.reviewsSince(teamId, userId, reviewDayStart(now)),
      this.o.heldOut?.(teamId),
    ]);
    return nextPracticeQuestion({
      questions: bank.questions,
      cards,
      now,
      lastQuestionId: lastQuestionId ?? undefined,
      exclude: heldOut?.size ? new Set([...(exclude ?? []), ...heldOut]) : exclude,
      topic: scope.topic,
      examDomain: scope.exam,
      reviewsDoneToday,
      dailyReviewCap: cap,
      random: this.random,
    })?.question;
  }

  private posted(bank: Bank, question: Question): PostedQuestion {
    const topicTitle = bank.topics.find((t) => t.topic === question.topic)?.title ?? question.topic;
    return { ...question, topicTitle };
  }
}

const scopeOf = (s: PracticeSession) => ({ topic: s.topic ?? undefined, exam: s.exam ?? undefined });

const progressOf = (s: PracticeSession): PracticeProgress => ({ asked: s.asked, correct: s.correct, size: s.size });

/** The cards of questions still in the bank: a question removed from the content is never due. */
function inBank(bank: Bank, cards: Map<string, PracticeCard>): Map<string, PracticeCard> {
  for (const id of cards.keys()) if (!bank.questionById.has(id)) cards.delete(id);
  return cards;
}

function summaryOf(session: PracticeSession, bank: Bank, cards: Map<string, PracticeCard>, now: Date): PracticeSummary {
  const dueWeek = dueCounts(inBank(bank, new Map(cards)).values(), now).week;
  const reviews = dueWeek === 1 ? 'review' : 'reviews';
  return {
    right: session.correct,
    asked: session.asked,
    dueWeek,
    text: `${session.correct} of ${session.asked} right · ${dueWeek} ${reviews} due this week`,
  };
}
