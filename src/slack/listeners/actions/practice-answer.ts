import { errorCode } from '../../../errors.ts';
import { renderError } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';
import { MESSAGES } from '../../messages.ts';
import { PRACTICE_PICK, PRACTICE_SUBMIT, renderPracticeFeedback } from '../../practice-blocks.ts';
import { type ButtonArgs, replyPrivately, tickedSelection } from './reply.ts';

// "<session id>:<question id>:<key or submit>": ids only; the service checks them against its records.
const VALUE = /^(\d{1,12}):([a-z0-9-]{1,64}):([a-e]|submit)$/;

function selectionOf(args: ButtonArgs, key: string): string | undefined {
  if (key !== 'submit') return args.action.action_id === `practice_answer_${key}` ? key : undefined;
  if (args.action.action_id !== PRACTICE_SUBMIT) return undefined;
  return tickedSelection(args.body, 'practice', PRACTICE_PICK) ?? '';
}

/** A practice answer: stored with its review before the ack, then the question turns into its feedback. */
export async function practiceAnswer(ctx: AppContext, args: ButtonArgs): Promise<void> {
  const { ack, body, action } = args;
  if (action.action_id === PRACTICE_PICK) return ack();
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const m = typeof action.value === 'string' ? VALUE.exec(action.value) : null;
  const selection = m ? selectionOf(args, m[3] as string) : undefined;
  if (!m || selection === undefined) {
    await ack();
    ctx.log.warn('practice.tampered', { team: teamId, user: body.user.id });
    await ctx.track(replyPrivately(ctx, args, renderPracticeFeedback(0, { kind: 'stale' })));
    return;
  }
  if (selection === '') {
    await ack();
    await ctx.track(replyPrivately(ctx, args, renderError(MESSAGES.tickSeveral)));
    return;
  }
  const sessionId = Number(m[1]);
  let result: Awaited<ReturnType<AppContext['practice']['answer']>>;
  try {
    result = await ctx.practice.answer(teamId, body.user.id, sessionId, m[2] as string, selection);
  } catch (err) {
    await ack();
    ctx.log.error('practice.answer_failed', { team: teamId, user: body.user.id, session: sessionId, error: errorCode(err) });
    await ctx.track(replyPrivately(ctx, args, renderError(MESSAGES.answerNotRecorded)));
    return;
  }
  await ack();
  if (result.kind === 'graded') {
    ctx.log.info('practice.graded', { team: teamId, user: body.user.id, session: sessionId, correct: result.isCorrect });
  }
  const feedback = renderPracticeFeedback(sessionId, result);
  // A graded answer replaces its question (no second click on it); a refusal is a note beside it.
  await ctx.track(replyPrivately(ctx, args, feedback, { replaceOriginal: result.kind === 'graded' }));
}
