import type { App, BlockButtonAction } from '@slack/bolt';
import { PICK_ACTION, SUBMIT_ACTION } from '../../blocks.ts';
import type { AppContext } from '../../context.ts';
import {
  PRACTICE_NEXT,
  PRACTICE_PICK,
  PRACTICE_REMIND_TOGGLE,
  PRACTICE_RESET,
  PRACTICE_START,
  PRACTICE_SUBMIT,
} from '../../practice-blocks.ts';
import { answerClick } from './answer.ts';
import { practiceAnswer } from './practice-answer.ts';
import { practiceNext } from './practice-next.ts';
import { practiceRemindToggle } from './practice-remind-toggle.ts';
import { practiceReset } from './practice-reset.ts';
import { practiceStart } from './practice-start.ts';
import type { ButtonArgs } from './reply.ts';
import { shareCard } from './share-card.ts';
import { unknownButton } from './unknown-button.ts';

type ActionHandler = (ctx: AppContext, args: ButtonArgs) => Promise<void>;

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
  [PRACTICE_REMIND_TOGGLE]: practiceRemindToggle,
};

/**
 * One Bolt listener for every button, routing by action_id through the table above. Bolt runs each
 * request through the middleware chain of every listener the app has, matching or not, so one
 * listener instead of one per button is less work on every click.
 */
export function registerActions(app: App, ctx: AppContext): void {
  app.action<BlockButtonAction>({ type: 'block_actions' }, async (args) => {
    const handler = Object.hasOwn(HANDLERS, args.action.action_id) ? HANDLERS[args.action.action_id] : undefined;
    await (handler ?? unknownButton)(ctx, args);
  });
}
