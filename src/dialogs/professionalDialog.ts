import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Activity } from 'botbuilder';
import { loadOutcomes } from '../hub/outcomes';
import { spokenReference } from '../hub/reference';
import type { QueueItem, QueueSummary } from '../hub/queueModel';
import { summaryFrom } from './summary';
import { moreUrgent, type Disposition } from '../triage/dispositions';
import { callerNumber, type ConversationProfile } from './conversationProfile';
import { profileOf, servicesOf, setServiceOf, understandingOf, valuesOf, type DialogDeps } from './dialogDeps';
import { decideEligibility, type Eligibility, type Registration } from '../referrals/eligibility';
import { GpPracticeReader, type CallerPractice } from '../referrals/gpPracticeAnswer';
import {
  dutyClinicianNow,
  queueEscalation,
  sendNoDutyRoute,
  startHandoff,
  type EscalationOptions,
} from './escalationDialog';
import {
  absorb,
  changes,
  missingObservations,
  news2Words,
  newHandover,
  nextQuestion,
  promptFor,
  readable,
  scoreOf,
  type Handover,
  type Question,
} from './professionalHandover';
import type { ServiceProfile } from '../content/services';

export const PROFESSIONAL_DIALOG = 'professional';
const STEPS = `${PROFESSIONAL_DIALOG}.steps`;
const TEXT = 'professional.text';

/** How the route is started: with the message that started it (read for every fact in it), or "put me through". */
export interface ProfessionalOptions {
  text?: string;
  connectNow?: boolean;
}

/** What the dialog carries from turn to turn (in dialog state, so in the store). */
interface HandoverState {
  handover: Handover;
  disposition?: Disposition;
  asking?: Question;
  /** The opening question has been asked. */
  started?: boolean;
  /** What to say before the next question: the read-back of what the last message added. */
  noted?: string[];
  /** The referral, queued at the first fact and updated with each one after (queue-first, as patient escalations). */
  itemId?: string;
  /** The service the patient's GP registration puts the handover with, and why (src/referrals/eligibility.ts). */
  service?: string;
  eligibility?: string;
  /** The caller's own practice, as they named it (a GP ringing from their surgery): the patient's only if they say so. */
  callerPractice?: { name: string; service: string };
}

const WHAT: Record<string, string> = {
  Advice: 'Request for advice',
  'District nursing': 'District nursing referral',
  'Rapid response': 'Rapid response referral',
  'Admission avoidance': 'Admission avoidance referral',
};

/** The coded outcomes, read once: a turned-away referral is closed with content's `turnedAway` code. */
const OUTCOMES = loadOutcomes();

/** Intents that mean "a person now" when a professional says them mid-handover. */
export const CONNECT_INTENTS = new Set(['human.request', 'urgent.clinician']);

/**
 * One professional route for 111, ambulance crews and GPs on every channel. Whatever they say, in whatever order and
 * however much at once, fills the handover's slots (who, patient and where, problem, observations → NEWS2, need);
 * each reply reads back what was taken down and asks only for what is still missing, so a crew who says everything
 * in one breath reaches the duty clinician in two turns and one who answers each question in six at most. "Put me
 * through" at any point goes to the duty clinician with what has been captured. A red flag is part of the handover
 * (the bot has already said 999 is theirs to call): it raises the referral's priority and the handover goes on.
 */
export class ProfessionalDialog extends ComponentDialog {
  private readonly practices: GpPracticeReader;

  constructor(private readonly deps: DialogDeps) {
    super(PROFESSIONAL_DIALOG);
    this.practices = new GpPracticeReader(deps.serviceDirectory.profiles);
    this.addDialog(new TextPrompt(TEXT));
    this.addDialog(new WaterfallDialog(STEPS, [(step) => this.askOrHandOver(step), (step) => this.take(step)]));
    this.initialDialogId = STEPS;
  }

  private async askOrHandOver(step: WaterfallStepContext) {
    const options = (step.options ?? {}) as ProfessionalOptions & Partial<HandoverState>;
    const profile = await profileOf(step.context, this.deps);
    profile.role = 'professional';
    let state: HandoverState;
    let connectNow = false;
    if (options.handover) {
      state = options as HandoverState;
    } else {
      // The message that started the route is read like any other: "paramedic, LAS, call sign Alpha 12, …".
      state = { handover: newHandover() };
      const text = options.text ?? (step.context.activity.type === 'message' ? (step.context.activity.text ?? '') : '');
      connectNow = this.read(step, state, text) || !!options.connectNow;
    }
    const eligibility = await this.placeByPractice(step, state);
    this.keep(profile, state);
    if (!connectNow && eligibility && eligibility.outcome !== 'accepted')
      return this.redirect(step, state, eligibility);
    const next = nextQuestion(state.handover);
    if (connectNow || !next) return this.handOver(step, state);
    await this.queueSoFar(step, state);
    const noted = state.noted?.length ? this.deps.prompts.text('proNoted', { facts: state.noted.join('; ') }) : '';
    state.noted = undefined;
    // Nothing known yet: one open question that invites everything at once, answered in any order. Its answer is
    // read as a whole handover, not as an answer to the first slot.
    const isStart = !state.started && !Object.keys(readable(state.handover)).length;
    state.started = true;
    state.asking = isStart ? undefined : next;
    if (!isStart) state.handover.asked[next] = (state.handover.asked[next] ?? 0) + 1;
    const key = isStart ? 'proStart' : promptFor(state.handover, next);
    valuesOf(step).state = state;
    const practice = state.handover.practice;
    const choices = next === 'practice' && practice?.kind === 'unplaced' ? practice.choices : [];
    return step.prompt(TEXT, { prompt: this.question(key, noted, state, choices) });
  }

  private async take(step: WaterfallStepContext) {
    const state = valuesOf(step).state as HandoverState;
    const connectNow = this.read(step, state, String(step.result ?? ''));
    if (connectNow) {
      // "Put me through" is a person now: the practice moves the handover to its service, and never holds it up.
      await this.placeByPractice(step, state);
      this.keep(await profileOf(step.context, this.deps), state);
      return this.handOver(step, state);
    }
    this.keep(await profileOf(step.context, this.deps), state);
    return step.replaceDialog(STEPS, { ...state });
  }

  /** Takes one message into the handover; true when it asks to be put through now. */
  private read(step: WaterfallStepContext, state: HandoverState, text: string): boolean {
    const u = understandingOf(step.context, this.deps);
    const before = readable(state.handover);
    const callbackBefore = state.handover.callback;
    const facts = absorb(state.handover, text, u.entities, state.asking, u.clinical, u.findings.length > 0);
    this.readPractice(state, text);
    const noted = changes(before, readable(state.handover));
    // A number to ring them back on is said back, so nobody asks for it again (and nothing else is made of it).
    if (state.handover.callback && state.handover.callback !== callbackBefore)
      noted.push(this.deps.prompts.text('proCallbackNoted', { number: state.handover.callback }));
    if (noted.length) state.noted = noted;
    for (const flag of u.redFlags) state.disposition = moreUrgent(state.disposition ?? 'urgent_2h', flag.disposition);
    const asksForPerson = CONNECT_INTENTS.has(u.intent) && u.confidence >= 0.5 && !noted.length;
    return facts.connectNow || asksForPerson;
  }

  /**
   * The patient's GP practice, from the answer to "which practice?" or from any message that names one ("registered
   * at Tooting Bec Surgery", an ODS code, "no GP"); a place name alone is where the patient is, not their practice.
   */
  private readPractice(state: HandoverState, message: string): void {
    const h = state.handover;
    const asked = state.asking === 'practice';
    // A GP ringing from their surgery names their own practice, which is not the patient's until they say so. The
    // answer to "which practice is the patient registered with?" is the patient's ("it's Tooting Bec").
    const caller: CallerPractice = asked ? { rest: message } : this.practices.callerPractice(message);
    if (caller.practice) state.callerPractice = { name: caller.practice.name, service: caller.practice.service.id };
    const text = caller.rest;
    if (state.callerPractice && this.practices.sameAsCaller(text, asked)) {
      h.practice = { kind: 'practice', ...state.callerPractice };
      return;
    }
    if (!asked && !this.practices.mentionsPractice(text)) return;
    if (asked && this.deps.commands.isDontKnow(text)) {
      h.practice = { kind: 'dont_know' };
      return;
    }
    const among =
      asked && h.practice?.kind === 'unplaced' && h.practice.choices.length ? h.practice.choices : undefined;
    const answer = this.practices.read(text, among);
    // What was said of a practice we could not place: the whole answer to the question, never a whole handover.
    const said = asked ? text.trim().slice(0, 100) : '';
    if (answer.kind === 'practice') {
      h.practice = { kind: 'practice', name: answer.practice.name, service: answer.practice.service.id };
    } else if (answer.kind === 'not_registered') {
      h.practice = { kind: 'not_registered' };
    } else if (answer.kind === 'ambiguous') {
      h.practice = { kind: 'unplaced', said, choices: answer.practices.map((p) => p.name) };
    } else if (asked || h.practice?.kind !== 'practice') {
      h.practice = { kind: 'unplaced', said, choices: [] };
    }
  }

  /**
   * Eligibility by GP registration (seeds 000 §3.7, 001, 003 §5.1), as on the referral route: a practice of any service
   * puts the handover with that service (its queue, its duty clinician), wherever the patient is; an unregistered
   * patient follows the rule of the service where they are. Undecided (nothing said of a practice, "don't know", or
   * unregistered with no postcode yet) leaves the conversation's service and the hub checks.
   */
  private async placeByPractice(step: WaterfallStepContext, state: HandoverState): Promise<Eligibility | undefined> {
    const h = state.handover;
    const p = h.practice;
    let registration: Registration | undefined;
    if (p?.kind === 'practice') {
      const service = this.deps.serviceDirectory.byId(p.service);
      if (service) registration = { kind: 'practice', practice: { name: p.name, service } };
    } else if (p?.kind === 'not_registered' && h.postcode) {
      registration = { kind: 'not_registered' };
    } else if (p?.kind === 'unplaced' && (h.asked.practice ?? 0) >= 1 && state.asking === 'practice') {
      registration = { kind: 'unknown' };
    }
    if (!registration) return undefined;
    const conversation = servicesOf(step.context, this.deps);
    const eligibility = decideEligibility(
      registration,
      h.postcode ?? '',
      conversation,
      this.deps.serviceDirectory.profiles,
    );
    if (eligibility.outcome !== 'accepted') return eligibility;
    state.eligibility = eligibility.basis;
    if (eligibility.service.id !== conversation.id) await this.moveTo(step, state, eligibility.service);
    state.service = eligibility.service.id;
    return eligibility;
  }

  /** The conversation, and so the queue item and the duty clinician, become the practice's service's. */
  private async moveTo(step: WaterfallStepContext, state: HandoverState, service: ServiceProfile) {
    const profile = await profileOf(step.context, this.deps);
    profile.service = service.id;
    setServiceOf(step.context, service);
    const p = state.handover.practice;
    await step.context.sendActivity(
      this.deps.prompts.render('proOtherService', {
        practice: p?.kind === 'practice' ? p.name : 'The practice',
        service: service.name,
      }),
    );
  }

  /**
   * A patient no service here covers: the professional is told where to go, the referral queued so far is settled
   * saying so (closed with the turned-away outcome, so the hub sees who was sent elsewhere and it raises no 2-hour alerts), and nobody here is put through. "Put me through" after
   * this still reaches our duty clinician, in case the practice was misheard.
   */
  private async redirect(step: WaterfallStepContext, state: HandoverState, eligibility: Eligibility) {
    const conversation = servicesOf(step.context, this.deps);
    const p = state.handover.practice;
    const practice = p?.kind === 'practice' ? p.name : p?.kind === 'unplaced' && p.said ? p.said : 'That practice';
    const key = eligibility.outcome === 'register_with_gp' ? 'proRegisterWithGp' : 'proOwnGp';
    state.eligibility = eligibility.outcome;
    const profile = await profileOf(step.context, this.deps);
    this.keep(profile, state);
    // Said all in one breath: queued now, so the hub still sees the professional who was sent elsewhere.
    if (!state.itemId) await this.queueSoFar(step, state);
    if (state.itemId) {
      const options = this.escalationOptions(state, false);
      options.reason = `professional handover: told where to go (${eligibility.outcome.replace(/_/g, ' ')}); not put through`;
      const reason = `told where to refer (${eligibility.outcome.replace(/_/g, ' ')})`;
      await this.update(state.itemId, state, profile, options, true)
        .then(() => this.deps.queue.turnAway(state.itemId!, OUTCOMES.turnedAway, reason))
        .catch((err: Error) => {
          this.deps.logger.error({ event: 'handover.update_failed', error: err.name }, 'handover not updated');
        });
    }
    await step.context.sendActivity(this.deps.prompts.render(key, { practice, service: conversation.name }));
    return step.endDialog();
  }

  /** The question, after the read-back of what was taken down, and with any missing observations asked for once. */
  private question(key: string, noted: string, state: HandoverState, choices: string[] = []): Partial<Activity> {
    const h = state.handover;
    const score = scoreOf(h);
    let extra = '';
    if (score?.missing.length && !h.missingObservationsAsked && state.asking !== 'observations') {
      h.missingObservationsAsked = true;
      const missing = missingObservations(score);
      const ask = noted.includes(`not given: ${missing}`) ? 'proMissingObservationsNoted' : 'proMissingObservations';
      extra = this.deps.prompts.text(ask, { missing });
    }
    const asked = choices.length ? this.deps.prompts.render(key, {}, choices) : this.deps.prompts.render(key);
    const join = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' ');
    return { ...asked, text: join(noted, asked.text, extra), speak: join(noted, asked.speak, extra) };
  }

  /** Everything known so far goes on the profile, so any route that takes over (a 999 finding, cancel) carries it. */
  private keep(profile: Awaited<ReturnType<typeof profileOf>>, state: HandoverState) {
    const r = readable(state.handover);
    for (const [key, value] of Object.entries(r)) profile.answers[key] = value;
    if (state.handover.callSign) profile.answers.callSign = state.handover.callSign;
    if (state.handover.organisation) profile.answers.organisation = state.handover.organisation;
    if (state.handover.problem) profile.problem = state.handover.problem;
    if (state.handover.callback) profile.callbackNumber = state.handover.callback;
    const p = state.handover.practice;
    if (p) profile.answers.gpPractice = p.kind === 'practice' ? p.name : (readable(state.handover).practice ?? '');
    if (state.eligibility) profile.answers.eligibility = state.eligibility;
  }

  /**
   * The referral as captured so far: queued the first time anything is known, and rewritten with each message after,
   * so a crew who stops answering part-way (closes the chat, hangs up) leaves a referral with everything they said.
   * A store failure is logged and the handover goes on: handOver tries again and falls back to the numbers.
   */
  private async queueSoFar(step: WaterfallStepContext, state: HandoverState) {
    if (!Object.keys(readable(state.handover)).length) return;
    const profile = await profileOf(step.context, this.deps);
    const options = this.escalationOptions(state, true);
    if (!state.itemId) {
      const item = await queueEscalation(step.context, this.deps, profile, options, undefined, 'handover');
      if (item) profile.handoverItemId = state.itemId = item._id;
      return;
    }
    await this.update(state.itemId, state, profile, options).catch((err: Error) => {
      this.deps.logger.error({ event: 'handover.update_failed', error: err.name }, 'handover not updated');
    });
  }

  private update(
    id: string,
    state: HandoverState,
    profile: ConversationProfile,
    options: EscalationOptions,
    settle = false,
  ) {
    const slots = Object.keys(readable(state.handover));
    return this.deps.queue.updateSummary(
      id,
      summaryFrom(profile, options.reason, options.summary),
      options.disposition as Disposition,
      `given so far: ${slots.filter((k) => !k.startsWith('news2')).join(', ') || 'nothing'}`,
      { settle, service: state.service },
    );
  }

  /** What the queue item and the hand-off carry: who, the patient, NEWS2, where, the need and the urgency. */
  private escalationOptions(state: HandoverState, inProgress: boolean): EscalationOptions {
    const h = state.handover;
    const score = scoreOf(h);
    // A referral from a professional with the patient is at least urgent; a 999 finding or a NEWS2 that calls for one
    // puts it first.
    let disposition: Disposition = moreUrgent(state.disposition ?? 'urgent_2h', 'urgent_2h');
    if (score) disposition = moreUrgent(disposition, score.disposition);
    const need = h.need ?? 'not stated';
    const summary: Partial<QueueSummary> = {
      contact: { role: 'professional', organisation: h.organisation, callSign: h.callSign },
      patient:
        h.nhsNumber || h.patientName || h.dateOfBirth
          ? {
              name: h.patientName,
              nhsNumber: h.nhsNumber,
              dateOfBirth: h.dateOfBirth,
              postcode: h.postcode,
              verified: false,
            }
          : undefined,
      news2: score ? { score: score.score, band: score.band } : undefined,
      location: [h.location, h.postcode].filter(Boolean).join(', ') || undefined,
    };
    return {
      target: 'duty_clinician',
      kind: 'referral',
      disposition,
      reason: inProgress
        ? 'professional handover in progress: not yet put through (call the professional back if they have gone)'
        : `professional handover: ${need}`,
      summary,
      handover: {
        who: [h.role, h.organisation].filter(Boolean).join(', ') || h.said.who,
        callSign: h.callSign,
        news2: score ? news2Words(score) : undefined,
        need,
      },
    };
  }

  private async handOver(step: WaterfallStepContext, state: HandoverState) {
    const h = state.handover;
    const profile = await profileOf(step.context, this.deps);
    profile.callbackNumber ??= callerNumber(step.context);
    const score = scoreOf(h);
    const options = this.escalationOptions(state, false);
    const { disposition } = options;
    const need = h.need ?? 'not stated';
    const noted = state.noted?.length ? this.deps.prompts.text('proNoted', { facts: state.noted.join('; ') }) : '';
    if (noted) await step.context.sendActivity({ type: 'message', text: noted, speak: noted });
    const item = await this.finalItem(step, state, profile, options);
    if (item) profile.handoverItemId = item._id;
    profile.handedOver = !!item;
    const clinician = await dutyClinicianNow(step.context, this.deps);
    if (!item || !clinician) {
      await sendNoDutyRoute(step.context, this.deps, item);
      return step.endDialog();
    }
    const what = WHAT[need] ?? 'Referral';
    await step.context.sendActivity(
      this.deps.prompts.render(disposition === 'emergency_999' ? 'proHandoverEmergency' : 'proHandover', {
        what,
        reference: item.reference,
        spokenReference: spokenReference(item.reference),
        news2: score ? `, NEWS2 ${score.score}` : '',
        spokenNews2: score ? ` NEWS2 ${score.score}.` : '',
        next: this.deps.prompts.text('proHandoverNext', { clinician: clinician.name }),
      }),
    );
    await startHandoff(step.context, this.deps, item, profile, options);
    return step.endDialog();
  }

  /** The item queued while the handover was given, brought up to date; or a new one if none could be queued. */
  private async finalItem(
    step: WaterfallStepContext,
    state: HandoverState,
    profile: ConversationProfile,
    options: EscalationOptions,
  ): Promise<QueueItem | undefined> {
    if (state.itemId) {
      try {
        return await this.update(state.itemId, state, profile, options, true);
      } catch (err) {
        this.deps.logger.error({ event: 'handover.update_failed', error: (err as Error).name }, 'handover not updated');
      }
    }
    return queueEscalation(step.context, this.deps, profile, options);
  }
}
