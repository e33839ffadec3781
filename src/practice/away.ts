/**
 * Away mode: a person on holiday pauses their reminders, and the reviews that fall due while they
 * are gone move on by the length of the absence instead of waiting as failures. Only `due` moves:
 * FSRS's memory model (stability, difficulty, the last review) stays as it was, so the first review
 * after the return is scheduled from the time that really passed.
 */
import { isRetired, type PracticeCard } from './schedule.ts';

const DAY_MS = 86_400_000;

/** The longest absence one command sets: a quarter of a year. */
export const MAX_AWAY_DAYS = 90;

/**
 * "7d", "7 days", "2w", "2 weeks", "10" (days). Undefined for anything else, and for spans of
 * 0 or more than MAX_AWAY_DAYS.
 */
export function parseAwaySpan(text: string): number | undefined {
  const m = /^(\d{1,3})\s*(d|days?|w|weeks?)?$/.exec(text.trim().toLowerCase());
  if (!m) return undefined;
  const days = Number(m[1]) * (m[2]?.startsWith('w') ? 7 : 1);
  return days >= 1 && days <= MAX_AWAY_DAYS ? days : undefined;
}

/** The end of an absence of `days` starting now. */
export const awayUntil = (now: Date, days: number): Date => new Date(now.getTime() + days * DAY_MS);

/**
 * The new due dates of the cards that fell due while the person was away, from `from` until
 * `returnedAt`: each moves on by the length of the absence, so they come back in the order and with
 * the spacing they had, from the day of the return on, not all on that day. A card already due
 * before leaving stays due; a card reviewed during the absence (the person practised anyway) keeps
 * the schedule that review gave it; a retired card is never due.
 */
export function awayShifts(cards: ReadonlyMap<string, PracticeCard>, from: Date, returnedAt: Date): Map<string, Date> {
  const span = returnedAt.getTime() - from.getTime();
  const shifts = new Map<string, Date>();
  if (span <= 0) return shifts;
  for (const [id, card] of cards) {
    if (isRetired(card)) continue;
    if (card.lastReview && card.lastReview.getTime() > from.getTime()) continue;
    const due = card.due.getTime();
    if (due >= from.getTime() && due < returnedAt.getTime()) shifts.set(id, new Date(due + span));
  }
  return shifts;
}
