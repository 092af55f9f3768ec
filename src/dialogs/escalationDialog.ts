import { EventFactory, type Activity, type TurnContext } from 'botbuilder';
import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Role, RouteAnswer } from '../content/commands';
import { isHubOpen } from '../content/services';
import { isNamedClinician } from '../hub/namedClinician';
import { spokenReference } from '../hub/reference';
import {
  OPEN_STATUSES,
  type NamedClinicianOnItem,
  type Provisional,
  type QueueItem,
  type QueueKind,
  type QueueSummary,
} from '../hub/queueModel';
import type { Disposition } from '../triage/dispositions';
import { callerNumber, isVoice, type ConversationProfile } from './conversationProfile';
import { profileOf, servicesOf, understandingOf, valuesOf, type DialogDeps, type DutyClinician } from './dialogDeps';
import { describeWithin } from './describeWithin';
import { conversationOf, summaryFrom } from './summary';

export const ESCALATION_DIALOG = 'escalation';
const CALLBACK = 'escalation.callback';
const ROUTE = 'escalation.route';

export interface EscalationOptions {
  target: 'duty_clinician' | 'coordinator';
  disposition: string;
  reason: string;
  kind?: QueueKind;
  /** Structured facts for the queue item beyond the profile's (a professional handover's organisation, NEWS2). */
  summary?: Partial<QueueSummary>;
  /** A professional handover: what the whisper tells the clinician. */
  handover?: HandoverWhisper;
}

/** What the duty clinician hears about a professional's handover before the crew is connected. */
export interface HandoverWhisper {
  /** Role and organisation: "paramedic, LAS". */
  who?: string;
  callSign?: string;
  /** "NEWS2 5 (medium; not given: systolic BP)". */
  news2?: string;
  need?: string;
}

/**
 * The handoff context the dialogs put in `handoff.initiate` and our channel adapters act on (the voice adapter dials
 * the duty clinician and words the whisper from `role`, `problem` and `reason`).
 */
export interface HandoffContext {
  target: 'duty_clinician' | 'coordinator';
  disposition: string;
  queueItemId: string;
  reference: string;
  /** Who the caller said they are, if they said. */
  role?: Role;
  /** What the caller said the problem is, in their words. */
  problem?: string;
  reason: string;
  /** Set for a professional handover. */
  handover?: HandoverWhisper;
}

/**
 * Urgent escalation and "a person, any time". Never waits for anything: the item is in the queue, with everything
 * learnt so far, the moment the escalation is decided, so a person who leaves at the next question is not lost. Then
 * the call-back route is chosen with the person (the caller's own line on the phone and SMS; in web chat the mobile on
 * record, a number they give, a text, or a reply in this chat, and never a phone call to someone who said they cannot
 * take one), the item is updated, the handoff starts, and the person is told who will contact them, how and by when.
 */
export class EscalationDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(ESCALATION_DIALOG);
    this.addDialog(
      new TextPrompt(
        ROUTE,
        async (pc) => !!this.routeFrom(pc.context, pc.recognized.value ?? '') || pc.attemptCount >= 2,
      ),
    );
    this.addDialog(
      new TextPrompt(CALLBACK, async (pc) => {
        const said = pc.recognized.value ?? '';
        return (
          !!understandingOf(pc.context, deps).entities.phoneNumber ||
          deps.commands.isDontKnow(said) ||
          !!deps.commands.contactRoute(said) ||
          pc.attemptCount >= 2
        );
      }),
    );
    this.addDialog(
      new WaterfallDialog(`${ESCALATION_DIALOG}.steps`, [
        (step) => this.queueThenAskRoute(step),
        (step) => this.takeRoute(step),
        (step) => this.escalate(step),
      ]),
    );
    this.initialDialogId = `${ESCALATION_DIALOG}.steps`;
  }

  private async queueThenAskRoute(step: WaterfallStepContext) {
    const options = step.options as EscalationOptions;
    const profile = await profileOf(step.context, this.deps);
    const item = await queueEscalation(
      step.context,
      this.deps,
      profile,
      options,
      this.targetMinutes(step.context, options),
    );
    if (!item) {
      await sendNoDutyRoute(step.context, this.deps, undefined);
      return step.endDialog();
    }
    valuesOf(step).item = item;
    const channel = step.context.activity.channelId;
    const caller = callerNumber(step.context);
    const neverPhone = this.neverPhone(profile);
    if (isVoice(step.context)) {
      profile.callbackNumber ??= caller;
      profile.contactRoute = 'this_call';
      return step.next();
    }
    if (channel === 'sms' && caller) {
      // Texting in is a route of its own: the team texts back, or calls the same number if the person can take calls.
      profile.callbackNumber ??= caller;
      profile.contactRoute = neverPhone ? 'text' : 'number_given';
      return step.next();
    }
    if (profile.callbackNumber) {
      // Given earlier in the conversation (the unwell dialog asks for one): not asked again.
      profile.contactRoute ??= neverPhone ? 'text' : 'number_given';
      return step.next();
    }
    const mobile = await this.mobileOnRecord(profile);
    valuesOf(step).mobile = mobile;
    const last = mobile ? mobile.replace(/\D/g, '').slice(-3) : '';
    if (neverPhone) {
      return step.prompt(ROUTE, {
        prompt: this.deps.prompts.render('askRouteNoPhone', {}, [
          this.deps.prompts.text('routeChat'),
          mobile ? this.deps.prompts.text('routeTextMobile', { last }) : this.deps.prompts.text('routeText'),
        ]),
        retryPrompt: this.deps.prompts.render('askRouteRetry', {}, [this.deps.prompts.text('routeChat')]),
      });
    }
    if (mobile) {
      return step.prompt(ROUTE, {
        prompt: this.deps.prompts.render('askRouteMobile', { last }),
        retryPrompt: this.deps.prompts.render('askRouteRetry', {}, [this.deps.prompts.text('routeChat')]),
      });
    }
    return step.prompt(CALLBACK, {
      prompt: this.deps.prompts.render('askCallback'),
      retryPrompt: this.deps.prompts.render('askCallbackRetry'),
    });
  }

  /** The answer to the route question; a text or another number without a number asks for it once. */
  private async takeRoute(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    if (profile.contactRoute && (profile.callbackNumber || profile.contactRoute === 'stay_in_chat')) {
      return step.next();
    }
    const said = typeof step.result === 'string' ? step.result : '';
    const number = understandingOf(step.context, this.deps).entities.phoneNumber;
    const route = this.routeFrom(step.context, said);
    const mobile = valuesOf(step).mobile as string | undefined;
    if (number) {
      profile.callbackNumber = number;
      profile.contactRoute = route === 'text' || this.neverPhone(profile) ? 'text' : 'number_given';
      return step.next();
    }
    if (route === 'mobile' && mobile) {
      profile.callbackNumber = mobile;
      profile.contactRoute = this.neverPhone(profile) ? 'text' : 'mobile_on_record';
      return step.next();
    }
    if (route === 'text' && mobile) {
      profile.callbackNumber = mobile;
      profile.contactRoute = 'text';
      return step.next();
    }
    if (route === 'text' || route === 'other') {
      valuesOf(step).wantsText = route === 'text';
      return step.prompt(CALLBACK, {
        prompt: this.deps.prompts.render(route === 'text' ? 'askTextNumber' : 'askCallback'),
        retryPrompt: this.deps.prompts.render('askCallbackRetry'),
      });
    }
    // "Reply in this chat", "I don't have a phone", "don't know", or no usable answer twice: the chat is the route.
    profile.contactRoute = 'stay_in_chat';
    return step.next();
  }

  private async escalate(step: WaterfallStepContext) {
    const options = step.options as EscalationOptions;
    const profile = await profileOf(step.context, this.deps);
    if (!profile.contactRoute || (profile.contactRoute !== 'stay_in_chat' && !profile.callbackNumber)) {
      const number =
        typeof step.result === 'string' ? understandingOf(step.context, this.deps).entities.phoneNumber : undefined;
      if (number) {
        profile.callbackNumber = number;
        profile.contactRoute = valuesOf(step).wantsText || this.neverPhone(profile) ? 'text' : 'number_given';
      } else {
        profile.contactRoute = 'stay_in_chat';
      }
    }
    const item = valuesOf(step).item as QueueItem;
    const updated = await this.deps.queue
      .updateContact(item._id, {
        callbackNumber: profile.callbackNumber,
        contactRoute: profile.contactRoute,
        communicationNeeds: profile.communicationNeeds?.map((n) => n.label),
      })
      .catch((err: Error) => {
        // The item is already in the queue; the route not being on it must not stop the person being told.
        this.deps.logger.error({ event: 'escalation.contact_update_failed', error: err.name }, 'route not recorded');
        return item;
      });
    await escalate(step.context, this.deps, profile, options, updated);
    return step.endDialog();
  }

  private routeFrom(context: TurnContext, said: string): RouteAnswer | undefined {
    const route = this.deps.commands.contactRoute(said);
    if (route) return route;
    if (this.deps.commands.isDontKnow(said)) return 'chat';
    // "I'm deaf", "I can't use the phone": a need stated as the answer chooses the chat.
    const needs = this.deps.communicationNeeds.find(said);
    if (this.deps.communicationNeeds.neverPhone(needs)) return 'chat';
    return understandingOf(context, this.deps).entities.phoneNumber ? 'other' : undefined;
  }

  private neverPhone(profile: ConversationProfile): boolean {
    return this.deps.communicationNeeds.neverPhone((profile.communicationNeeds ?? []).map((n) => n.id));
  }

  /** A verified patient's own mobile, offered by its last digits only (a carer is asked for theirs). */
  private async mobileOnRecord(profile: ConversationProfile): Promise<string | undefined> {
    if (!profile.verified || !profile.patientId || profile.role !== 'patient') return undefined;
    return this.deps.directory.mobileOf(profile.patientId).catch(() => undefined);
  }

  /** A person asked for while the hub is open gets the hub's own target, not the disposition's 72 hours. */
  private targetMinutes(context: TurnContext, options: EscalationOptions): number | undefined {
    const services = servicesOf(context, this.deps);
    return options.target === 'coordinator' && isHubOpen(services, this.deps.now())
      ? services.hub.personRequestMinutes
      : undefined;
  }
}

/**
 * Puts the escalation in the queue, durably, with everything learnt so far; undefined if the store failed. An item the
 * assessment queued while it was still asking is settled with this escalation instead (one item per escalation);
 * `provisional` queues such an item.
 */
export async function queueEscalation(
  context: TurnContext,
  deps: DialogDeps,
  profile: ConversationProfile,
  options: EscalationOptions,
  targetMinutes?: number,
  provisional?: Provisional,
): Promise<QueueItem | undefined> {
  const kind = options.kind ?? 'escalation';
  if (!provisional && kind === 'escalation' && profile.provisionalItemId) {
    const settled = await settleProvisional(deps, profile, options, targetMinutes);
    if (settled) return settled;
  }
  const namedClinician =
    options.target === 'duty_clinician' ? await namedClinicianOf(context, deps, profile) : undefined;
  try {
    return await deps.queue.create({
      kind,
      namedClinician,
      disposition: options.disposition,
      channel: context.activity.channelId,
      service: servicesOf(context, deps).id,
      conversation: conversationOf(context, profile),
      summary: summaryFrom(profile, options.reason, options.summary),
      idempotencyKey: `${context.activity.conversation.id}:${context.activity.id ?? 'turn'}:${kind}${provisional ? `:${provisional}` : ''}`,
      createdBy: 'front-door-bot',
      targetMinutes,
      provisional,
    });
  } catch (err) {
    // Fail safe to a human: the caller is given the numbers instead of a promise we cannot keep.
    deps.logger.error({ err, event: 'escalation.store_failed' }, 'could not store the escalation');
    return undefined;
  }
}

/** The assessment's item, brought up to date and settled; undefined when it is gone or finished (a new one is made). */
async function settleProvisional(
  deps: DialogDeps,
  profile: ConversationProfile,
  options: EscalationOptions,
  targetMinutes?: number,
): Promise<QueueItem | undefined> {
  const id = profile.provisionalItemId!;
  profile.provisionalItemId = undefined;
  try {
    const item = await deps.queue.findById(id);
    // Someone finished it while the bot was still asking: what follows is a new escalation for them to see.
    if (!item || !OPEN_STATUSES.includes(item.status)) return undefined;
    return await deps.queue.updateSummary(
      id,
      summaryFrom(profile, options.reason, options.summary),
      options.disposition as Disposition,
      options.reason,
      { settle: true, targetMinutes },
    );
  } catch (err) {
    deps.logger.error({ event: 'escalation.settle_failed', error: (err as Error).name }, 'provisional not settled');
    return undefined;
  }
}

/** Bot Framework handoff: the channel (voice dials; web chat shows the hub) acts on it, with the transcript. */
export async function startHandoff(
  context: TurnContext,
  deps: DialogDeps,
  item: QueueItem,
  profile: ConversationProfile,
  options: EscalationOptions,
): Promise<void> {
  const handoff: HandoffContext = {
    target: options.target,
    disposition: options.disposition,
    queueItemId: item._id,
    reference: item.reference,
    role: profile.role,
    problem: profile.problem,
    reason: options.reason,
    ...(options.handover ? { handover: options.handover } : {}),
  };
  await context.sendActivity(
    EventFactory.createHandoffInitiation(context, handoff, { activities: await transcriptOf(context, deps) }),
  );
}

/** The nobody-on-duty route: night nursing or 111 from content, never a dead end. */
export async function sendNoDutyRoute(context: TurnContext, deps: DialogDeps, item: QueueItem | undefined) {
  await context.sendActivity(
    deps.prompts.render('escalatedNoDuty', {
      nightNursingName: servicesOf(context, deps).nightNursing.name,
      nightNursingPhone: servicesOf(context, deps).nightNursing.phone,
      reference: item?.reference ?? 'not available',
    }),
  );
}

/**
 * A verified patient's key worker from the record, where the conversation's service sends urgent cases to the named
 * clinician first (seed 003); undefined otherwise, or when the record cannot say (the rota's order is the fail-safe).
 */
async function namedClinicianOf(
  context: TurnContext,
  deps: DialogDeps,
  profile: ConversationProfile,
): Promise<NamedClinicianOnItem | undefined> {
  if (!servicesOf(context, deps).functions.urgentResponse.namedClinicianFirst) return undefined;
  if (!profile.verified || !profile.patientId) return undefined;
  try {
    const worker = (await deps.directory.findById(profile.patientId))?.keyWorker;
    return worker?.name
      ? { name: worker.name, role: worker.role, ...(worker.phone ? { phone: worker.phone } : {}) }
      : undefined;
  } catch (err) {
    deps.logger.warn({ event: 'escalation.named_clinician_unknown', error: (err as Error).name }, 'rota order used');
    return undefined;
  }
}

/** Who is on duty now on the rota of the conversation's service; the patient's named clinician first when on duty. */
export async function dutyClinicianNow(
  context: TurnContext,
  deps: DialogDeps,
  item?: QueueItem,
): Promise<DutyClinician | undefined> {
  try {
    const named = item?.namedClinician;
    const onDuty = await deps.dutyRoute.onDuty(deps.now(), servicesOf(context, deps).id, named);
    if (item && named && onDuty.length) {
      await deps.queue
        .noteRouting(
          item._id,
          onDuty.map((c) => c.name),
          isNamedClinician(onDuty[0], named),
        )
        .catch((err: Error) => {
          // The routing note is for the console; the person must still be told who is coming.
          deps.logger.error({ event: 'escalation.routing_note_failed', error: err.name }, 'routing not recorded');
        });
    }
    return onDuty[0];
  } catch (err) {
    deps.logger.error({ err, event: 'rota.failed' }, 'could not read the rota');
    return undefined;
  }
}

/** Queue (unless the item is already there), hand off, and tell the person who will contact them, how and by when. */
export async function escalate(
  context: TurnContext,
  deps: DialogDeps,
  profile: ConversationProfile,
  options: EscalationOptions,
  queued?: QueueItem,
): Promise<QueueItem | undefined> {
  const item = queued ?? (await queueEscalation(context, deps, profile, options));
  if (item) profile.escalatedItemId = item._id;
  const clinician = options.target === 'duty_clinician' ? await dutyClinicianNow(context, deps, item) : undefined;
  if (!item || (options.target === 'duty_clinician' && !clinician)) {
    await sendNoDutyRoute(context, deps, item);
    return item;
  }
  await startHandoff(context, deps, item, profile, options);

  const minutes = Math.round((item.deadline.getTime() - item.createdAt.getTime()) / 60000);
  const within = describeWithin(minutes);
  if (clinician && isVoice(context)) {
    await context.sendActivity(deps.prompts.render('escalatedVoice', { clinician: clinician.name }));
  } else if (clinician) {
    await context.sendActivity(
      deps.prompts.render('escalatedDuty', {
        clinician: clinician.name,
        reference: item.reference,
        contact: howWeContact(deps, profile),
        target: within,
        // In another language the number and the minutes are said in its words (content/languages/journeys.yaml).
        minutes,
      }),
    );
  } else {
    const when = isHubOpen(servicesOf(context, deps), deps.now())
      ? `within ${within}`
      : 'when the hub opens, or sooner if urgent';
    await context.sendActivity(
      deps.prompts.render('escalatedCoordinator', {
        reference: item.reference,
        spokenReference: spokenReference(item.reference),
        contact: howWeContact(deps, profile),
        when,
        minutes,
      }),
    );
  }
  return item;
}

/** "call you on 07700 900123", "text you on …", "reply here in this chat": what we promise matches the route. */
function howWeContact(deps: DialogDeps, profile: ConversationProfile): string {
  const number = profile.callbackNumber ?? '';
  // Someone who said they cannot take a call (deaf, text only) is never promised one, whichever route queued the item
  // (the interpreter route and the early items of the assessment choose none).
  const neverPhone = deps.communicationNeeds.neverPhone((profile.communicationNeeds ?? []).map((n) => n.id));
  if (neverPhone && (!profile.contactRoute || profile.contactRoute === 'number_given'))
    return number ? deps.prompts.text('contactText', { number }) : deps.prompts.text('contactChat');
  switch (profile.contactRoute) {
    case 'text':
      return deps.prompts.text('contactText', { number });
    case 'stay_in_chat':
      return deps.prompts.text('contactChat');
    case 'mobile_on_record':
      return deps.prompts.text('contactMobile', { last: number.replace(/\D/g, '').slice(-3) });
    default:
      return number ? deps.prompts.text('contactCall', { number }) : deps.prompts.text('contactChat');
  }
}

async function transcriptOf(context: TurnContext, deps: DialogDeps): Promise<Activity[]> {
  try {
    const page = await deps.transcripts.getTranscriptActivities(
      context.activity.channelId,
      context.activity.conversation.id,
    );
    return page.items;
  } catch (err) {
    deps.logger.warn({ err, event: 'transcript.read_failed' }, 'handoff without transcript');
    return [];
  }
}
