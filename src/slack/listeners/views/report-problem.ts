import { z } from 'zod';
import { errorCode } from '../../../errors.ts';
import { REPORT_COMMENT_MAX, REPORT_SURFACES } from '../../../quiz/reports.ts';
import type { Report } from '../../../services/report-store.ts';
import type { ReportResult } from '../../../services/reports.ts';
import { renderNotice } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';
import { MESSAGES } from '../../messages.ts';
import { COMMENT_INPUT, REASON_INPUT, renderReportPost } from '../../report-blocks.ts';
import type { ViewArgs } from './index.ts';

// private_metadata came back from the client: a claim, parsed and checked again like any input.
const metadataShape = z.object({
  q: z
    .string()
    .max(64)
    .regex(/^[a-z0-9-]+$/),
  s: z.enum(REPORT_SURFACES),
  c: z
    .string()
    .regex(/^[CDG][A-Z0-9]{2,20}$/)
    .optional(),
});
const reasonShape = z.object({ selected_option: z.object({ value: z.string().max(40) }).nullish() });
// Slack enforces max_length in the client; a crafted body is cut off here by the service's check.
const commentShape = z.object({
  value: z
    .string()
    .max(10 * REPORT_COMMENT_MAX)
    .nullish(),
});

type Metadata = z.infer<typeof metadataShape>;

function parseMetadata(raw: string | undefined): Metadata | undefined {
  try {
    const parsed = metadataShape.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const UNKNOWN_QUESTION = { [REASON_INPUT]: MESSAGES.reportUnknownQuestion };

/** A refusal, on the field it is about; the modal stays open with it. */
function refusalOf(result: Extract<ReportResult, { kind: 'unknown_question' | 'invalid' }>): Record<string, string> {
  if (result.kind === 'invalid' && result.field === 'comment')
    return { [COMMENT_INPUT]: MESSAGES.reportCommentTooLong(REPORT_COMMENT_MAX) };
  if (result.kind === 'invalid' && result.field === 'reason') return { [REASON_INPUT]: MESSAGES.reportPickReason };
  return UNKNOWN_QUESTION;
}

/**
 * A submitted report: checked against the bank again (the modal's metadata is not trusted), stored
 * before the ack, so a report Slack shows as sent is never lost; then thanks in private and, for a
 * new report, a post in the reports channel. A refusal keeps the modal open with the reason.
 */
export async function reportSubmission(ctx: AppContext, args: ViewArgs): Promise<void> {
  const { ack, body, view } = args;
  const teamId = body.team?.id ?? body.user.team_id ?? '';
  const userId = body.user.id;
  const metadata = parseMetadata(view.private_metadata);
  if (!metadata || !ctx.reports.isKnownQuestion(metadata.q)) {
    ctx.log.warn('report.unknown_question', { team: teamId, user: userId, via: 'view' });
    await ack({ response_action: 'errors', errors: UNKNOWN_QUESTION });
    return;
  }
  const reason = reasonShape.safeParse(view.state.values[REASON_INPUT]?.[REASON_INPUT]);
  const comment = commentShape.safeParse(view.state.values[COMMENT_INPUT]?.[COMMENT_INPUT] ?? {});
  if (!comment.success) {
    await ack({ response_action: 'errors', errors: { [COMMENT_INPUT]: MESSAGES.reportCommentTooLong(REPORT_COMMENT_MAX) } });
    return;
  }
  let result: ReportResult;
  try {
    result = await ctx.reports.submit({
      teamId,
      userId,
      questionId: metadata.q,
      reason: reason.success ? reason.data.selected_option?.value : undefined,
      comment: comment.data.value,
      surface: metadata.s,
    });
  } catch (err) {
    ctx.log.error('report.failed', { team: teamId, user: userId, question: metadata.q, error: errorCode(err) });
    await ack({ response_action: 'errors', errors: { [REASON_INPUT]: MESSAGES.reportNotSaved } });
    return;
  }
  if (result.kind !== 'stored' && result.kind !== 'duplicate') {
    await ack({ response_action: 'errors', errors: refusalOf(result) });
    return;
  }
  await ack();
  ctx.log.info(result.kind === 'stored' ? 'report.stored' : 'report.duplicate', {
    team: teamId,
    user: userId,
    question: metadata.q,
    report: result.report.id,
    reason: result.report.reason,
  });
  await ctx.track(thankPrivately(ctx, args, metadata, result.kind));
  if (result.kind === 'stored') await ctx.track(postToReportsChannel(ctx, args, result.report));
}

/** Thanks, as an ephemeral message where the button was, or in the app's DM when that fails. */
async function thankPrivately(ctx: AppContext, args: ViewArgs, metadata: Metadata, kind: 'stored' | 'duplicate') {
  const userId = args.body.user.id;
  const message = renderNotice(kind === 'stored' ? MESSAGES.reportThanks(metadata.q) : MESSAGES.reportAlready(metadata.q));
  const ids = { team: args.body.team?.id, user: userId, question: metadata.q };
  if (metadata.c) {
    try {
      await args.client.chat.postEphemeral({ channel: metadata.c, user: userId, ...message });
      return;
    } catch (err) {
      ctx.log.warn('report.thanks_failed', { ...ids, via: 'chat.postEphemeral', error: errorCode(err) });
    }
  }
  try {
    await args.client.chat.postMessage({ channel: userId, ...message });
  } catch (err) {
    ctx.log.error('report.thanks_failed', { ...ids, via: 'chat.postMessage', error: errorCode(err) });
  }
}

/** The report in REPORTS_CHANNEL, when one is set. It is stored already: a failure here only logs. */
async function postToReportsChannel(ctx: AppContext, args: ViewArgs, report: Report) {
  const channel = ctx.config.reportsChannel;
  if (!channel) return;
  try {
    await args.client.chat.postMessage({ channel, ...renderReportPost(report, ctx.bank().questionById.get(report.questionId)) });
  } catch (err) {
    ctx.log.error('report.channel_post_failed', {
      team: report.teamId,
      channel,
      report: report.id,
      question: report.questionId,
      error: errorCode(err),
    });
  }
}
