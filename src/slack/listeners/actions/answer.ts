import { errorCode } from '../../../errors.ts';
import type { AnswerOutcome } from '../../../quiz/model.ts';
import { PICK_ACTION, renderError, renderFeedback, SUBMIT_ACTION } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';
import { MESSAGES } from '../../messages.ts';
import { type ButtonArgs, replyPrivately, tickedSelection } from './reply.ts';

// A button value carries ids only ("<post id>:<letter>"); correctness is decided from our own tables.
const ANSWER_VALUE = /^(\d{1,12}):([a-e])$/;

function parseAnswerValue(value: unknown): { postId: number; choice: string } | undefined {
  const m = typeof value === 'string' ? ANSWER_VALUE.exec(value) : null;
  return m ? { postId: Number(m[1]), choice: m[2] as string } : undefined;
}

// A Submit button of a choose-two question carries "<post id>:submit"; the picks are read from the
// message's checkbox state, which Slack sends with the click.
const SUBMIT_VALUE = /^(\d{1,12}):submit$/;
/** What a click on an answer control asks for: a graded selection, nothing (a tick), or a tampered value. */
function answerRequest(args: ButtonArgs): { postId: number; choice: string } | 'tick' | 'no_picks' | undefined {
  const { action, body } = args;
  if (action.action_id === PICK_ACTION) return 'tick';
  if (action.action_id === SUBMIT_ACTION) {
    const m = typeof action.value === 'string' ? SUBMIT_VALUE.exec(action.value) : null;
    if (!m) return undefined;
    const choice = tickedSelection(body, 'answer', PICK_ACTION);
    return choice ? { postId: Number(m[1]), choice } : 'no_picks';
  }
  const answer = parseAnswerValue(action.value);
  return answer && action.action_id === `answer_${answer.choice}` ? answer : undefined;
}

/** A click on an answer control of the daily question: letter buttons, checkboxes or Submit. */
export async function answerClick(ctx: AppContext, args: ButtonArgs): Promise<void> {
  const { ack, body, action } = args;
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const answer = answerRequest(args);
  if (answer === 'tick') return ack();
  if (answer === 'no_picks') {
    await ack();
    await ctx.track(replyPrivately(ctx, args, renderError(MESSAGES.tickSeveral)));
    return;
  }
  let outcome: AnswerOutcome;
  // The answer is committed before Slack gets its 200 (one short transaction, shared with the
  // clicks that arrive with it, far inside the 3 seconds): a click Slack shows as delivered
  // survives a crash, a kill or a restart.
  if (!answer) {
    await ack();
    ctx.log.warn('answer.tampered', { team: teamId, user: body.user.id, action: action.action_id.slice(0, 20) });
    outcome = { kind: 'not_found' };
  } else {
    try {
      outcome = await ctx.answers.record(
        { teamId, postId: answer.postId, userId: body.user.id, choice: answer.choice },
        ctx.now(),
      );
    } catch (err) {
      await ack();
      ctx.log.error('answer.failed', { team: teamId, user: body.user.id, post: answer.postId, error: errorCode(err) });
      await ctx.track(replyPrivately(ctx, args, renderError(MESSAGES.answerNotRecorded)));
      return;
    }
    await ack();
  }
  if (outcome.kind === 'graded') {
    ctx.log.info('answer.graded', {
      team: teamId,
      channel: outcome.post.channelId,
      post: outcome.post.id,
      user: body.user.id,
      correct: outcome.isCorrect,
    });
    ctx.quiz.answered(outcome.post);
  }
  await ctx.track(replyPrivately(ctx, args, renderFeedback(outcome)));
}
