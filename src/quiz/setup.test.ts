import { describe, expect, it } from 'vitest';
import { fakeBank } from '../../test/support/content-fixtures.ts';
import { cronFromTimes, type SetupInput, slotHours, timesFromCron, validateSetup } from './setup.ts';

describe('cronFromTimes', () => {
  it.each([
    [{ hour: 9, minute: 0, weekdays: [1, 2, 3, 4, 5], perDay: 1 }, '0 9 * * 1-5'],
    [{ hour: 8, minute: 30, weekdays: [5, 1, 2, 3, 4], perDay: 2 }, '30 8,11 * * 1-5'],
    [{ hour: 7, minute: 15, weekdays: [0, 1, 2, 3, 4, 5, 6], perDay: 3 }, '15 7,10,13 * * *'],
    [{ hour: 10, minute: 5, weekdays: [0, 6], perDay: 1 }, '5 10 * * 0,6'],
    [{ hour: 10, minute: 0, weekdays: [1, 3, 4, 5], perDay: 1 }, '0 10 * * 1,3-5'],
    [{ hour: 10, minute: 0, weekdays: [1, 2, 4], perDay: 1 }, '0 10 * * 1,2,4'],
  ])('%o → %s', (times, cron) => {
    expect(cronFromTimes(times)).toBe(cron);
  });

  it('reads back every schedule it builds', () => {
    for (const perDay of [1, 2, 3]) {
      const times = { hour: 6, minute: 45, weekdays: [1, 2, 3, 4, 5], perDay };
      expect(timesFromCron(cronFromTimes(times))).toEqual(times);
    }
    expect(slotHours(9, 3)).toEqual([9, 12, 15]);
  });

  it('leaves schedules the modal cannot build to the defaults', () => {
    expect(timesFromCron('0 9 1 * *')).toBeUndefined();
    expect(timesFromCron('0,30 9 * * *')).toBeUndefined();
    expect(timesFromCron('0 9,10 * * *')).toBeUndefined();
    expect(timesFromCron('not cron')).toBeUndefined();
  });
});

describe('validateSetup', () => {
  const bank = fakeBank(['lambda', 'ecs'], 3);
  const content = {
    questions: bank.questions.map((q) => ({ ...q, exams: q.topic === 'lambda' ? ['DVA-C02/1'] : [] })),
    topics: ['lambda', 'ecs'],
    exams: ['DVA-C02', 'SAA-C03'],
  };
  const good: SetupInput = {
    channelId: 'C1',
    time: '08:30',
    weekdays: ['1', '2', '3', '4', '5'],
    timezone: 'Europe/Berlin',
    topics: [],
    exam: 'none',
    difficultyMin: '1',
    difficultyMax: '3',
    revealAfterHours: '8',
    perDay: '1',
  };

  it('turns a good submission into a schedule and settings', () => {
    expect(validateSetup({ ...good, topics: ['lambda'], exam: 'DVA-C02', perDay: '2' }, content)).toEqual({
      ok: true,
      choice: {
        channelId: 'C1',
        schedule: '30 8,11 * * 1-5',
        timezone: 'Europe/Berlin',
        settings: { topics: ['lambda'], exam: 'DVA-C02', difficultyMin: 1, difficultyMax: 3, revealAfterHours: 8 },
      },
    });
  });

  it('reports every bad field beside it', () => {
    const verdict = validateSetup(
      {
        ...good,
        channelId: undefined,
        time: undefined,
        weekdays: [],
        timezone: 'Mars/Base',
        revealAfterHours: '0',
        difficultyMin: '3',
        difficultyMax: '1',
      },
      content,
    );
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(Object.keys(verdict.errors).sort()).toEqual(['channel', 'days', 'difficulty_max', 'reveal', 'time', 'zone']);
  });

  it('refuses questions that would run past midnight', () => {
    const verdict = validateSetup({ ...good, time: '20:00', perDay: '3' }, content);
    expect(verdict).toEqual({ ok: false, errors: { per_day: expect.stringMatching(/past midnight/) } });
  });

  it('refuses a filter no question matches', () => {
    const verdict = validateSetup({ ...good, topics: ['ecs'], exam: 'DVA-C02' }, content);
    expect(verdict).toEqual({ ok: false, errors: { topics: expect.stringMatching(/No question/) } });
  });
});
