import { describe, expect, it } from 'vitest';
import { loadBank } from '../content/load.ts';
import { DEFAULT_CHANNEL_SETTINGS, type QuizChannel } from '../quiz/model.ts';
import { readSetupInput, renderSetupModal, zoneOptionGroups } from './setup-modal.ts';

const bank = loadBank();

const channel: QuizChannel = {
  teamId: 'T1',
  channelId: 'C1',
  schedule: '15 7,10 * * 1,3,5',
  timezone: 'Asia/Kolkata',
  state: 'active',
  startedAt: '2026-11-23T00:00:00Z',
  lastError: null,
  lastErrorAt: null,
  settings: { ...DEFAULT_CHANNEL_SETTINGS, topics: ['lambda', 'ecs'], exam: 'SAA-C03', difficultyMin: 2, revealAfterHours: 3 },
  setBy: 'U1',
  notifiedError: null,
};

describe('the setup modal view', () => {
  it("stays within Slack's limits for modals over the real bank", () => {
    const view = renderSetupModal(undefined, { timezone: 'UTC', revealAfterHours: 8 }, bank.topics);
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const json = JSON.stringify(view);
    for (const m of json.matchAll(/"text":"((?:[^"\\]|\\.)*)"/g)) expect((m[1] ?? '').length).toBeLessThanOrEqual(75);
    const groups = zoneOptionGroups('UTC');
    expect(groups.length).toBeLessThanOrEqual(100);
    for (const g of groups) expect(g.options.length).toBeLessThanOrEqual(100);
    expect(bank.topics.length).toBeLessThanOrEqual(100);
  });

  it("fills every field from a channel's setup, and reads the same values back", () => {
    const view = renderSetupModal(channel, { timezone: 'UTC', revealAfterHours: 8 }, bank.topics);
    // What Slack sends back when the admin saves without touching anything.
    const values: Record<string, Record<string, unknown>> = {};
    for (const block of view.blocks) {
      const input = block as { type: string; block_id?: string; element?: unknown };
      if (input.type !== 'input' || !input.block_id) continue;
      const e = input.element as Record<string, unknown>;
      values[input.block_id] = {
        [input.block_id]: {
          selected_conversation: e.initial_conversation,
          selected_time: e.initial_time,
          selected_option: e.initial_option,
          selected_options: e.initial_options,
          value: e.initial_value,
        },
      };
    }
    expect(readSetupInput(values)).toEqual({
      channelId: 'C1',
      time: '07:15',
      weekdays: ['1', '3', '5'],
      timezone: 'Asia/Kolkata',
      topics: expect.arrayContaining(['lambda', 'ecs']),
      exam: 'SAA-C03',
      difficultyMin: '2',
      difficultyMax: '3',
      revealAfterHours: '3',
      perDay: '2',
    });
  });

  it('reads a half-filled or odd submission as missing values, never a throw', () => {
    expect(readSetupInput({ time: { time: { selected_time: 42 } }, days: { days: 'x' } })).toEqual({
      channelId: undefined,
      time: undefined,
      weekdays: [],
      timezone: undefined,
      topics: [],
      exam: undefined,
      difficultyMin: undefined,
      difficultyMax: undefined,
      revealAfterHours: undefined,
      perDay: undefined,
    });
  });
});
