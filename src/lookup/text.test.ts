import { describe, expect, it } from 'vitest';
import { buildLookup } from '../../test/support/lookup.ts';
import { testBank } from '../../test/support/test-bank.ts';
import { mrkdwnToText, renderLookupText } from './text.ts';

const bank = testBank();
const index = buildLookup(bank);

describe('mrkdwnToText', () => {
  it('drops emphasis marks and shows link addresses', () => {
    expect(mrkdwnToText('*Timeout*: _up to_ 15 min, see <https://docs.aws.amazon.com/x|quotas>.')).toBe(
      'Timeout: up to 15 min, see quotas (https://docs.aws.amazon.com/x).',
    );
  });

  it('leaves a lone asterisk or underscore in a name alone', () => {
    expect(mrkdwnToText('APPSYNC_JS and 2 * 3 and /tmp/*')).toBe('APPSYNC_JS and 2 * 3 and /tmp/*');
  });

  it('unescapes Slack entities', () => {
    expect(mrkdwnToText('S3 &gt; Lambda &amp; back')).toBe('S3 > Lambda & back');
  });
});

describe('renderLookupText', () => {
  it('shows the card, its source and the see-also titles', () => {
    const text = renderLookupText(index.answer('lambda limits'), bank);
    expect(text).toMatch(/^Lambda limits and quotas\nlambda-limits · AWS Lambda\n/);
    expect(text).toContain('• Timeout: up to 15 minutes');
    expect(text).toContain('Source: https://docs.aws.amazon.com/');
    expect(text).toContain('See also:');
  });

  it('says how a corrected query was read', () => {
    expect(renderLookupText(index.answer('lamda timout'), bank)).toMatch(/^\(showing results for "lambda timeout"\)/);
  });

  it('lists topics with card counts when nothing matches', () => {
    const text = renderLookupText(index.answer('how do I bake bread'), bank);
    expect(text).toContain('No card matches "how do I bake bread".');
    expect(text).toMatch(/lambda\s+AWS Lambda \(4 cards\)/);
  });

  it('shows suggestions when it has some', () => {
    const text = renderLookupText({ kind: 'none', query: 'x', didYouMean: ['lambda', 'layers'], topics: [] }, bank);
    expect(text).toContain('Did you mean: lambda, layers?');
  });

  it('shows how to look up for empty input', () => {
    const text = renderLookupText(index.answer('  '), bank);
    expect(text).toContain('lookup <words>');
    expect(text).toContain('fargate vs lambda');
  });
});
