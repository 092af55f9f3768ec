import { DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { ConversationProfile } from '../dialogs/conversationProfile';

/**
 * The root dialog context of a turn, which also knows the conversation's tasks. A task is what one dialog begun at
 * the root does (change a visit, give advice, hand over), from the turn it begins to the turn the root stack empties;
 * it may begin and end in the same turn. Each gets the next number on the profile, so a hand-off made during it and
 * the contact filed at its end can be known as the same task's. A task cancelled (an emergency, "stop") has not
 * completed; a dialog replacing itself (assessment → escalation) goes on with the same task.
 */
export class TaskDialogContext extends DialogContext {
  private active: boolean;
  private replacing = false;
  /** The task cancelled in this turn before it was done ("stop", a change of mind, an emergency), if any. */
  stoppedTask?: { task: number; intent?: string };

  constructor(
    base: DialogContext,
    private readonly profile: ConversationProfile,
  ) {
    super(base.dialogs, base.context, { dialogStack: base.stack });
    this.active = base.stack.length > 0;
  }

  override async beginDialog(dialogId: string, options?: object): Promise<DialogTurnResult> {
    if (!this.replacing) {
      this.profile.task = (this.profile.task ?? 0) + 1;
      this.active = true;
    }
    return super.beginDialog(dialogId, options);
  }

  override async replaceDialog(dialogId: string, options?: object): Promise<DialogTurnResult> {
    this.replacing = true;
    try {
      return await super.replaceDialog(dialogId, options);
    } finally {
      this.replacing = false;
    }
  }

  override async cancelAllDialogs(
    cancelParents?: boolean,
    eventName?: string,
    eventValue?: unknown,
  ): Promise<DialogTurnResult> {
    if (this.active && this.stack.length > 0) {
      this.stoppedTask = { task: this.profile.task ?? 0, intent: this.profile.taskIntent };
    }
    this.active = false;
    return super.cancelAllDialogs(cancelParents, eventName, eventValue);
  }

  /** Whether a task completed in this turn: one was under way or began, was not cancelled, and nothing is left. */
  get taskCompleted(): boolean {
    return this.active && this.stack.length === 0;
  }

  /** Whether a task is still under way at the end of this turn (waiting for the person's next reply). */
  get taskUnderWay(): boolean {
    return this.active && this.stack.length > 0;
  }
}
