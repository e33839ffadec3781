/**
 * The quiz setup modal: its view (filled from the channel's current setup, or from defaults and
 * the admin's own time zone), reading a submission back into plain values, and the view that
 * replaces it after saving, saying what changed.
 */
import type { types } from '@slack/bolt';
import { z } from 'zod';
import { EXAMS } from '../content/exams.ts';
import { type ChannelSettings, DEFAULT_CHANNEL_SETTINGS, type QuizChannel } from '../quiz/model.ts';
import { MAX_POSTS_PER_DAY } from '../quiz/schedule-guard.ts';
import { REVEAL_HOURS_MAX, REVEAL_HOURS_MIN, type SetupInput, SLOT_SPACING_HOURS, timesFromCron } from '../quiz/setup.ts';
import type { ChannelChange } from '../services/quiz.ts';
import { type Block, section, settingsLine, slackDate } from './blocks.ts';
import { MESSAGES } from './messages.ts';

export const QUIZ_SETUP_VIEW = 'quiz_setup';
export const QUIZ_SETUP_OPEN = 'quiz_setup_open';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** Slack's limit on the options of one select, and of one option group. */
const OPTIONS_MAX = 100;
const DEFAULT_TIME = { hour: 9, minute: 0, weekdays: [1, 2, 3, 4, 5], perDay: 1 };

export interface SetupDefaults {
  /** The channel the modal was opened from (none from the App Home). */
  channelId?: string;
  /** The admin's own zone (users.info), else QUIZ_TIMEZONE. */
  timezone: string;
  revealAfterHours: number;
}

const plain = (text: string): types.PlainTextElement => ({ type: 'plain_text', text: text.slice(0, 75) });
const option = (text: string, value: string): types.PlainTextOption => ({ text: plain(text), value });
const pad = (n: number) => String(n).padStart(2, '0');

/** Every IANA zone, grouped by region in groups Slack accepts (at most 100 options each). */
type ZoneGroup = { label: types.PlainTextElement; options: types.PlainTextOption[] };

export function zoneOptionGroups(extra: string): ZoneGroup[] {
  const zones = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone'), extra])];
  const byRegion = new Map<string, string[]>();
  for (const zone of zones) {
    const region = zone.includes('/') ? (zone.split('/')[0] ?? 'Other') : 'Other';
    byRegion.set(region, [...(byRegion.get(region) ?? []), zone]);
  }
  const groups: ZoneGroup[] = [];
  for (const [region, list] of byRegion) {
    for (let i = 0; i < list.length; i += OPTIONS_MAX) {
      const part = list.slice(i, i + OPTIONS_MAX);
      const label =
        list.length > OPTIONS_MAX ? `${region} (${part[0]?.split('/')[1]?.[0]}–${part.at(-1)?.split('/')[1]?.[0]})` : region;
      groups.push({ label: plain(label), options: part.map((z) => option(z.replace(/_/g, ' '), z)) });
    }
  }
  return groups;
}

function input(blockId: string, label: string, element: types.InputBlockElement, extra: Partial<types.InputBlock> = {}): Block {
  return { type: 'input', block_id: blockId, label: plain(label), element, ...extra };
}

function difficultySelect(blockId: string, label: string, initial: number): Block {
  const names = ['1 · basic', '2 · intermediate', '3 · advanced'];
  const options = names.map((n, i) => option(n, String(i + 1)));
  return input(blockId, label, {
    type: 'static_select',
    action_id: blockId,
    options,
    initial_option: options[initial - 1] ?? options[0],
  });
}

/** The fields that choose the questions and their reveal. */
function questionInputs(
  settings: ChannelSettings,
  defaultRevealHours: number,
  topics: readonly { topic: string; title: string }[],
): Block[] {
  const topicOptions = topics.slice(0, OPTIONS_MAX).map((t) => option(t.title, t.topic));
  const chosenTopics = topicOptions.filter((o) => settings.topics.includes(o.value ?? ''));
  const examOptions = [option('Any question', 'none'), ...EXAMS.map((e) => option(e, e))];
  const revealHours = settings.revealAfterHours ?? defaultRevealHours;
  return [
    input(
      'reveal',
      'Show the answer after (hours)',
      {
        type: 'number_input',
        action_id: 'reveal',
        is_decimal_allowed: false,
        min_value: String(REVEAL_HOURS_MIN),
        max_value: String(REVEAL_HOURS_MAX),
        initial_value: String(Math.min(REVEAL_HOURS_MAX, Math.max(REVEAL_HOURS_MIN, Math.round(revealHours)))),
      },
      { hint: plain('A new question also shows the answer of the one before.') },
    ),
    input(
      'topics',
      'Topics',
      {
        type: 'multi_static_select',
        action_id: 'topics',
        options: topicOptions,
        ...(chosenTopics.length ? { initial_options: chosenTopics } : {}),
        placeholder: plain('All topics'),
      },
      { optional: true, hint: plain('None picked: questions from every topic.') },
    ),
    input('exam', 'Exam', {
      type: 'radio_buttons',
      action_id: 'exam',
      options: examOptions,
      initial_option: examOptions.find((o) => o.value === (settings.exam ?? 'none')) ?? examOptions[0],
    }),
    difficultySelect('difficulty_min', 'Easiest level', settings.difficultyMin),
    difficultySelect('difficulty_max', 'Hardest level', settings.difficultyMax),
  ];
}

/** The setup modal for a channel's current setup, or for a new one from the defaults. */
export function renderSetupModal(
  current: QuizChannel | undefined,
  defaults: SetupDefaults,
  topics: readonly { topic: string; title: string }[],
): types.ModalView {
  const times = (current && timesFromCron(current.schedule)) ?? DEFAULT_TIME;
  const zone = current?.timezone ?? defaults.timezone;
  const settings: ChannelSettings = current?.settings ?? DEFAULT_CHANNEL_SETTINGS;
  const channelId = current?.channelId ?? defaults.channelId;
  const dayOptions = DAYS.map((d, i) => option(d, String(i)));
  const perDayOptions = Array.from({ length: MAX_POSTS_PER_DAY }, (_, i) => option(String(i + 1), String(i + 1)));
  return {
    type: 'modal',
    callback_id: QUIZ_SETUP_VIEW,
    title: plain('Daily quiz setup'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks: [
      input('channel', 'Channel', {
        type: 'conversations_select',
        action_id: 'channel',
        ...(channelId ? { initial_conversation: channelId } : {}),
        filter: { include: ['public', 'private'], exclude_bot_users: true },
      }),
      input('time', 'Time of the question', {
        type: 'timepicker',
        action_id: 'time',
        initial_time: `${pad(times.hour)}:${pad(times.minute)}`,
      }),
      input('days', 'Days', {
        type: 'checkboxes',
        action_id: 'days',
        options: dayOptions,
        initial_options: dayOptions.filter((o) => times.weekdays.includes(Number(o.value))),
      }),
      input('zone', 'Time zone', {
        type: 'static_select',
        action_id: 'zone',
        option_groups: zoneOptionGroups(zone),
        initial_option: option(zone.replace(/_/g, ' '), zone),
      }),
      input(
        'per_day',
        'Questions per day',
        { type: 'static_select', action_id: 'per_day', options: perDayOptions, initial_option: perDayOptions[times.perDay - 1] },
        { hint: plain(`More than one: the next follow ${SLOT_SPACING_HOURS} hours apart.`) },
      ),
      ...questionInputs(settings, defaults.revealAfterHours, topics),
    ],
  };
}

// What Slack sends for each kind of input, as far as the setup reads it.
const selected = z.object({ value: z.string() });
const stateValue = z
  .object({
    selected_conversation: z.string().nullish(),
    selected_time: z.string().nullish(),
    selected_option: selected.nullish(),
    selected_options: z.array(selected).nullish(),
    value: z.string().nullish(),
  })
  .passthrough();

/** The submission's values, read leniently: a missing or odd value becomes undefined and is reported by validateSetup. */
export function readSetupInput(values: Record<string, Record<string, unknown>>): SetupInput {
  const field = (id: string) => {
    const parsed = stateValue.safeParse(values[id]?.[id]);
    return parsed.success ? parsed.data : undefined;
  };
  const one = (id: string) => field(id)?.selected_option?.value ?? undefined;
  const many = (id: string) => (field(id)?.selected_options ?? []).map((o) => o.value);
  return {
    channelId: field('channel')?.selected_conversation ?? undefined,
    time: field('time')?.selected_time ?? undefined,
    weekdays: many('days'),
    timezone: one('zone'),
    topics: many('topics'),
    exam: one('exam'),
    difficultyMin: one('difficulty_min'),
    difficultyMax: one('difficulty_max'),
    revealAfterHours: field('reveal')?.value ?? undefined,
    perDay: one('per_day'),
  };
}

const topicList = (s: ChannelSettings) => (s.topics.length ? s.topics.map((t) => `\`${t}\``).join(', ') : 'all topics');

/** What a save changed, one line each, in people's words. */
export function describeChange(change: ChannelChange, defaultRevealHours: number): string[] {
  const { before, after } = change;
  const where = `<#${after.channelId}>`;
  if (!before) return [`The daily quiz now runs in ${where} on \`${after.schedule}\` (${after.timezone}).`];
  const lines: string[] = [];
  if (before.schedule !== after.schedule || before.timezone !== after.timezone) {
    lines.push(`Schedule changed from \`${before.schedule}\` ${before.timezone} to \`${after.schedule}\` ${after.timezone}.`);
  }
  if (before.state !== 'active')
    lines.push(`The quiz in ${where} was ${before.state === 'paused' ? 'paused' : 'stopped'}; it runs again.`);
  const b = before.settings;
  const a = after.settings;
  if (topicList(b) !== topicList(a)) lines.push(`Topics changed from ${topicList(b)} to ${topicList(a)}.`);
  if (b.exam !== a.exam) lines.push(`Exam changed from ${b.exam ?? 'any'} to ${a.exam ?? 'any'}.`);
  if (b.difficultyMin !== a.difficultyMin || b.difficultyMax !== a.difficultyMax) {
    lines.push(`Difficulty changed from ${b.difficultyMin}–${b.difficultyMax} to ${a.difficultyMin}–${a.difficultyMax}.`);
  }
  const hours = (s: ChannelSettings) => s.revealAfterHours ?? defaultRevealHours;
  if (hours(b) !== hours(a)) lines.push(`The answer now shows after ${hours(a)} h (was ${hours(b)} h).`);
  return lines.length ? lines : [MESSAGES.setupNothingChanged];
}

/** The view that replaces the modal once the setup is saved. */
export function renderSetupDone(change: ChannelChange, defaultRevealHours: number, note?: string): types.ModalView {
  const { after, next } = change;
  const lines = [
    ...describeChange(change, defaultRevealHours),
    next ? `Next question: ${slackDate(next, after.timezone)}.` : '',
    settingsLine(after, defaultRevealHours),
    MESSAGES.leaderboardZone(after.timezone),
    note ?? '',
  ].filter(Boolean);
  return {
    type: 'modal',
    callback_id: `${QUIZ_SETUP_VIEW}_done`,
    title: plain(MESSAGES.setupSaved),
    close: plain('Done'),
    blocks: [section(`:white_check_mark: ${lines.join('\n')}`)],
  };
}

/** The App Home's setup block, shown to admins only. */
export function renderHomeSetup(): Block[] {
  return [
    { type: 'divider' },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: '*For quiz admins:* pick the channel, time, days, topics and difficulty of the daily quiz.' },
      accessory: { type: 'button', action_id: QUIZ_SETUP_OPEN, text: plain('Set up the quiz'), style: 'primary' },
    },
  ];
}
