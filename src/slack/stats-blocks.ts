/** `/aws stats`: the team's weeks, topics, exam domains and hardest questions, for admins. */
import type { Bank } from '../content/bank.ts';
import type { TeamStats } from '../services/stats.ts';
import { TEAM_STATS } from '../stats/team.ts';
import { type Block, context, escapeMrkdwn, letter, type Message, section } from './blocks.ts';

/** Topics and domains shown, weakest first; the rest are summed up in one line. */
const MAX_ROWS = 12;
const PROMPT_CHARS = 140;

const percent = (share: number | null) => (share === null ? '–' : `${Math.round(100 * share)}%`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const STATS_TEXT = {
  title: `Team stats — last ${TEAM_STATS.weeks} weeks`,
  empty: `:bar_chart: Nothing has been answered here in the last ${TEAM_STATS.weeks} weeks, so there are no stats yet. Start the daily quiz in a channel with \`/aws quiz here\`, or post a question now with \`/aws quiz now\`; the numbers appear after the first answers.`,
  noHardest: `No question has ${TEAM_STATS.minAnswersForHardest} answers yet: the hardest questions show once a few people answered the same one.`,
  noDomains: 'None of the answered questions is tagged with an exam domain.',
  footer: (zone: string) =>
    `Weeks run Monday to Sunday in ${zone}. Only admins see this. Item analysis for authors: \`npm run cli -- stats\`.`,
};

function weekLines(stats: TeamStats): string {
  return stats.weeks
    .map((w) =>
      w.answers === 0
        ? `• ${w.label}: no answers${w.posts > 0 ? ` to ${plural(w.posts, 'question')}` : ''}`
        : `• ${w.label}: *${plural(w.people, 'person', 'people')}*, ${plural(w.answers, 'answer')} to ${plural(w.posts, 'question')} · *${percent(w.accuracy)}* correct`,
    )
    .join('\n');
}

function accuracyLines(rows: TeamStats['topics'], named: boolean): string {
  const shown = rows.slice(0, MAX_ROWS).map((r) => {
    const name = named ? `${r.key} ${escapeMrkdwn(r.name)}` : escapeMrkdwn(r.key);
    return `• ${name}: *${percent(r.accuracy)}* (${r.correct} of ${r.answers})`;
  });
  if (rows.length > MAX_ROWS) shown.push(`…and ${rows.length - MAX_ROWS} more`);
  return shown.join('\n');
}

function hardestLines(stats: TeamStats, bank: Bank): string {
  return stats.hardest
    .map((q, i) => {
      const prompt = bank.questionById.get(q.questionId)?.prompt;
      const short = prompt && (prompt.length > PROMPT_CHARS ? `${prompt.slice(0, PROMPT_CHARS - 1)}…` : prompt);
      const wrong = q.commonWrong ? ` · most picked wrong: ${letter(q.commonWrong.choice)} (${q.commonWrong.picks})` : '';
      return `${i + 1}. *${percent(q.accuracy)}* of ${plural(q.answers, 'answer')} · \`${q.questionId}\` (${escapeMrkdwn(q.topic)})${wrong}${short ? `\n      _${escapeMrkdwn(short)}_` : ''}`;
    })
    .join('\n');
}

export function renderTeamStats(stats: TeamStats, bank: Bank, zone: string): Message {
  if (stats.answers === 0) return { text: STATS_TEXT.empty, blocks: [section(STATS_TEXT.empty)] };
  const blocks: Block[] = [
    section(`:bar_chart: *${STATS_TEXT.title}*\n*Participation and accuracy by week*\n${weekLines(stats)}`),
    section(`*Accuracy by topic* (weakest first)\n${accuracyLines(stats.topics, false)}`),
    section(`*Accuracy by exam domain*\n${stats.domains.length ? accuracyLines(stats.domains, true) : STATS_TEXT.noDomains}`),
    section(`*The hardest questions*\n${stats.hardest.length ? hardestLines(stats, bank) : STATS_TEXT.noHardest}`),
    context(STATS_TEXT.footer(escapeMrkdwn(zone))),
  ];
  return { text: `${STATS_TEXT.title}: ${plural(stats.answers, 'answer')}`, blocks };
}
