import { ActivityTypes, HandoffEventNames, type Activity, type TurnContext } from 'botbuilder';
import { ChoiceRecogniser } from '../intents/answers/choiceRecogniser';
import type { QueueItem } from '../hub/queueModel';
import { needKey } from '../record/needFiling';
import type { StatedNeed } from './communicationNeeds';
import { isVoice, type ConversationProfile } from './conversationProfile';
import type { DialogDeps } from './dialogDeps';
import type { TriageMark } from './emergency';

/** Set on a turn that must not end with the record question: 999 advice, or a phone call being put through. */
const NOT_NOW = Symbol('needConsent.notNow');

type Deps = Pick<DialogDeps, 'prompts' | 'queue' | 'needFiling' | 'communicationNeeds' | 'logger' | 'now'>;

/**
 * Asks a verified patient whether the communication needs they told us (Accessible Information Standard) may go on
 * their record, "so every team knows", once per need, at the end of a task. Only the patient's own yes files it (the
 * record outbox retries until the record accepts); no, or no answer, keeps it on today's queue item only, which shows
 * which. Like the Friends and Family Test it never blocks anything: the question is a message with Yes / No, and a
 * next message that is not an answer is handled exactly as it would have been. Never after 999 advice, and never on a
 * call being put through to a person (the caller would not hear it).
 */
export class NeedConsent {
  constructor(private readonly deps: Deps) {}

  watch(context: TurnContext): void {
    context.onSendActivities(async (_ctx, activities, next) => {
      if (activities.some((a) => isEmergency(a) || (isVoice(context) && isHandoff(a)))) {
        context.turnState.set(NOT_NOW, true);
      }
      return next();
    });
  }

  /** After a task has completed: asks about the needs not asked about yet. Returns whether it asked. */
  async offer(context: TurnContext, profile: ConversationProfile): Promise<boolean> {
    // The patient's own needs only: what a carer says of themselves ("I'm deaf") is not the patient's. Someone who has
    // not said is taken to be the patient, as the identity check takes them.
    if (!profile.verified || !profile.patientId || profile.role === 'carer' || profile.role === 'professional') {
      return false;
    }
    if (context.turnState.get(NOT_NOW) === true) return false;
    const asked = new Set(profile.needsAsked ?? []);
    const needs = (profile.communicationNeeds ?? []).filter((n) => !asked.has(n.id));
    if (needs.length === 0) return false;
    profile.needsAsked = [...asked, ...needs.map((n) => n.id)];
    profile.needConsent = { needs: needs.map((n) => n.id) };
    const said = needs.map((n) => this.describe(n)).join('; ');
    await context.sendActivity(this.deps.prompts.render('needConsent', { needs: said }, ['Yes', 'No']));
    return true;
  }

  /**
   * Reads the message after the question as its answer, when it is one. `request`: the message asks for something, so
   * it is not an answer whatever it says. Returns whether the message was the answer (the turn is then done).
   */
  async read(context: TurnContext, profile: ConversationProfile, text: string, request: boolean): Promise<boolean> {
    const pending = profile.needConsent;
    if (!pending) return false;
    profile.needConsent = undefined;
    if (request) return false;
    const answer = ChoiceRecogniser.load().yesNo(text, this.deps.prompts.text('needConsent', { needs: '' }));
    // Consent is a clear yes: "not sure" is not one, so nothing is filed.
    if (answer !== 'yes' && answer !== 'no' && answer !== 'not_sure') return false;
    const needs = (profile.communicationNeeds ?? []).filter((n) => pending.needs.includes(n.id));
    const consent = answer === 'yes';
    const items = await this.itemsOfTask(context, profile);
    await Promise.all(
      items.map((item) =>
        this.deps.queue.noteNeedsConsent(item._id, needs, consent).catch((err: Error) => {
          this.deps.logger.error({ event: 'needs.note_failed', error: err.name }, 'consent not noted on the item');
        }),
      ),
    );
    if (consent) await this.file(context, profile, needs, items[0]);
    await context.sendActivity(this.deps.prompts.render(consent ? 'needConsentYes' : 'needConsentNo'));
    return true;
  }

  private async file(context: TurnContext, profile: ConversationProfile, needs: StatedNeed[], item?: QueueItem) {
    const at = this.deps.now();
    for (const need of needs) {
      const contactBy = this.deps.communicationNeeds.contactBy(need.id);
      const snomed = this.deps.communicationNeeds.snomed(need.id);
      await this.deps.needFiling
        .owe(
          needKey(context.activity.conversation.id, need.id),
          {
            patientId: profile.patientId!,
            need: need.id,
            label: need.label,
            ...(need.language ? { language: need.language, languageName: need.languageName } : {}),
            ...(contactBy ? { contactBy } : {}),
            ...(snomed ? { snomed } : {}),
            at,
          },
          item?._id,
        )
        .catch((err: Error) => {
          this.deps.logger.error({ event: 'record.owe_failed', error: err.name }, 'could not store a need');
        });
    }
  }

  /** The hand-offs of the task the question followed: they show whether the needs are on the record. */
  private async itemsOfTask(context: TurnContext, profile: ConversationProfile): Promise<QueueItem[]> {
    const items = await this.deps.queue
      .findByConversation(context.activity.channelId, context.activity.conversation.id)
      .catch(() => []);
    return items.filter((i) => i.conversation.task === profile.task);
  }

  private describe(need: StatedNeed): string {
    return need.languageName ? `${need.label} (${need.languageName})` : need.label;
  }
}

function isEmergency(activity: Partial<Activity>): boolean {
  return (activity.channelData as { triage?: TriageMark } | undefined)?.triage?.outcome === 'emergency_999';
}

function isHandoff(activity: Partial<Activity>): boolean {
  return activity.type === ActivityTypes.Event && activity.name === HandoffEventNames.InitiateHandoff;
}
