import { describe, expect, it } from 'vitest';
import { MESSAGES } from './messages.ts';
import { explainSlackError } from './slack-errors.ts';

describe('explainSlackError', () => {
  it.each([
    ['not_in_channel', /I was removed from #aws-study/, /\/invite @AWS Serverless Tutor/],
    ['channel_not_found', /can't see #aws-study/, /\/invite @AWS Serverless Tutor.*\/aws quiz setup/],
    ['is_archived', /#aws-study is archived/, /unarchive it/],
    ['missing_scope', /permission `chat:write`/, /reinstalls the app/],
    ['invalid_auth', /refuses the app's token/, /SLACK_BOT_TOKEN/],
    ['token_revoked', /refuses the app's token/, /reinstall the app/],
    ['account_inactive', /refuses the app's token/, /reinstall/],
    ['restricted_action', /don't let me post in #aws-study/, /workspace admin/],
  ])('%s: says what went wrong and the fix', (code, problem, fix) => {
    const text = explainSlackError(code, '#aws-study');
    expect(text.problem).toMatch(problem);
    expect(text.fix).toMatch(fix);
    expect(text.passes).toBeUndefined();
  });

  it('names the scope a missing_scope is about', () => {
    expect(explainSlackError('missing_scope', '#x', 'channels:read,groups:read').problem).toContain(
      '`channels:read` and `groups:read`',
    );
  });

  it.each(['ratelimited', 'fatal_error', 'internal_error', 'ETIMEDOUT', 'ECONNREFUSED', 'slack_webapi_request_error'])(
    '%s passes by itself: nobody needs to act',
    (code) => {
      expect(explainSlackError(code, '#x').passes).toBe(true);
    },
  );

  it('keeps an unknown code, cleaned, with a way to find out more', () => {
    const text = explainSlackError('weird_error<!channel>', '#x');
    expect(text.problem).toContain('`weird_errorchannel`');
    expect(text.fix).toMatch(/quiz status/);
    expect(explainSlackError('toString', '#x').problem).toContain('`toString`');
  });

  it('reads as one sentence in the DM to the admin', () => {
    const t = explainSlackError('not_in_channel', '#aws-study');
    expect(MESSAGES.postingFails(t.problem, t.fix, 'not_in_channel')).toMatch(
      /I was removed from #aws-study \(or never invited\): invite me again with `\/invite @AWS Serverless Tutor` in that channel\./,
    );
  });
});
