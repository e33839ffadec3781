/**
 * Plain-text rendering of a lookup for the terminal (`npm run cli -- lookup <words>`).
 */
import type { Bank, Card } from '../content/bank.ts';
import type { LookupAnswer } from './index.ts';

/** Slack's emphasis: the mark hugs a word on both sides ("*bold*", not "2 * 3"). */
function emphasis(mark: string): RegExp {
  const m = `\\${mark}`;
  return new RegExp(`(^|[\\s(])${m}([^\\s${m}](?:[^${m}\\n]*[^\\s${m}])?)${m}(?=[\\s).,:;!?]|$)`, 'gm');
}

/** Slack mrkdwn to plain text: links show their address, emphasis marks go. */
export function mrkdwnToText(mrkdwn: string): string {
  return mrkdwn
    .replace(/<(https?:[^>|]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(emphasis('*'), '$1$2')
    .replace(emphasis('_'), '$1$2')
    .replace(emphasis('~'), '$1$2')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trimEnd();
}

function topicTitle(bank: Bank, card: Card): string {
  return bank.topics.find((t) => t.topic === card.topic)?.title ?? card.topic;
}

const EXAMPLES = ['lambda limits', 'fargate vs lambda', 'lamda timout', 'evenbridge scheduler', 'k8s'];

export function renderLookupText(answer: LookupAnswer, bank: Bank): string {
  if (answer.kind === 'empty') {
    return [
      'Look up a card: npm run cli -- lookup <words>',
      `Examples: ${EXAMPLES.join(' · ')}`,
      `Topics: ${bank.topics.map((t) => t.topic).join(', ')}`,
    ].join('\n');
  }

  if (answer.kind === 'none') {
    const lines = [`No card matches "${answer.query}".`];
    if (answer.didYouMean.length > 0) lines.push(`Did you mean: ${answer.didYouMean.join(', ')}?`);
    lines.push('', 'Topics:');
    for (const t of answer.topics) {
      const count = bank.topics.find((bt) => bt.topic === t.topic)?.cards.length ?? 0;
      lines.push(`  ${t.topic.padEnd(20)}${t.title} (${count} card${count === 1 ? '' : 's'})`);
    }
    lines.push('', `Try: ${EXAMPLES.slice(0, 2).join(' · ')}`);
    return lines.join('\n');
  }

  const { card } = answer;
  const lines: string[] = [];
  if (answer.corrected) lines.push(`(showing results for "${answer.corrected}")`, '');
  lines.push(card.title, `${card.id} · ${topicTitle(bank, card)}`, '', mrkdwnToText(card.body), '', `Source: ${card.source}`);
  if (answer.seeAlso.length > 0) {
    lines.push('', 'See also:');
    for (const c of answer.seeAlso) lines.push(`  ${c.title} (${c.id})`);
  }
  return lines.join('\n');
}
