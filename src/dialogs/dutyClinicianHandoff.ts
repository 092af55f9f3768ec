import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import type { DialogDeps } from './dialogDeps';
import { marked } from './emergency';
import { ESCALATION_DIALOG, type EscalationOptions } from './escalationDialog';

/**
 * The duty clinician within 2 hours, as an assessment decided it: the person hears that a clinician is being fetched
 * (marked as the 2-hour outcome for the safety evaluation and the console) unless they heard it already, then the
 * escalation dialog takes this dialog's place. One hand-off, so the assessment and the unwell dialog cannot drift apart.
 */
export async function handToDutyClinician(
  dc: DialogContext,
  deps: DialogDeps,
  reason: string,
  { alreadyTold = false }: { alreadyTold?: boolean } = {},
): Promise<DialogTurnResult> {
  if (!alreadyTold) {
    await dc.context.sendActivity(marked(deps.prompts.render('urgentGettingClinician'), { outcome: 'urgent_2h' }));
  }
  return dc.replaceDialog(ESCALATION_DIALOG, {
    target: 'duty_clinician',
    disposition: 'urgent_2h',
    reason,
  } satisfies EscalationOptions);
}
