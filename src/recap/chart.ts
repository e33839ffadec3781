/**
 * The recap's chart as SVG: answers per day as bars with the day's accuracy as a line, and
 * accuracy by topic as horizontal bars. Drawn for a phone: 1200×900, few elements, large text,
 * dark on white, blue for counts and orange for accuracy throughout. png.ts rasterises it.
 */
import type { RecapStats, Tally } from './stats.ts';

export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 900;
export const CHART_FONT = 'DejaVu Sans';
/** The topics panel has room for this many rows; the weakest come first. */
export const CHART_TOPICS = 5;

export interface ChartData {
  /** "Week of Nov 16 – 22" */
  title: string;
  /** Monday to Sunday. */
  days: Tally[];
  /** Weakest first; the first CHART_TOPICS are drawn. */
  topics: ({ label: string } & Tally)[];
}

const INK = '#111827';
const MUTED = '#4b5563';
const GRID = '#d1d5db';
const TRACK = '#e5e7eb';
const BLUE = '#1d4ed8';
const ORANGE = '#c2410c';
const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

// The day panel's plot area; under it a row of day names, one of counts, one of accuracy.
const PLOT = { left: 90, right: 1110, top: 190, bottom: 440 };
const COLUMN = (PLOT.right - PLOT.left) / 7;
const ROWS = { day: PLOT.bottom + 40, count: PLOT.bottom + 82, accuracy: PLOT.bottom + 124 };
// The topic panel.
const TOPICS_TOP = 680;
const TOPIC_ROW = 44;
const TOPIC_LABEL_RIGHT = 510;
const TOPIC_BAR = { left: 530, width: 400, height: 32 };
const TOPIC_LABEL_MAX = 27;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const percent = (t: Tally) => (t.answers === 0 ? undefined : Math.round((100 * t.correct) / t.answers));

function text(
  x: number,
  y: number,
  content: string,
  o: { size: number; fill?: string; bold?: boolean; anchor?: string },
): string {
  const weight = o.bold ? ' font-weight="bold"' : '';
  const anchor = o.anchor ? ` text-anchor="${o.anchor}"` : '';
  return `<text x="${x}" y="${y}" font-size="${o.size}" fill="${o.fill ?? INK}"${weight}${anchor}>${escapeXml(content)}</text>`;
}

/** A topic title that fits its column, cut at a word where one is near. */
function clipLabel(label: string, max = TOPIC_LABEL_MAX): string {
  if (label.length <= max) return label;
  const cut = label.slice(0, max - 1);
  if (label[max - 1] === ' ') return `${cut.replace(/[\s,;:]+$/, '')}…`;
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

function legend(): string {
  return [
    `<rect x="${PLOT.right - 400}" y="118" width="26" height="26" fill="${BLUE}"/>`,
    text(PLOT.right - 364, 141, 'Answers', { size: 28 }),
    `<line x1="${PLOT.right - 200}" y1="131" x2="${PLOT.right - 160}" y2="131" stroke="${ORANGE}" stroke-width="6"/>`,
    `<circle cx="${PLOT.right - 180}" cy="131" r="9" fill="${ORANGE}"/>`,
    text(PLOT.right - 146, 141, 'Accuracy', { size: 28 }),
  ].join('');
}

/** Runs of consecutive days with answers: the accuracy line breaks where a day had none. */
function accuracyRuns(days: Tally[]): { x: number; y: number }[][] {
  const runs: { x: number; y: number }[][] = [[]];
  days.forEach((d, i) => {
    const p = percent(d);
    if (p === undefined) {
      runs.push([]);
      return;
    }
    runs.at(-1)?.push({ x: PLOT.left + COLUMN * (i + 0.5), y: PLOT.bottom - (p / 100) * (PLOT.bottom - PLOT.top) });
  });
  return runs.filter((r) => r.length > 0);
}

/**
 * Bars of answers per day and the day's accuracy as a line over them; the numbers go in rows under
 * the plot (day, count in blue, accuracy in orange), where the line cannot cover them.
 */
function dayPanel(days: Tally[]): string {
  const height = PLOT.bottom - PLOT.top;
  const most = Math.max(1, ...days.map((d) => d.answers));
  const parts: string[] = [text(PLOT.left, 141, 'Answers and accuracy per day', { size: 32, bold: true }), legend()];
  for (const share of [0, 0.5, 1]) {
    const y = PLOT.bottom - share * height;
    parts.push(`<line x1="${PLOT.left}" y1="${y}" x2="${PLOT.right}" y2="${y}" stroke="${GRID}" stroke-width="2"/>`);
    // The scale is the accuracy line's (orange); bar heights are relative, their counts written below.
    parts.push(text(PLOT.right + 10, y + 8, `${share * 100}%`, { size: 24, fill: ORANGE }));
  }
  days.forEach((d, i) => {
    const center = PLOT.left + COLUMN * (i + 0.5);
    const barHeight = (height * d.answers) / most;
    parts.push(
      `<rect class="day-bar" x="${center - 45}" y="${PLOT.bottom - barHeight}" width="90" height="${barHeight}" fill="${BLUE}"/>`,
    );
    const p = percent(d);
    parts.push(text(center, ROWS.day, DAY_NAMES[i] ?? '', { size: 32, anchor: 'middle' }));
    parts.push(
      text(center, ROWS.count, String(d.answers), { size: 34, bold: true, fill: d.answers ? BLUE : MUTED, anchor: 'middle' }),
    );
    parts.push(
      text(center, ROWS.accuracy, p === undefined ? '–' : `${p}%`, { size: 34, bold: true, fill: ORANGE, anchor: 'middle' }),
    );
  });
  for (const run of accuracyRuns(days)) {
    if (run.length > 1) {
      const points = run.map((pt) => `${pt.x},${pt.y}`).join(' ');
      parts.push(`<polyline class="accuracy-line" points="${points}" fill="none" stroke="${ORANGE}" stroke-width="6"/>`);
    }
    for (const pt of run) {
      parts.push(
        `<circle class="accuracy-dot" cx="${pt.x}" cy="${pt.y}" r="11" fill="${ORANGE}" stroke="#ffffff" stroke-width="3"/>`,
      );
    }
  }
  return parts.join('\n');
}

/** One row per topic: its name, a bar of its accuracy on a 0–100% track, and "62% of 8". */
function topicPanel(topics: ChartData['topics']): string {
  const parts = [text(PLOT.left, TOPICS_TOP - 36, 'Accuracy by topic (weakest first)', { size: 32, bold: true })];
  topics.slice(0, CHART_TOPICS).forEach((t, i) => {
    const y = TOPICS_TOP + i * TOPIC_ROW;
    const p = percent(t) ?? 0;
    parts.push(text(TOPIC_LABEL_RIGHT, y + 26, clipLabel(t.label), { size: 28, anchor: 'end' }));
    parts.push(`<rect x="${TOPIC_BAR.left}" y="${y}" width="${TOPIC_BAR.width}" height="${TOPIC_BAR.height}" fill="${TRACK}"/>`);
    parts.push(
      `<rect class="topic-bar" x="${TOPIC_BAR.left}" y="${y}" width="${(TOPIC_BAR.width * p) / 100}" height="${TOPIC_BAR.height}" fill="${ORANGE}"/>`,
    );
    parts.push(text(TOPIC_BAR.left + TOPIC_BAR.width + 20, y + 26, `${p}% of ${t.answers}`, { size: 28, bold: true }));
  });
  return parts.join('\n');
}

/** The whole chart, as an SVG document. */
export function recapChartSvg(data: ChartData): string {
  const answers = data.days.reduce((n, d) => n + d.answers, 0);
  const correct = data.days.reduce((n, d) => n + d.correct, 0);
  const overall = percent({ answers, correct });
  const summary = `${answers} answer${answers === 1 ? '' : 's'}${overall === undefined ? '' : ` · ${overall}% correct`}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${CHART_FONT}">`,
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`,
    text(PLOT.left, 70, data.title, { size: 46, bold: true }),
    text(PLOT.right, 70, summary, { size: 30, fill: MUTED, anchor: 'end' }),
    dayPanel(data.days),
    topicPanel(data.topics),
    '</svg>',
  ].join('\n');
}

/** The chart of a week's recap; topics are named by `titleOf` (their titles in the bank). */
export function recapChartData(stats: RecapStats, titleOf: (topic: string) => string): ChartData {
  return {
    title: `Week of ${stats.week.label}`,
    days: stats.days,
    topics: stats.topics.map((t) => ({ label: titleOf(t.topic), answers: t.answers, correct: t.correct })),
  };
}
