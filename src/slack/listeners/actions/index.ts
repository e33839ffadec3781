import type { App, BlockButtonAction } from '@slack/bolt';
import type { AdminCheck } from '../../admin.ts';
import { PICK_ACTION, REPORT_ACTION, SUBMIT_ACTION } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';
import {
  PRACTICE_NEXT,
  PRACTICE_PICK,
  PRACTICE_REMIND_TOGGLE,
  PRACTICE_RESET,
  PRACTICE_START,
  PRACTICE_SUBMIT,
} from '../../practice-blocks.ts';
import { QUIZ_SETUP_OPEN } from '../../setup-modal.ts';
import { answerClick } from './answer.ts';
import { openSetupFromHome } from './open-setup.ts';
import { practiceAnswer } from './practice-answer.ts';
import { practiceNext } from './practice-next.ts';
import { practiceRemindToggle } from './practice-remind-toggle.ts';
import { practiceReset } from './practice-reset.ts';
import { practiceStart } from './practice-start.ts';
import type { ButtonArgs } from './reply.ts';
import { reportProblem } from './report-problem.ts';
import { shareCard } from './share-card.ts';
import { unknownButton } from './unknown-button.ts';

/** Handlers for admin-only buttons check the person with `admins`. */
type ActionHandler = (ctx: AppContext, args: ButtonArgs, admins: AdminCheck) => Promise<void>;

/** Every action id the app's messages carry, and the file that handles it. */
const HANDLERS: Readonly<Record<string, ActionHandler>> = {
  answer_a: answerClick,
  answer_b: answerClick,
  answer_c: answerClick,
  answer_d: answerClick,
  answer_e: answerClick,
  [PICK_ACTION]: answerClick,
  [SUBMIT_ACTION]: answerClick,
  share_card: shareCard,
  practice_answer_a: practiceAnswer,
  practice_answer_b: practiceAnswer,
  practice_answer_c: practiceAnswer,
  practice_answer_d: practiceAnswer,
  practice_answer_e: practiceAnswer,
  [PRACTICE_PICK]: practiceAnswer,
  [PRACTICE_SUBMIT]: practiceAnswer,
  [PRACTICE_NEXT]: practiceNext,
  [PRACTICE_START]: practiceStart,
  [PRACTICE_RESET]: practiceReset,
  [REPORT_ACTION]: reportProblem,
  [QUIZ_SETUP_OPEN]: openSetupFromHome,
  [PRACTICE_REMIND_TOGGLE]: practiceRemindToggle,
};

/**
 * One Bolt listener for every button, routing by action_id through the table above. Bolt runs each
 * request through the middleware chain of every listener the app has, matching or not, so one
 * listener instead of one per button is less work on every click.
 */
export function registerActions(app: App, ctx: AppContext, admins: AdminCheck): void {
  app.action<BlockButtonAction>({ type: 'block_actions' }, async (args) => {
    const handler = Object.hasOwn(HANDLERS, args.action.action_id) ? HANDLERS[args.action.action_id] : undefined;
    await (handler ?? unknownButton)(ctx, args, admins);
  });
}
