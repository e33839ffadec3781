/**
 * The quiz's domain values, as plain data. Stores map their rows to these; services and renderers
 * work with them and nothing else.
 */
import type { Question } from '../content/bank.ts';

/** The question as it was posted: grading and reveal use this snapshot, not today's content. */
export type PostedQuestion = Omit<Question, 'origin' | 'exams' | 'verified'> & { topicTitle: string };

export type PostState = 'pending' | 'posted' | 'revealed';

export interface Post {
  id: number;
  teamId: string;
  channelId: string;
  slot: string;
  /** The post's number in its channel once it is live; streaks count on it. */
  seq: number | null;
  question: PostedQuestion;
  state: PostState;
  messageTs: string | null;
  attempts: number;
  leaseUntil: string | null;
  lastError: string | null;
  postedAt: string | null;
  revealDueAt: string | null;
  answerCount: number;
  correctCount: number;
}

export type ChannelState = 'active' | 'paused' | 'off';

export type Difficulty = 1 | 2 | 3;

/** What a team lead picks for a channel beside its schedule (the setup modal). */
export interface ChannelSettings {
  /** Topic ids the daily question comes from; empty means every topic. */
  topics: string[];
  /** Only questions tagged for this exam (`DVA-C02`, `SAA-C03`); null means any question. */
  exam: string | null;
  difficultyMin: Difficulty;
  difficultyMax: Difficulty;
  /** Hours from a post to its reveal; null means the app's QUIZ_REVEAL_AFTER. */
  revealAfterHours: number | null;
}

export const DEFAULT_CHANNEL_SETTINGS: ChannelSettings = {
  topics: [],
  exam: null,
  difficultyMin: 1,
  difficultyMax: 3,
  revealAfterHours: null,
};

export interface QuizChannel {
  teamId: string;
  channelId: string;
  schedule: string;
  timezone: string;
  state: ChannelState;
  startedAt: string;
  lastError: string | null;
  lastErrorAt: string | null;
  settings: ChannelSettings;
  /** The admin who set the quiz up here: posting failures reach them by DM. */
  setBy: string | null;
  /** The posting problem `setBy` was last told about (an error code); null once it recovered. */
  notifiedError: string | null;
}

/** One click on an answer control: ids only; the server decides the rest from its own records. */
export interface AnswerInput {
  teamId: string;
  postId: number;
  userId: string;
  /** A choice key, or a choose-two selection in canonical form ("a,c"). */
  choice: string;
}

export type AnswerOutcome =
  | { kind: 'graded'; post: Post; choice: string; isCorrect: boolean; streak: number; bestStreak: number; points: number }
  | { kind: 'duplicate'; post: Post; firstChoice: string }
  | { kind: 'closed'; post: Post }
  | { kind: 'not_found' }
  | { kind: 'invalid_choice'; post: Post };

export interface LeaderRow {
  userId: string;
  points: number;
  answers: number;
  streak: number;
}

export interface PersonalRecord {
  points: number;
  answers: number;
  correct: number;
  currentStreak: number;
  bestStreak: number;
}
