/**
 * The weekly recap as Block Kit: a pure function of the recap's plain values. Every text that
 * comes from content (question, choices, topic titles) is escaped; the only tokens are mentions.
 */
import { choiceText } from '../quiz/grade.ts';
import type { RecapContent } from '../services/recap.ts';
import { type Block, escapeMrkdwn, letter, type Message, section } from './blocks.ts';

const MEDALS = ['', ':first_place_medal:', ':second_place_medal:', ':third_place_medal:'];
const pct = (correct: number, answers: number) => `${Math.round((100 * correct) / answers)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function headline(c: RecapContent): string {
  const s = c.stats;
  const regulars = s.regulars > s.participants ? ` of ${s.regulars} who played in the last four weeks` : '';
  return [
    `:bar_chart: *Weekly recap — ${s.week.label}*`,
    `*${plural(s.answers, 'answer')}* from *${plural(s.participants, 'person', 'people')}*${regulars} · team accuracy *${pct(s.correct, s.answers)}*`,
  ].join('\n');
}

function topFive(c: RecapContent): string {
  if (c.stats.top.length === 0) return ':trophy: *Top five*\nNobody scored a point last week. This week is wide open!';
  const lines = c.stats.top.map(
    (p) =>
      `${MEDALS[p.rank] ?? `*${p.rank}.*`} <@${p.userId}> — *${plural(p.points, 'pt')}* · ${pct(p.points, p.answers)} of ${plural(p.answers, 'answer')}`,
  );
  return `:trophy: *Top five*\n${lines.join('\n')}`;
}

function highlights(c: RecapContent): string[] {
  const s = c.stats;
  const lines: string[] = [];
  if (s.mostImproved) {
    const m = s.mostImproved;
    lines.push(`:rocket: *Most improved:* <@${m.userId}>, from ${plural(m.previousPoints, 'point')} to ${m.points}`);
  }
  if (s.milestones.length > 0) {
    const who = s.milestones.map((m) => `<@${m.userId}> ${m.streak} in a row`).join(' · ');
    lines.push(`:fire: *Streak milestones:* ${who}`);
  }
  const weakest = s.topics[0];
  if (weakest && s.topics.length > 1 && weakest.correct < weakest.answers) {
    lines.push(
      `:mag: *Topic to practise:* ${escapeMrkdwn(c.topicTitle(weakest.topic))} (${pct(weakest.correct, weakest.answers)} right) — try \`/aws practice ${weakest.topic}\``,
    );
  }
  return lines;
}

function hardest(c: RecapContent): string | undefined {
  if (!c.hardest) return undefined;
  const { question: q, answers, correct } = c.hardest;
  return [
    `:brain: *Hardest question* (${correct} of ${answers} got it right): ${escapeMrkdwn(q.prompt)}`,
    `:white_check_mark: Answer: *${letter(q.answer)}) ${escapeMrkdwn(choiceText(q, q.answer))}*`,
  ].join('\n');
}

/** The recap's message; the chart is attached to it as an image. */
export function renderRecap(c: RecapContent): Message {
  const s = c.stats;
  const text = `Weekly recap (${s.week.label}): ${plural(s.answers, 'answer')} from ${plural(s.participants, 'person', 'people')}, ${pct(s.correct, s.answers)} correct.`;
  const extra = [...highlights(c), hardest(c)].filter((line): line is string => line !== undefined);
  const blocks: Block[] = [
    section(headline(c)),
    section(topFive(c)),
    ...(extra.length ? [section(extra.join('\n\n'))] : []),
    // A section, not a context block: files.completeUploadExternal is documented with section and
    // rich_text blocks, and this message goes through it.
    section(
      '_The chart: answers (blue) and accuracy (orange) per day, and accuracy by topic. `/aws leaderboard` shows this week so far._',
    ),
  ];
  return { text, blocks };
}

/** The chart's description for people who cannot see it (alt text). */
export function recapAltText(c: RecapContent): string {
  const s = c.stats;
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
    .map((d, i) => {
      const t = s.days[i];
      return t && t.answers > 0 ? `${d} ${t.answers} (${pct(t.correct, t.answers)})` : `${d} 0`;
    })
    .join(', ');
  const topics = s.topics.map((t) => `${c.topicTitle(t.topic)} ${pct(t.correct, t.answers)}`).join(', ');
  return `Answers per day with accuracy: ${days}. Accuracy by topic: ${topics}.`.slice(0, 1000);
}
