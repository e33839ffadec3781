import { describe, expect, it } from 'vitest';
import {
  formatReminderTime,
  localDayKey,
  nextReminderAt,
  nudgeRetryAt,
  parseReminderTime,
  reminderDecision,
  storedReminderTime,
} from './nudge.ts';

describe('parseReminderTime', () => {
  it.each([
    ['9:00', '09:00'],
    ['09:30', '09:30'],
    ['21:00', '21:00'],
    ['0:15', '00:15'],
    ['9', '09:00'],
    ['9am', '09:00'],
    ['9 AM', '09:00'],
    ['9:30pm', '21:30'],
    ['12am', '00:00'],
    ['12pm', '12:00'],
    ['9h30', '09:30'],
    ['7.45', '07:45'],
  ])('reads %s as %s', (text, stored) => {
    const t = parseReminderTime(text);
    expect(t && formatReminderTime(t)).toBe(stored);
    expect(storedReminderTime(stored)).toEqual(t);
  });

  it.each(['25:00', '9:75', '13pm', '0am', 'nine', '9:0', 'tomorrow', ''])('refuses %s', (text) => {
    expect(parseReminderTime(text)).toBeUndefined();
  });
});

describe('nextReminderAt', () => {
  const nine = { hour: 9, minute: 0 };

  it('is today at the local time when that is still ahead, else tomorrow', () => {
    // 07:00 in Berlin (UTC+1 in December).
    expect(nextReminderAt(nine, 'Europe/Berlin', new Date('2026-12-02T06:00:00Z')).toISOString()).toBe(
      '2026-12-02T08:00:00.000Z',
    );
    expect(nextReminderAt(nine, 'Europe/Berlin', new Date('2026-12-02T08:00:00Z')).toISOString()).toBe(
      '2026-12-03T08:00:00.000Z',
    );
    expect(nextReminderAt(nine, 'America/Los_Angeles', new Date('2026-12-02T08:00:00Z')).toISOString()).toBe(
      '2026-12-02T17:00:00.000Z',
    );
  });

  it('keeps the wall-clock time across a daylight-saving change, and moves a missing time an hour on', () => {
    // Berlin springs forward on 29 March 2026: 09:00 is 08:00Z before, 07:00Z after.
    expect(nextReminderAt(nine, 'Europe/Berlin', new Date('2026-03-28T09:00:00Z')).toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    );
    // 02:30 does not exist that night; the reminder comes at 03:30 instead of not at all.
    expect(nextReminderAt({ hour: 2, minute: 30 }, 'Europe/Berlin', new Date('2026-03-28T12:00:00Z')).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });
});

describe('the local day and retries', () => {
  it('keys a reminder by the calendar day where the person is', () => {
    const instant = new Date('2026-12-02T23:30:00Z');
    expect(localDayKey(instant, 'UTC')).toBe('2026-12-02');
    expect(localDayKey(instant, 'Asia/Tokyo')).toBe('2026-12-03');
    expect(localDayKey(instant, 'America/New_York')).toBe('2026-12-02');
  });

  it('retries a failed send later the same day, backing off, and gives up at midnight', () => {
    const now = new Date('2026-12-02T09:00:00Z');
    expect(nudgeRetryAt(now, 1, 'UTC')?.toISOString()).toBe('2026-12-02T09:05:00.000Z');
    expect(nudgeRetryAt(now, 2, 'UTC')?.toISOString()).toBe('2026-12-02T09:10:00.000Z');
    expect(nudgeRetryAt(now, 10, 'UTC')?.toISOString()).toBe('2026-12-02T10:00:00.000Z');
    expect(nudgeRetryAt(new Date('2026-12-02T23:58:00Z'), 1, 'UTC')).toBeUndefined();
  });

  it('sends a reminder made up later the same day, never the next day', () => {
    const scheduled = new Date('2026-12-02T08:00:00Z');
    expect(reminderDecision(scheduled, new Date('2026-12-02T15:00:00Z'), 'Europe/Berlin')).toEqual({
      kind: 'send',
      day: '2026-12-02',
    });
    expect(reminderDecision(scheduled, new Date('2026-12-03T07:00:00Z'), 'Europe/Berlin')).toEqual({
      kind: 'skip',
      day: '2026-12-02',
    });
  });
});
