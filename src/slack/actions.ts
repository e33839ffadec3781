import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { canonicalAnswer } from '../content/bank.ts';
import { errorCode } from '../errors.ts';
import type { AnswerOutcome } from '../quiz/model.ts';
import type { AnswerRecorder } from '../services/answers.ts';
import {
  escapeMrkdwn,
  type Message,
  PICK_ACTION,
  renderError,
  renderFeedback,
  renderNotice,
  renderSharedCard,
  SUBMIT_ACTION,
} from './blocks.ts';
import type { AppContext } from './context.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

// A button value carries ids only ("<post id>:<letter>"); correctness is decided from our own tables.
const ANSWER_VALUE = /^(\d{1,12}):([a-e])$/;

function parseAnswerValue(value: unknown): { postId: number; choice: string } | undefined {
  const m = typeof value === 'string' ? ANSWER_VALUE.exec(value) : null;
  return m ? { postId: Number(m[1]), choice: m[2] as string } : undefined;
}

const cardValue = z
  .string()
  .max(64)
  .regex(/^[a-z0-9-]+$/);

/** Private reply to a click: through response_url, falling back to chat.postEphemeral. */
async function replyPrivately(ctx: AppContext, args: ButtonArgs, message: Message): Promise<void> {
  const { body, client } = args;
  const ids = { team: body.team?.id, channel: body.channel?.id, user: body.user.id };
  if (body.response_url) {
    try {
      await ctx.respond(body.response_url, { response_type: 'ephemeral', replace_original: false, ...message });
      return;
    } catch (err) {
      ctx.log.warn('answer.reply_failed', { ...ids, via: 'response_url', error: errorCode(err) });
    }
  }
  if (!body.channel?.id) return;
  try {
    await client.chat.postEphemeral({ channel: body.channel.id, user: body.user.id, ...message });
  } catch (err) {
    ctx.log.error('answer.reply_failed', { ...ids, via: 'chat.postEphemeral', error: errorCode(err) });
  }
}

const ANSWER_ACTION = /^answer_[a-e]$/;

// A Submit button of a choose-two question carries "<post id>:submit"; the picks are read from the
// message's checkbox state, which Slack sends with the click.
const SUBMIT_VALUE = /^(\d{1,12}):submit$/;
const pickedKeys = z.array(z.object({ value: z.enum(['a', 'b', 'c', 'd', 'e']) })).max(5);

/** The keys ticked in the question's checkboxes, as the bank writes a selection ("a,c"); undefined under two. */
function selectionOf(body: ButtonArgs['body']): string | undefined {
  const values = (body as { state?: { values?: Record<string, Record<string, unknown>> } }).state?.values;
  const picked = values?.answer?.[PICK_ACTION] as { selected_options?: unknown } | undefined;
  const parsed = pickedKeys.safeParse(picked?.selected_options ?? []);
  if (!parsed.success || parsed.data.length < 2) return undefined;
  return canonicalAnswer(parsed.data.map((o) => o.value));
}

/** What a click on an answer control asks for: a graded selection, nothing (a tick), or a tampered value. */
function answerRequest(args: ButtonArgs): { postId: number; choice: string } | 'tick' | 'no_picks' | undefined {
  const { action, body } = args;
  if (action.action_id === PICK_ACTION) return 'tick';
  if (action.action_id === SUBMIT_ACTION) {
    const m = typeof action.value === 'string' ? SUBMIT_VALUE.exec(action.value) : null;
    if (!m) return undefined;
    const choice = selectionOf(body);
    return choice ? { postId: Number(m[1]), choice } : 'no_picks';
  }
  const answer = parseAnswerValue(action.value);
  return answer && action.action_id === `answer_${answer.choice}` ? answer : undefined;
}

/**
 * One listener for every button, routing by action_id. Bolt runs each request through the
 * middleware chain of every listener the app has, matching or not, so one listener instead of one
 * per button is less work on every click.
 */
export function registerActions(app: App, ctx: AppContext): void {
  app.action<BlockButtonAction>({ type: 'block_actions' }, async (args) => {
    const id = args.action.action_id;
    if (ANSWER_ACTION.test(id) || id === SUBMIT_ACTION || id === PICK_ACTION) await answerClick(ctx, ctx.answers, args);
    else if (id === 'share_card') await shareCard(ctx, args);
    else await unknownButton(ctx, args);
  });
}

async function answerClick(ctx: AppContext, answers: AnswerRecorder, args: ButtonArgs): Promise<void> {
  const { ack, body, action } = args;
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const answer = answerRequest(args);
  if (answer === 'tick') return ack();
  if (answer === 'no_picks') {
    await ack();
    await ctx.track(
      replyPrivately(
        ctx,
        args,
        renderError('This question asks for more than one choice: tick them all, then press Submit. Nothing was recorded.'),
      ),
    );
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
      outcome = await answers.record({ teamId, postId: answer.postId, userId: body.user.id, choice: answer.choice }, ctx.now());
    } catch (err) {
      await ack();
      ctx.log.error('answer.failed', { team: teamId, user: body.user.id, post: answer.postId, error: errorCode(err) });
      await ctx.track(
        replyPrivately(ctx, args, renderError('I could not record your answer just now. Please click again in a moment.')),
      );
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

/** A button this version does not know (an old message, or a crafted payload): say so, record nothing. */
async function unknownButton(ctx: AppContext, args: ButtonArgs): Promise<void> {
  const { ack, body, action } = args;
  await ack();
  ctx.log.warn('action.unknown', { team: body.team?.id, user: body.user.id, action: String(action.action_id).slice(0, 40) });
  await ctx.track(replyPrivately(ctx, args, renderError("That button doesn't do anything any more. Try `/aws help`.")));
}

async function shareCard(ctx: AppContext, args: ButtonArgs): Promise<void> {
  const { ack, body, action } = args;
  const responseUrl = body.response_url;
  await ack();
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const parsed = cardValue.safeParse(action.value);
  const card = parsed.success ? ctx.bank().cardById.get(parsed.data) : undefined;
  if (!card) {
    await ctx.track(replyPrivately(ctx, args, renderError('That card is no longer available. Try the lookup again.')));
    return;
  }
  const sourceTs = String(body.container?.message_ts ?? body.message?.ts ?? action.action_ts ?? '');
  if (!(await ctx.standings.recordShare({ teamId, userId: body.user.id, cardId: card.id, sourceTs }))) return;
  await ctx.track(
    (async () => {
      try {
        if (!responseUrl) throw new Error('no_response_url');
        await ctx.respond(responseUrl, {
          response_type: 'in_channel',
          replace_original: false,
          ...renderSharedCard(card, body.user.id),
        });
        await ctx.respond(responseUrl, {
          replace_original: true,
          ...renderNotice(`:white_check_mark: Shared *${escapeMrkdwn(card.title)}* in the channel.`),
        });
        ctx.log.info('card.shared', { team: teamId, channel: body.channel?.id, user: body.user.id, card: card.id });
      } catch (err) {
        ctx.log.error('card.share_failed', {
          team: teamId,
          channel: body.channel?.id,
          user: body.user.id,
          card: card.id,
          error: errorCode(err),
        });
      }
    })(),
  );
}
