import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import type { Understanding } from '../intents';
import type { CarePlanEntry, Patient } from '../patients/patientModel';
import { RecordUnavailableError } from '../record/ports';
import { WordText, bestMatch } from '../triage/assessment/wordMatch';
import { profileOf, valuesOf, type DialogDeps } from './dialogDeps';
import { marked } from './emergency';
import { IDENTITY_DIALOG } from './identityDialog';
import { guidanceAdvice, loadGuidance } from './unwellDialog';

export const CARE_PLAN_QUESTION_DIALOG = 'carePlanQuestion';

const questionsSchema = z.object({
  review: reviewSchema,
  asks: z.array(z.string().min(2)).min(1),
  about: z.array(z.string().min(2)).min(1),
  present: z.array(z.string().min(2)).min(1),
});
type QuestionWords = z.infer<typeof questionsSchema>;

let words: QuestionWords | undefined;
function questionWords(): QuestionWords {
  words ??= readContentFile('guidance/questions.yaml', questionsSchema);
  return words;
}

/** Dispositions a question can have and still be answered from the plan: anything sooner is assessed first. */
const ANSWERABLE = new Set(['none', 'routine', 'self_care', 'same_day']);

/**
 * "How often should the leg bag be changed?": a question about care, with nothing wrong now, which the plan or the
 * guidance answers (content/guidance/questions.yaml). `concern` is the assessment's reading of a worry in the words;
 * `planTriggers` are the verified patient's own plans' words, when there is one.
 */
export function isCarePlanQuestion(u: Understanding, concern: boolean, planTriggers: string[][] = []): boolean {
  if (!asksAboutCare(u, concern)) return false;
  const said = new WordText(u.text);
  const w = questionWords();
  return (
    !!said.count(w.about) ||
    !!bestMatch(u.text, loadGuidance().topics) ||
    planTriggers.some((triggers) => !!said.count(triggers))
  );
}

/**
 * A question (its asking words) with nothing wrong now: what must hold before the plan is worth reading, so that a turn
 * that is not a question ("goodbye") costs no read of the record.
 */
export function asksAboutCare(u: Understanding, concern: boolean): boolean {
  if (concern || u.redFlags.length || u.findings.some((f) => f.current) || !ANSWERABLE.has(u.disposition)) return false;
  const said = new WordText(u.text);
  const w = questionWords();
  return !!said.count(w.asks) && !said.count(w.present);
}

export interface CarePlanQuestionOptions {
  /** The question, in the person's words. */
  question: string;
}

/**
 * A care question answered (issue 17, H263): who the patient is checked first (the plan is personal), then every zone
 * of the plan the question is about, so what to watch for and whom to call are both there; unverified, or with no
 * plan for it, the guidance topic with its safety net. A nurse is offered for anything the answer does not cover.
 */
export class CarePlanQuestionDialog extends ComponentDialog {
  private readonly guidance = loadGuidance();

  constructor(private readonly deps: DialogDeps) {
    super(CARE_PLAN_QUESTION_DIALOG);
    this.addDialog(
      new WaterfallDialog(`${CARE_PLAN_QUESTION_DIALOG}.steps`, [
        (step) => this.identify(step),
        (step) => this.answer(step),
      ]),
    );
    this.initialDialogId = `${CARE_PLAN_QUESTION_DIALOG}.steps`;
  }

  private async identify(step: WaterfallStepContext) {
    const options = step.options as Partial<CarePlanQuestionOptions>;
    valuesOf(step).question = String(options.question ?? '').slice(0, 1000);
    const profile = await profileOf(step.context, this.deps);
    if (profile.verified || profile.identityLocked || profile.role === 'professional') return step.next();
    return step.beginDialog(IDENTITY_DIALOG);
  }

  private async answer(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    const question: string = valuesOf(step).question;
    const patient = profile.verified && profile.patientId ? await this.patientOf(profile.patientId) : null;
    const plan = patient ? bestMatch(question, patient.carePlan.plans) : undefined;
    if (patient && plan && profile.plansShown?.includes(plan.id)) {
      // A second question on the same plan ("and can I go swimming?"): the plan says no more than it did, and the
      // whole plan again would be a loop; a nurse is offered for what it does not cover (below).
      await step.context.sendActivity(
        marked(this.deps.prompts.render('carePlanQuestionAgain', { planTitle: plan.title }), { outcome: 'advice' }),
      );
    } else if (patient && plan) {
      await step.context.sendActivity(
        marked(this.planAnswer(patient, plan, profile.role === 'carer'), { outcome: 'advice' }),
      );
      profile.plansShown = [...(profile.plansShown ?? []), plan.id];
    } else {
      await step.context.sendActivity(guidanceAdvice(this.deps, this.guidance, question));
    }
    await step.context.sendActivity(this.deps.prompts.render('carePlanQuestionMore'));
    return step.endDialog();
  }

  private planAnswer(patient: Patient, plan: CarePlanEntry, asCarer: boolean) {
    const { green, amber, red } = plan.zones;
    return this.deps.prompts.render('carePlanQuestionAnswer', {
      whose: asCarer ? `${patient.givenName}'s` : 'your',
      planTitle: plan.title,
      greenWhen: green.when,
      greenDo: green.do,
      amberWhen: amber.when,
      amberDo: amber.do,
      amberCall: amber.call,
      redWhen: red.when,
      redCall: red.call,
    });
  }

  /** The record gone or unreachable: the guidance answers instead, never a failed turn. */
  private async patientOf(id: string): Promise<Patient | null> {
    return this.deps.directory.findById(id).catch((err: unknown) => {
      if (err instanceof RecordUnavailableError) return null;
      throw err;
    });
  }
}
