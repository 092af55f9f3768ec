import type { StatePropertyAccessor } from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import type { FeedbackBox } from '../hub/feedback';
import { AppointmentsDialog } from './appointmentsDialog';
import { AssessmentDialog } from './assessmentDialog';
import { CarePlanQuestionDialog } from './carePlanQuestion';
import { CarersAssessmentDialog } from './carersAssessmentDialog';
import type { DialogDeps } from './dialogDeps';
import { DischargeDialog } from './dischargeDialog';
import { EnquiryDialog } from './enquiryDialog';
import { EscalationDialog } from './escalationDialog';
import { FeedbackDialog } from './feedbackDialog';
import { IdentityDialog } from './identityDialog';
import { ProfessionalDialog } from './professionalDialog';
import { ReferralDialog } from './referralDialog';
import { SafeguardingDialog } from './safeguardingDialog';
import { UnwellDialog } from './unwellDialog';

/** Every conversation Front Door has, in one set so any of them can start any other. */
export function createDialogSet(
  state: StatePropertyAccessor<DialogState>,
  deps: DialogDeps,
  feedback: FeedbackBox,
): DialogSet {
  return new DialogSet(state)
    .add(new IdentityDialog(deps))
    .add(new AppointmentsDialog(deps))
    .add(new AssessmentDialog(deps))
    .add(new UnwellDialog(deps))
    .add(new CarePlanQuestionDialog(deps))
    .add(new EscalationDialog(deps))
    .add(new ReferralDialog(deps))
    .add(new DischargeDialog(deps))
    .add(new CarersAssessmentDialog(deps))
    .add(new ProfessionalDialog(deps))
    .add(new SafeguardingDialog(deps))
    .add(new EnquiryDialog(deps))
    .add(new FeedbackDialog(deps, feedback));
}
