import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { AdminCheck } from '../../admin.ts';
import type { AppContext } from '../../context.ts';
import { REPORT_VIEW } from '../../report-blocks.ts';
import { QUIZ_SETUP_VIEW } from '../../setup-modal.ts';
import { quizSetupSubmitted } from './quiz-setup.ts';
import { reportSubmission } from './report-problem.ts';
import { unknownView } from './unknown-view.ts';

export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
/** Handlers for admin-only modals re-check the person with `admins`: a modal is never trusted. */
export type ViewHandler = (ctx: AppContext, args: ViewArgs, admins: AdminCheck) => Promise<void>;

/** Every modal's callback_id, and the file that handles its submission. */
const HANDLERS: Readonly<Record<string, ViewHandler>> = {
  [REPORT_VIEW]: reportSubmission,
  [QUIZ_SETUP_VIEW]: quizSetupSubmitted,
};

/**
 * One Bolt listener for every modal submission, routing by callback_id through the table above,
 * as actions/index.ts does for buttons. A submission must be acknowledged within 3 s; the handler
 * acks (with field errors, or to close the modal) before any slow work.
 */
export function registerViews(app: App, ctx: AppContext, admins: AdminCheck): void {
  app.view<ViewSubmitAction>({ type: 'view_submission' }, async (args) => {
    const id = args.view.callback_id;
    const handler = Object.hasOwn(HANDLERS, id) ? HANDLERS[id] : undefined;
    await (handler ?? unknownView)(ctx, args, admins);
  });
}
