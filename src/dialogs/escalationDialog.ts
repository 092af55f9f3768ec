import { EventFactory, type Activity, type TurnContext } from 'botbuilder';
import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Role } from '../content/commands';
import { isHubOpen } from '../content/services';
import { spokenReference } from '../hub/reference';
import type { QueueItem, QueueKind, QueueSummary } from '../hub/queueModel';
import { callerNumber, isVoice, type ConversationProfile } from './conversationProfile';
import { profileOf, understandingOf, type DialogDeps, type DutyClinician } from './dialogDeps';
import { describeWithin } from './describeWithin';
import { summaryFrom } from './summary';

export const ESCALATION_DIALOG = 'escalation';
const CALLBACK = 'escalation.callback';

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
 * Urgent escalation and "a person, any time". Never waits for identity: it takes a call-back number (or the caller's
 * own), puts the escalation in the queue with everything learnt so far, starts a Bot Framework handoff, and tells the
 * person who will contact them and by when. If nobody on duty can be reached, it gives the night nursing / 111 route.
 */
export class EscalationDialog extends ComponentDialog {
  constructor(private readonly deps: DialogDeps) {
    super(ESCALATION_DIALOG);
    this.addDialog(
      new TextPrompt(CALLBACK, async (pc) => {
        const said = pc.recognized.value ?? '';
        return (
          !!understandingOf(pc.context, deps).entities.phoneNumber ||
          deps.commands.isDontKnow(said) ||
          pc.attemptCount >= 2
        );
      }),
    );
    this.addDialog(
      new WaterfallDialog(`${ESCALATION_DIALOG}.steps`, [
        (step) => this.askCallback(step),
        (step) => this.escalate(step),
      ]),
    );
    this.initialDialogId = `${ESCALATION_DIALOG}.steps`;
  }

  private async askCallback(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    profile.callbackNumber ??= callerNumber(step.context);
    if (profile.callbackNumber || isVoice(step.context)) return step.next();
    return step.prompt(CALLBACK, {
      prompt: this.deps.prompts.render('askCallback'),
      retryPrompt: this.deps.prompts.render('askCallbackRetry'),
    });
  }

  private async escalate(step: WaterfallStepContext) {
    const options = step.options as EscalationOptions;
    const profile = await profileOf(step.context, this.deps);
    if (!profile.callbackNumber && typeof step.result === 'string') {
      profile.callbackNumber = understandingOf(step.context, this.deps).entities.phoneNumber;
    }
    await escalate(step.context, this.deps, profile, options);
    return step.endDialog();
  }
}

/** Puts the escalation in the queue, durably, with everything learnt so far; undefined if the store failed. */
export async function queueEscalation(
  context: TurnContext,
  deps: DialogDeps,
  profile: ConversationProfile,
  options: EscalationOptions,
): Promise<QueueItem | undefined> {
  const kind = options.kind ?? 'escalation';
  try {
    return await deps.queue.create({
      kind,
      disposition: options.disposition,
      channel: context.activity.channelId,
      conversation: {
        channelId: context.activity.channelId,
        conversationId: context.activity.conversation.id,
        serviceUrl: context.activity.serviceUrl,
      },
      summary: summaryFrom(profile, options.reason, options.summary),
      idempotencyKey: `${context.activity.conversation.id}:${context.activity.id ?? 'turn'}:${kind}`,
      createdBy: 'front-door-bot',
    });
  } catch (err) {
    // Fail safe to a human: the caller is given the numbers instead of a promise we cannot keep.
    deps.logger.error({ err, event: 'escalation.store_failed' }, 'could not store the escalation');
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
      nightNursingName: deps.services.nightNursing.name,
      nightNursingPhone: deps.services.nightNursing.phone,
      reference: item?.reference ?? 'not available',
    }),
  );
}

export async function dutyClinicianNow(deps: DialogDeps): Promise<DutyClinician | undefined> {
  try {
    return (await deps.dutyRoute.onDuty(deps.now()))[0];
  } catch (err) {
    deps.logger.error({ err, event: 'rota.failed' }, 'could not read the rota');
    return undefined;
  }
}

/** Queue, hand off, and tell the person who will contact them and by when. */
export async function escalate(
  context: TurnContext,
  deps: DialogDeps,
  profile: ConversationProfile,
  options: EscalationOptions,
): Promise<QueueItem | undefined> {
  const item = await queueEscalation(context, deps, profile, options);
  const clinician = options.target === 'duty_clinician' ? await dutyClinicianNow(deps) : undefined;
  if (!item || (options.target === 'duty_clinician' && !clinician)) {
    await sendNoDutyRoute(context, deps, item);
    return item;
  }
  await startHandoff(context, deps, item, profile, options);

  const within = describeWithin((item.deadline.getTime() - item.createdAt.getTime()) / 60000);
  if (clinician && isVoice(context)) {
    await context.sendActivity(deps.prompts.render('escalatedVoice', { clinician: clinician.name }));
  } else if (clinician) {
    await context.sendActivity(
      deps.prompts.render('escalatedDuty', {
        clinician: clinician.name,
        reference: item.reference,
        callback: profile.callbackNumber ?? 'the number you are contacting us from',
        target: within,
      }),
    );
  } else {
    const when = isHubOpen(deps.services, deps.now()) ? `within ${within}` : 'when the hub opens, or sooner if urgent';
    await context.sendActivity(
      deps.prompts.render('escalatedCoordinator', {
        reference: item.reference,
        spokenReference: spokenReference(item.reference),
        when,
      }),
    );
  }
  return item;
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
