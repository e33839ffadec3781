import { describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_TOPICS, CHART_WIDTH, type ChartData, recapChartSvg } from './chart.ts';
import { svgToPng } from './png.ts';

const data: ChartData = {
  title: 'Week of Nov 16 – 22',
  days: [
    { answers: 4, correct: 3 },
    { answers: 2, correct: 1 },
    { answers: 0, correct: 0 },
    { answers: 1, correct: 1 },
    { answers: 0, correct: 0 },
    { answers: 0, correct: 0 },
    { answers: 0, correct: 0 },
  ],
  topics: [
    { label: 'Amazon ECS <& Fargate>', answers: 4, correct: 1 },
    { label: 'AWS Lambda', answers: 3, correct: 3 },
  ],
};

const attributes = (svg: string, cls: string) =>
  [...svg.matchAll(new RegExp(`<[a-z]+ class="${cls}"([^>]*)>`, 'g'))].map((m) =>
    Object.fromEntries([...(m[1] ?? '').matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
  );
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('recap chart SVG', () => {
  const svg = recapChartSvg(data);

  it('is a 1200×900 document in the bundled font', () => {
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1200" height="900"/);
    expect(svg).toContain('font-family="DejaVu Sans"');
  });

  it('draws one bar per day, the tallest for the busiest day, in proportion', () => {
    const bars = attributes(svg, 'day-bar').map((b) => Number(b.height));
    expect(bars).toHaveLength(7);
    expect(bars[0]).toBeGreaterThan(0);
    expect(bars[1]).toBeCloseTo((bars[0] as number) / 2);
    expect(bars[3]).toBeCloseTo((bars[0] as number) / 4);
    expect(bars[2]).toBe(0);
  });

  it('writes the day names, the counts and the accuracy of each day', () => {
    const t = texts(svg);
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']) expect(t).toContain(day);
    expect(t).toEqual(expect.arrayContaining(['4', '2', '1', '0', '75%', '50%', '100%', '–']));
    expect(t).toContain('7 answers · 71% correct');
    expect(t).toContain('Week of Nov 16 – 22');
  });

  it('breaks the accuracy line at a day without answers', () => {
    // Mon–Tue is one run; Thu stands alone (a dot, no line).
    expect(attributes(svg, 'accuracy-line')).toHaveLength(1);
    expect(attributes(svg, 'accuracy-dot')).toHaveLength(3);
  });

  it('draws a bar per topic as wide as its accuracy, labels escaped', () => {
    const widths = attributes(svg, 'topic-bar').map((b) => Number(b.width));
    expect(widths).toHaveLength(2);
    expect(widths[0]).toBeCloseTo((widths[1] as number) / 4);
    expect(svg).toContain('Amazon ECS &lt;&amp; Fargate&gt;');
    expect(svg).not.toContain('<&');
    expect(texts(svg)).toEqual(expect.arrayContaining(['25% of 4', '100% of 3']));
  });

  it(`shows at most ${CHART_TOPICS} topics and shortens long names at a word`, () => {
    const many = recapChartSvg({
      ...data,
      topics: Array.from({ length: 8 }, (_, i) => ({
        label: i === 0 ? 'AWS SAM and the Serverless Application Repository' : `Topic ${i}`,
        answers: 1,
        correct: 0,
      })),
    });
    expect(attributes(many, 'topic-bar')).toHaveLength(CHART_TOPICS);
    expect(texts(many)).toContain('AWS SAM and the Serverless…');
  });
});

describe('recap chart PNG', () => {
  it('is a PNG of the chart size', async () => {
    const png = await svgToPng(recapChartSvg(data));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(CHART_WIDTH);
    expect(png.readUInt32BE(20)).toBe(CHART_HEIGHT);
  });

  it('renders text with the bundled font (a chart without its text would be much smaller)', async () => {
    const withText = (await svgToPng(recapChartSvg(data))).length;
    const blank = (await svgToPng(recapChartSvg(data).replace(/<text[^>]*>[^<]*<\/text>/g, ''))).length;
    expect(withText).toBeGreaterThan(blank * 1.5);
  });
});
