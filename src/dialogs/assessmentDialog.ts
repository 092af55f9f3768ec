import { MessageFactory, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { isHubOpen } from '../content/services';
import { AnswerRecogniser, type Answer } from '../intents/answers/answerRecogniser';
import { answerRecogniserFor } from '../language/conversationLanguage';
import { Assessment, raise } from '../triage/assessment/assessment';
import { loadAssessmentContent, type Wording } from '../triage/assessment/assessmentContent';
import { bestMatch } from '../triage/assessment/wordMatch';
import type { Disposition } from '../triage/dispositions';
import type { Understanding } from '../intents';
import { profileOf, servicesOf, understandingOf, type DialogDeps } from './dialogDeps';
import { marked, sendEmergency, type TriageMark } from './emergency';
import { handToDutyClinician } from './dutyClinicianHandoff';
import { ESCALATION_DIALOG, queueEscalation, type EscalationOptions } from './escalationDialog';
import { saidThisTurn } from './saidSoFar';
import { summaryFrom } from './summary';
import { personOptions } from './routeIntent';
import { SAFEGUARDING_DIALOG } from './safeguardingDialog';
import { loadGuidance, UNWELL_DIALOG, type UnwellOptions } from './unwellDialog';

/** What a person gives to say who they are (or how to reach them), as filled from any message. */
const IDENTITY_FACTS = new Set(['nhsNumber', 'dateOfBirth', 'postcode', 'patientName', 'ownName', 'callbackNumber']);

export const ASSESSMENT_DIALOG = 'assessment';

export interface AssessmentOptions {
  /** What the person has said about the problem so far. */
  problem: string;
  /** What the message was triaged to before any question (its red flags and rules). */
  disposition: Disposition;
  /** They asked for a person: after the questions they get one, not advice. */
  wantsPerson?: boolean;
  /** An urgent red flag was already said ("I'm getting the duty clinician"): the questions come first all the same. */
  urgentSaid?: boolean;
  /** Why it is urgent, if it already is (a red flag, asked for the duty clinician): the clinician hears it. */
  reason?: string;
  /**
   * The learned urgency safety net (H225, H237) took the message for a 2-hour one that the rules did not: why. It is
   * a suspicion, not a finding: the complaint's questions are all asked (not skipped as "already urgent") and the
   * answers decide. When they show nothing urgent, the person's own care plan, if one covers it, is what they get;
   * without one the lift stands and the duty clinician calls back.
   */
  lifted?: string;
}

/**
 * Where the assessment of a message starts: the rules' decision, and the net's lift, if any, for the answers to
 * settle. A lifted message's `disposition` is urgent_2h (what the message alone says); the questions start from what
 * the rules said, so that the discriminators that could make it urgent are asked.
 */
export function assessmentStart(u: Understanding): Pick<AssessmentOptions, 'disposition' | 'lifted'> {
  return u.safetyNet ? { disposition: u.safetyNet.from, lifted: u.safetyNet.reason } : { disposition: u.disposition };
}

interface Pending {
  id: string;
  kind: 'danger_sign' | 'discriminator' | 'problem';
  /** What was asked, written form: "no, but <the thing asked about>" reads as yes. */
  text: string;
}

interface AssessmentState extends AssessmentOptions {
  group: number;
  asked: string[];
  askedProblem: boolean;
  retried: boolean;
  /** Details given instead of an answer were noted once for the question being asked. */
  detailsNoted?: boolean;
  pending?: Pending;
  /** Answers that were not a plain yes/no ("no but he fell yesterday"): part of the description. */
  said: string[];
}

const ANSWERS = ['Yes', 'No', 'Not sure'];
/** As sure as the bot is anywhere else that someone asks for a person (frontDoorBot's words that work anywhere). */
const ASKS_FOR_CALL_CONFIDENCE = 0.5;
/** A complaint is chosen from the description; answers add to it only when they say more than yes or no. */
const MIN_DESCRIPTIVE_WORDS = 3;

/**
 * The assessment every clinical contact by a patient or carer goes through before any advice, referral or call-back:
 * the danger signs first (a "yes" is the 999 instruction, "not sure" at least the duty clinician), then what is wrong
 * if they have not said, then a discriminator for the complaint. The disposition decides what follows: 999, the duty
 * clinician, or advice with a referral; a clinical problem that is still unclear reaches a person. Every answer has
 * already been through the red-flag screen (the bot screens each message before any dialog continues).
 */
export class AssessmentDialog extends Dialog<AssessmentOptions> {
  private readonly assessment: Assessment;
  private readonly answers: AnswerRecogniser;
  private readonly guidance = loadGuidance();

  constructor(private readonly deps: DialogDeps) {
    super(ASSESSMENT_DIALOG);
    this.assessment = new Assessment(loadAssessmentContent());
    this.answers = AnswerRecogniser.load();
  }

  override async beginDialog(dc: DialogContext, options?: AssessmentOptions): Promise<DialogTurnResult> {
    const state: AssessmentState = {
      problem: (options?.problem ?? '').slice(0, 1000),
      disposition: options?.disposition ?? 'none',
      wantsPerson: options?.wantsPerson,
      urgentSaid: options?.urgentSaid,
      reason: options?.reason,
      lifted: options?.lifted,
      group: 0,
      asked: [],
      askedProblem: false,
      retried: false,
      said: [],
    };
    dc.activeDialog!.state = state;
    const profile = await profileOf(dc.context, this.deps);
    if (state.problem) profile.problem ??= state.problem;
    const corrected = this.correctedDangerSign(dc.context.activity.text ?? '', profile.answers);
    if (corrected !== undefined) {
      // "Sorry, I misread that, no": the person answers the question again themselves, so it is not asked a third
      // time. The 999 item the "yes" made stays in the queue for the team; the rest of the questions follow.
      profile.answers[this.assessment.groups[corrected].id] = 'no';
      await dc.context.sendActivity(this.deps.prompts.render('assessmentCorrected'));
      state.group = corrected + 1;
      return this.next(dc, state);
    }
    const intro = state.urgentSaid
      ? this.assessment.content.dangerSigns.introUrgent
      : this.assessment.content.dangerSigns.intro;
    await dc.context.sendActivity(MessageFactory.text(wordingFor(dc.context, intro), intro.speak));
    await this.queueSoFar(dc, state);
    return this.askDangerSign(dc, state);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as AssessmentState;
    const text = (dc.context.activity.text ?? '').slice(0, 1000);
    const understanding = understandingOf(dc.context, this.deps);
    const profile = await profileOf(dc.context, this.deps);
    // The screen has already run: an emergency in the answer never reaches here. An urgent flag or a rule in the
    // answer ("no, but she fell this morning") raises what is known. The net's lift of an answer is a suspicion like
    // the first message's: the answers still decide.
    const start = assessmentStart(understanding);
    state.disposition = raise(state.disposition, start.disposition);
    state.lifted ??= start.lifted;
    for (const flag of understanding.redFlags) if (!profile.redFlags.includes(flag.id)) profile.redFlags.push(flag.id);

    const pending = state.pending;
    if (!pending) return this.next(dc, state);
    if (pending.kind === 'problem') return this.takeProblem(dc, state, text);
    if (state.disposition === 'urgent_2h' && this.asksForCall(dc.context)) return this.callNow(dc, state, pending);

    // A yes beside a number stays a yes here (unlike the safeguarding question): missing a danger sign is the worse error.
    let answer = answerRecogniserFor(dc.context).recognise(text, pending.text);
    // A description instead of a yes or no ("a bit breathless but talking in full sentences", issue 16, H185): the
    // screen has read it, found what it names and no emergency (an emergency never reaches here), and anything urgent
    // in it has raised the disposition above. For a danger sign it is a no, not a question asked again, unless it
    // names a finding the question itself names ("she's breathless" to "struggling to breathe?"): that stays unclear.
    if (
      !answer &&
      pending.kind === 'danger_sign' &&
      namesOnlyOtherFindings(understanding, this.deps.understander.understand(pending.text))
    )
      answer = 'no';
    // Someone who gives their name, date of birth or number here is answering what they expect to be asked next,
    // not failing this question: the details are kept (saidSoFar) and the question asked again, not counted a miss.
    // Once: someone who goes on giving details is not asked the same question on and on, and counts as not sure.
    if (
      !answer &&
      !state.detailsNoted &&
      !state.retried &&
      saidThisTurn(dc.context).some((fact) => IDENTITY_FACTS.has(fact))
    ) {
      state.detailsNoted = true;
      const noted = this.deps.prompts.render('assessmentDetailsNoted');
      return this.reask(dc, state, { text: noted.text ?? '', speak: noted.speak ?? '' });
    }
    // Asked at most twice: a question already asked again (for details given instead, or a miss) counts as not sure
    // at the next non-answer (set M: details, then a description, had the same question three times).
    if (!answer && !state.retried && !state.detailsNoted) {
      state.retried = true;
      await dc.context.sendActivity(this.deps.prompts.render('assessmentAnswerRetry'));
      return this.reask(dc, state);
    }
    // Asked twice and still not a yes or no: nobody can tell, so it counts as not sure.
    answer ??= 'not_sure';
    state.retried = false;
    state.detailsNoted = false;
    state.pending = undefined;
    profile.answers[pending.id] = answer;
    if (this.isDescriptive(text)) state.said.push(text);

    return pending.kind === 'danger_sign'
      ? this.takeDangerSign(dc, state, answer)
      : this.takeDiscriminator(dc, state, pending.id, answer);
  }

  /**
   * "My phone's about to die, please get someone to call me" while the duty clinician is already being fetched: the
   * questions left would only keep them from the call (set M: they left with the item still provisional). The
   * clinician is got now, hearing which questions went unanswered, and the person is told to call 999 if any danger
   * sign starts. Only once the escalation is decided: before that the danger signs come first (H245).
   */
  private async callNow(dc: DialogContext, state: AssessmentState, pending: Pending): Promise<DialogTurnResult> {
    const unasked = this.assessment.groups.slice(state.group).map((g) => g.id);
    const left = pending.kind === 'danger_sign' ? unasked : [pending.id];
    state.pending = undefined;
    state.reason = `${state.reason ?? 'urgent community response needed'}; asked to be called before answering: ${left.join(', ')}`;
    await dc.context.sendActivity(this.deps.prompts.render('assessmentCallNow'));
    return this.outcome(dc, state);
  }

  /** The message asks for someone to call or speak to them (a number given with it or not). */
  private asksForCall(context: TurnContext): boolean {
    const u = understandingOf(context, this.deps);
    return u.intent === 'human.request' && u.confidence >= ASKS_FOR_CALL_CONFIDENCE;
  }

  private async takeDangerSign(dc: DialogContext, state: AssessmentState, answer: Answer) {
    const group = this.assessment.groups[state.group];
    if (answer === 'yes') {
      return this.emergency(dc, group.yes.message, `danger sign: ${group.id}`);
    }
    if (answer === 'not_sure') {
      state.disposition = raise(state.disposition, group.notSure);
      state.reason ??= `not sure about danger signs (${group.covers.join(', ')})`;
    }
    state.group++;
    return this.next(dc, state);
  }

  private async takeDiscriminator(dc: DialogContext, state: AssessmentState, id: string, answer: Answer) {
    const question = this.assessment.content.discriminators.complaints
      .flatMap((c) => c.questions)
      .find((q) => q.id === id);
    state.asked.push(id);
    // "Not sure" about a finding that would make it more urgent is treated as having it.
    if (question && answer !== 'no') {
      state.disposition = raise(state.disposition, question.yes);
      state.reason ??= `${answer === 'yes' ? 'yes' : 'not sure'}: ${question.speak}`;
    }
    return this.next(dc, state);
  }

  /** "What's wrong?": the answer is the problem unless it answers something else (a role, "don't know", "no"). */
  private async takeProblem(dc: DialogContext, state: AssessmentState, text: string) {
    state.pending = undefined;
    const profile = await profileOf(dc.context, this.deps);
    const role = this.deps.commands.role(text);
    if (role) profile.role ??= role;
    const notAProblem =
      !!role || this.deps.commands.isDontKnow(text) || !!answerRecogniserFor(dc.context).recognise(text);
    if (!notAProblem) {
      const understanding = understandingOf(dc.context, this.deps);
      if (understanding.intent === 'safeguarding.concern' && understanding.confidence >= 0.7) {
        return dc.replaceDialog(SAFEGUARDING_DIALOG, { disclosure: text });
      }
      state.said.push(text);
      profile.problem = [state.problem, text].filter(Boolean).join(' / ').slice(0, 1000);
    }
    return this.next(dc, state);
  }

  /** The next question, or the outcome when there is none left to ask. */
  private async next(dc: DialogContext, state: AssessmentState): Promise<DialogTurnResult> {
    if (state.disposition === 'emergency_999') {
      return this.emergency(dc, this.assessment.content.discriminators.emergency, 'assessment answers');
    }
    await this.queueSoFar(dc, state);
    if (state.group < this.assessment.groups.length) return this.askDangerSign(dc, state);
    const description = this.description(state);
    // Already urgent: the duty clinician hears what is wrong, and only a question that could mean 999 is asked.
    const urgent = state.disposition === 'urgent_2h';
    if (!urgent && !state.askedProblem && this.assessment.isVague(description) && !this.understood(description)) {
      state.askedProblem = true;
      state.pending = { id: 'problem', kind: 'problem', text: '' };
      await dc.context.sendActivity(
        marked(this.deps.prompts.render('assessmentWhatsWrong'), {
          questionId: 'problem',
          kind: 'problem',
        }),
      );
      return Dialog.EndOfTurn;
    }
    const complaint = this.assessment.complaintFor(description);
    const question = this.assessment.nextDiscriminator(complaint, state.disposition, state.asked);
    if (question) return this.ask(dc, state, question, 'discriminator', { yesDisposition: question.yes });
    return this.outcome(dc, state);
  }

  /**
   * No escalation waits for the questions (issue 17): once it is decided (an urgent red flag, "not sure" to a danger
   * sign, a finding that needs the duty clinician within 2 hours, or a person asked for) the item is queued, marked
   * provisional, with what is known, and rewritten with each answer; the outcome settles it. A person who leaves
   * mid-assessment leaves it in the queue. A store failure is logged: the escalation at the end queues afresh.
   */
  private async queueSoFar(dc: DialogContext, state: AssessmentState): Promise<void> {
    if (state.disposition !== 'urgent_2h' && !state.wantsPerson) return;
    const profile = await profileOf(dc.context, this.deps);
    const person = state.wantsPerson ? personOptions(dc.context, this.deps, 'asked to speak to a person') : undefined;
    const disposition = person ? raise(state.disposition, person.disposition as Disposition) : state.disposition;
    const because = state.reason ?? person?.reason ?? 'urgent community response needed';
    const reason = `assessment in progress (${because}): not all questions answered yet, call back if they have gone`;
    const answered = Object.keys(profile.answers).join(', ') || 'none yet';
    if (!profile.provisionalItemId) {
      const targetMinutes = person?.target === 'coordinator' ? this.deps.services.hub.personRequestMinutes : undefined;
      const item = await queueEscalation(
        dc.context,
        this.deps,
        profile,
        { target: person?.target ?? 'duty_clinician', disposition, reason },
        targetMinutes,
        'assessment',
      );
      if (item) profile.provisionalItemId = item._id;
      return;
    }
    await this.deps.queue
      .updateSummary(profile.provisionalItemId, summaryFrom(profile, reason), disposition, `answered: ${answered}`)
      .catch((err: Error) => {
        this.deps.logger.error({ event: 'assessment.update_failed', error: err.name }, 'assessment item not updated');
      });
  }

  /** The danger-sign group this conversation answered "yes" to and this message now answers "no" to, if any. */
  private correctedDangerSign(text: string, answers: Record<string, string>): number | undefined {
    const index = this.assessment.groups.findIndex((g) => answers[g.id] === 'yes');
    if (index < 0) return undefined;
    return this.answers.recognise(text, this.assessment.groups[index].text) === 'no' ? index : undefined;
  }

  private askDangerSign(dc: DialogContext, state: AssessmentState) {
    const group = this.assessment.groups[state.group];
    return this.ask(dc, state, group, 'danger_sign', {
      yesDisposition: group.yes.disposition,
      notSureDisposition: group.notSure,
    });
  }

  private async ask(
    dc: DialogContext,
    state: AssessmentState,
    question: Wording & { id: string },
    kind: 'danger_sign' | 'discriminator',
    mark: TriageMark,
    pointer?: { text: string; speak: string },
  ): Promise<DialogTurnResult> {
    const text = pointer?.text ?? wordingFor(dc.context, question);
    const speak = pointer ? `${pointer.speak} ${question.speak}` : question.speak;
    state.pending = { id: question.id, kind, text: question.text };
    await dc.context.sendActivity(
      marked(MessageFactory.suggestedActions(ANSWERS, text, speak), {
        questionId: question.id,
        kind,
        ...mark,
      }),
    );
    return Dialog.EndOfTurn;
  }

  /** The pending question again; with `pointer`, a sentence that points back to it in writing (the voice repeats it). */
  private async reask(
    dc: DialogContext,
    state: AssessmentState,
    pointer?: { text: string; speak: string },
  ): Promise<DialogTurnResult> {
    const pending = state.pending!;
    const question =
      pending.kind === 'danger_sign'
        ? this.assessment.groups[state.group]
        : this.assessment.content.discriminators.complaints
            .flatMap((c) => c.questions)
            .find((q) => q.id === pending.id);
    if (!question) return this.next(dc, state);
    const mark: TriageMark =
      pending.kind === 'danger_sign'
        ? {
            yesDisposition: this.assessment.groups[state.group].yes.disposition,
            notSureDisposition: this.assessment.groups[state.group].notSure,
          }
        : { yesDisposition: (question as { yes: Disposition }).yes };
    return this.ask(dc, state, question, pending.kind as 'danger_sign' | 'discriminator', mark, pointer);
  }

  private async emergency(dc: DialogContext, message: Wording, reason: string): Promise<DialogTurnResult> {
    const profile = await profileOf(dc.context, this.deps);
    await sendEmergency(dc.context, this.deps, profile, message, reason);
    return dc.endDialog({ disposition: 'emergency_999' });
  }

  /** What the answers decided: the duty clinician, a person, or advice with a referral. */
  private async outcome(dc: DialogContext, state: AssessmentState): Promise<DialogTurnResult> {
    const description = this.description(state);
    const profile = await profileOf(dc.context, this.deps);
    const understood = this.understood(description);
    // A lift the answers did not settle: a person asked for, or a problem we could not place (so no plan can be
    // matched to it), is the duty clinician's within 2 hours, as the net said.
    if (state.lifted && state.disposition !== 'urgent_2h' && (state.wantsPerson || !understood)) {
      state.disposition = 'urgent_2h';
      state.reason ??= `urgent community response needed (${state.lifted})`;
    }
    if (state.disposition === 'urgent_2h') {
      return handToDutyClinician(dc, this.deps, state.reason ?? 'urgent community response needed', {
        alreadyTold: state.urgentSaid,
      });
    }
    profile.problem ??= description;
    const disposition: Disposition = understood
      ? raise(state.disposition, 'routine')
      : raise(state.disposition, 'same_day');
    if (state.wantsPerson) {
      const person = personOptions(dc.context, this.deps, 'asked to speak to a person (assessed)');
      return dc.replaceDialog(ESCALATION_DIALOG, {
        ...person,
        disposition: raise(disposition, person.disposition as Disposition),
      });
    }
    if (!understood && !isHubOpen(servicesOf(dc.context, this.deps), this.deps.now())) {
      // Out of hours, a clinical problem we could not place goes to the duty clinician, never to a queue for later.
      await dc.context.sendActivity(
        marked(this.deps.prompts.render('assessmentUnclearOutOfHours'), {
          outcome: 'person',
        }),
      );
      return dc.replaceDialog(ESCALATION_DIALOG, {
        target: 'duty_clinician',
        disposition,
        reason: 'clinical problem not clear after the assessment (out of hours)',
      } satisfies EscalationOptions);
    }
    return dc.replaceDialog(UNWELL_DIALOG, {
      problem: description,
      disposition,
      ...(state.lifted ? { lifted: state.lifted } : {}),
    } satisfies UnwellOptions);
  }

  /** We know what the problem is about: a complaint with discriminators or a guidance topic, not only "unwell". */
  private understood(description: string): boolean {
    return !!this.assessment.complaintFor(description) || !!bestMatch(description, this.guidance.topics);
  }

  private description(state: AssessmentState): string {
    return [state.problem, ...state.said].filter(Boolean).join('. ');
  }

  private isDescriptive(text: string): boolean {
    return text.trim().split(/\s+/).length >= MIN_DESCRIPTIVE_WORDS;
  }
}

/** The SMS wording where there is one: no bullets, and the reply menu goes after it. */
function wordingFor(context: TurnContext, wording: Wording): string {
  return context.activity.channelId === 'sms' && wording.sms ? wording.sms : wording.text;
}

/** Findings too general to say which sign a description is about. */
const GENERAL_FINDINGS = new Set(['symptom']);

/** A description naming current findings, none of them one the danger-sign question names. */
function namesOnlyOtherFindings(answer: Understanding, question: Understanding): boolean {
  const asked = new Set(question.findings.map((f) => f.id));
  const named = answer.findings.filter((f) => f.current && !GENERAL_FINDINGS.has(f.id));
  return named.length > 0 && named.every((f) => !asked.has(f.id));
}
