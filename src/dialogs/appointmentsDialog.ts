import type { TurnContext } from 'botbuilder';
import {
  ChoiceFactory,
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type FoundChoice,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { choicePrompt, confirmPrompt, OTHER_TIME, type UnderstoodPromptOptions } from './buttonPrompts';
import { VisitReference } from './visitReference';
import { AnswerRecogniser } from '../intents/answers/answerRecogniser';
import { ChoiceRecogniser } from '../intents/answers/choiceRecogniser';
import { dateFeatures, fitsDate, saysWhen, type DateFeatures } from '../intents/answers/dateFeatures';
import { zonedDate, zonedDateTime } from '../content/zonedTime';
import { saidThisTurn } from './saidSoFar';
import type { Appointment, Slot } from '../appointments/appointmentModels';
import { localWindow, spokenDate } from '../content/zonedTime';
import { languageOf } from '../language/conversationLanguage';
import { fill } from '../content/placeholders';
import { IDENTITY_DIALOG, type IdentityResult } from './identityDialog';
import { valuesOf, profileOf, type DialogDeps } from './dialogDeps';

export const APPOINTMENTS_DIALOG = 'appointments';
const CHOOSE = 'appointments.choose';
const CONFIRM = 'appointments.confirm';
const REASON = 'appointments.reason';
const CHANGE = 'appointments.change';
const CANCEL = 'appointments.cancel';
const MOVE = 'appointments.move';
/** Free times looked at around a day someone asked for. */
const WISHED_SLOTS = 8;
/** How far ahead a wished day is looked for ("Thursday" is the next Thursday). */
const WISH_HORIZON_DAYS = 21;
/** Times a person is offered the still-free times after the one they chose was lost, before being told to wait. */
const SLOT_TAKEN_RETRIES = 3;
/** What the person is told when a cancellation did not happen, by why. */
const NOT_CANCELLED = { busy: 'busy', not_found: 'visitGone' } as const;
/** The visits listed in this turn: choosing the only one goes straight on to offering times, in the same turn. */
const VISITS_LISTED = Symbol('appointments.visitsListed');

interface VisitStep {
  visitId: string;
  retries: number;
  /** The start of the time chosen last, when the record was busy and did not book it: if still free, it is said so. */
  lostStart?: string;
  /** Why they are cancelling, when they said so with the request or with the visit chosen: not asked again. */
  reason?: string;
  /** The free times were answered with a yes and a time ("yes please, same day, just the afternoon"). */
  acceptedWish?: boolean;
}

export interface AppointmentsOptions {
  action: 'change' | 'cancel' | 'query';
  /**
   * The words that asked about the visits: a question about one of them is answered about that one; a cancellation's
   * reason said with it is not asked for again.
   */
  asked?: string;
}

/** Days a question may ask a visit is on ("is that tomorrow?"), by how many days from today. */
const NEAR_DAYS = ['today', 'tomorrow'] as const;

/** List, change or cancel home visits for the verified patient; changes are confirmed by SMS. */
export class AppointmentsDialog extends ComponentDialog {
  private readonly answers = AnswerRecogniser.load();

  constructor(private readonly deps: DialogDeps) {
    super(APPOINTMENTS_DIALOG);
    const choose = choicePrompt(CHOOSE, deps);
    const confirm = confirmPrompt(CONFIRM, deps);
    this.addDialog(choose).addDialog(confirm).addDialog(confirmPrompt(MOVE, deps)).addDialog(new TextPrompt(REASON));
    this.addDialog(
      new WaterfallDialog(`${APPOINTMENTS_DIALOG}.steps`, [
        (step) => step.beginDialog(IDENTITY_DIALOG),
        (step) => this.listVisits(step),
        (step) => this.visitForWish(step),
        (step) => this.startAction(step),
      ]),
    );
    this.addDialog(
      new WaterfallDialog(CHANGE, [
        (step) => this.offerSlots(step),
        (step) => this.confirmWishedSlot(step),
        (step) => this.applyChange(step),
      ]),
    );
    this.addDialog(
      new WaterfallDialog(CANCEL, [
        (step) => {
          const { reason } = step.options as VisitStep;
          if (reason) return step.next(reason);
          return step.prompt(REASON, { prompt: this.deps.prompts.render('askCancelReason') });
        },
        (step) => this.confirmCancel(step),
        (step) => this.applyCancel(step),
      ]),
    );
    this.initialDialogId = `${APPOINTMENTS_DIALOG}.steps`;
  }

  /** The visit's day and window: in English, or as the conversation's language writes them (`context`). */
  private when(appointment: Appointment | Slot, context?: TurnContext): string {
    const locale = context && languageOf(context);
    if (locale)
      return localWindow(appointment.start, appointment.end, this.deps.services.timezone, locale.language.code);
    return `${spokenDate(appointment.start, this.deps.services.timezone)}, ${appointment.label}`;
  }

  private async listVisits(step: WaterfallStepContext) {
    if (!(step.result as IdentityResult | undefined)?.verified) return step.endDialog();
    const profile = await profileOf(step.context, this.deps);
    const visits = await this.deps.appointments.upcoming(profile.patientId!, this.deps.now());
    if (visits.length === 0) {
      await step.context.sendActivity(this.deps.prompts.render('noUpcoming'));
      return step.endDialog();
    }
    valuesOf(step).visitIds = visits.map((v) => v._id);
    step.context.turnState.set(VISITS_LISTED, visits);
    const { action, asked } = step.options as AppointmentsOptions;
    if (action === 'query' && asked && (await this.answerAbout(step.context, visits, asked))) return step.endDialog();
    const list = visits.map((v) => `${this.when(v, step.context)}: ${v.visitType}`);
    await step.context.sendActivity(this.deps.prompts.render('upcomingList', { list: list.join('\n') }));
    if (action === 'query') return step.endDialog();
    // The time wanted as it stands now: an answer to "which visit?" that names a day names the visit, not the time.
    valuesOf(step).wish = profile.said?.visitWish;
    if (visits.length === 1) return step.next({ index: 0 });
    // The visit chosen before a change of mind, or the one the person named before the list was shown ("the second
    // visit", "Thursday's visit", "her matron visit"): counted in the order listed, and not asked for again.
    const chosen = visits.findIndex((v) => v._id === profile.said?.visitId);
    if (chosen >= 0) return step.next({ index: chosen });
    const listed = visits.map((v) => ({ label: this.when(v), type: v.visitType }));
    const ref = profile.said?.visitRef;
    const picked = ref !== undefined ? VisitReference.load().pick(ref, listed, this.clock()) : undefined;
    if (profile.said) delete profile.said.visitRef;
    if (picked !== undefined) return step.next({ index: picked });
    const named = action === 'cancel' ? this.fitting(profile.said?.visitWish, visits) : [];
    if (named.length === 1) {
      delete profile.said!.visitWish;
      return step.next({ index: visits.indexOf(named[0]) });
    }
    return step.prompt(CHOOSE, this.whichVisit(step, visits, 'chooseVisit'));
  }

  /**
   * "The catheter one, is that tomorrow?", "what time is the matron coming?": the day and window of the visit asked
   * about, and whether it is on the day asked, instead of the whole list again. False when the question is about no
   * visit in particular, or in another language (the list is said in it).
   */
  private async answerAbout(context: TurnContext, visits: Appointment[], asked: string): Promise<boolean> {
    if (languageOf(context)) return false;
    const listed = visits.map((v) => ({ label: this.when(v), type: v.visitType }));
    let meant = VisitReference.load().about(asked, listed, this.clock());
    if (meant.length === 0 || meant.length === visits.length) return false;
    const tz = this.deps.services.timezone;
    const dayOf = (v: Appointment) =>
      NEAR_DAYS.find((_, days) => zonedDate(v.start, tz) === zonedDate(this.deps.now(), tz, days));
    const askedDay = NEAR_DAYS.find((day) => new RegExp(`\\b${day}\\b`, 'i').test(asked));
    // "The catheter one, is that tomorrow?" with two catheter visits: the one that is tomorrow.
    const onAskedDay = meant.filter((i) => askedDay && dayOf(visits[i]) === askedDay);
    if (onAskedDay.length === 1) meant = onAskedDay;
    for (const i of meant) {
      const visit = visits[i];
      const day = dayOf(visit);
      const key = askedDay
        ? day === askedDay
          ? 'visitOnAskedDay'
          : 'visitNotOnAskedDay'
        : day
          ? 'visitOnDay'
          : 'visitOn';
      await context.sendActivity(
        this.deps.prompts.render(key, {
          visit: visit.visitType,
          when: this.when(visit),
          day: day ?? '',
          asked: askedDay ?? '',
        }),
      );
    }
    return true;
  }

  /** "Which visit?" with the visits as buttons; when moving, a day said as the time wanted is kept, not a choice. */
  private whichVisit(step: WaterfallStepContext, visits: Appointment[], prompt: string): UnderstoodPromptOptions {
    const { action } = step.options as AppointmentsOptions;
    const asked = this.wanted(valuesOf(step).wish);
    const day = asked && this.wishedDay(asked);
    return {
      prompt: this.deps.prompts.render(prompt, { asked: day ? `on ${day.day}` : 'then' }, []),
      choices: ChoiceFactory.toChoices(visits.map((v) => this.when(v, step.context))),
      visitTypes: visits.map((v) => v.visitType),
      otherTimes: action === 'change',
    };
  }

  /**
   * "Friday would suit me" in answer to which visit: the day wanted is kept for when times are offered (a day said with
   * words of wanting is never taken as the visit on that day), and which visit is asked once more, saying so.
   */
  private async visitForWish(step: WaterfallStepContext) {
    if ((step.result as FoundChoice | undefined)?.index !== OTHER_TIME) return step.next(step.result);
    const profile = await profileOf(step.context, this.deps);
    const wish = String((step.result as FoundChoice).value).slice(0, 200);
    (profile.said ??= {}).visitWish = wish;
    valuesOf(step).wish = wish;
    const visits = await this.deps.appointments.upcoming(profile.patientId!, this.deps.now());
    valuesOf(step).visitIds = visits.map((v) => v._id);
    const options: UnderstoodPromptOptions = {
      ...this.whichVisit(step, visits, 'chooseVisitForWish'),
      otherTimes: false,
    };
    return step.prompt(CHOOSE, options);
  }

  private clock() {
    return { now: this.deps.now(), timeZone: this.deps.services.timezone };
  }

  private async startAction(step: WaterfallStepContext) {
    const visitId: string = valuesOf(step).visitIds[step.result.index];
    // "The Tuesday visit" says which visit, not when it should move to: the wish said before stands.
    const profile = await profileOf(step.context, this.deps);
    // "The cathedral care one, can he come in the afternoon instead?" says both: the time it says is the one wanted.
    const text = step.context.activity.text ?? '';
    const visits = VisitReference.load();
    const saysWish = visits.isWish(visits.withoutMention(text), this.clock());
    if (saidThisTurn(step.context).includes('visitWish') && profile.said && !saysWish)
      profile.said.visitWish = valuesOf(step).wish;
    (profile.said ??= {}).visitId = visitId;
    delete profile.said.visitRef;
    const { action, asked } = step.options as AppointmentsOptions;
    // The reason said with the visit chosen (this turn) or with the request ("cancel it, I've got a stinking cold").
    const reason = [step.context.activity.text, asked].find(
      (said) => !!said && VisitReference.load().givesCancelReason(said),
    );
    return step.beginDialog(action === 'cancel' ? CANCEL : CHANGE, {
      visitId,
      retries: 0,
      ...(action === 'cancel' && reason ? { reason: reason.slice(0, 500) } : {}),
    } satisfies VisitStep);
  }

  /** The options among `items` whose day and time fit what was asked for ("Thursday afternoon"). */
  private fitting<T extends Appointment | Slot>(wish: string | undefined, items: T[]): T[] {
    const wanted = this.wanted(wish);
    if (!wanted) return [];
    return items.filter((item) => fitsDate(wanted, this.featuresOf(item)));
  }

  private wanted(wish: string | undefined): DateFeatures | undefined {
    const features = wish ? dateFeatures(wish, this.deps.now(), this.deps.services.timezone) : undefined;
    return saysWhen(features) ? features : undefined;
  }

  private featuresOf(item: Appointment | Slot): DateFeatures {
    return dateFeatures(this.when(item), this.deps.now(), this.deps.services.timezone) ?? {};
  }

  /** The first day from today that fits a wish's day or date ("Thursday", "the 10th"), as the time to look from. */
  private wishedDay(wanted: DateFeatures): { from: Date; day: string; date?: string } | undefined {
    if (!wanted.weekdays?.length && wanted.day === undefined) return undefined;
    const tz = this.deps.services.timezone;
    // From tomorrow: a visit is never moved to later today (free times start 12 hours ahead).
    for (let i = 1; i <= WISH_HORIZON_DAYS; i++) {
      const day = zonedDate(this.deps.now(), tz, i);
      const start = zonedDateTime(day, '00:00', tz);
      const f = dateFeatures(spokenDate(start, tz), this.deps.now(), tz)!;
      if (fitsDate({ weekdays: wanted.weekdays, day: wanted.day, month: wanted.month }, f)) {
        // freeSlots offers times from 12 hours after the moment it is given.
        const from = new Date(Math.max(this.deps.now().getTime(), start.getTime() - 12 * 3600 * 1000));
        return { from, day: spokenDate(start, tz) };
      }
    }
    return undefined;
  }

  /**
   * The day a wish names relative to the visit being moved ("the same day", "the day after", "the week after",
   * "whichever is soonest after that"), as the time to look from; `date` only when that day itself was asked for.
   */
  private dayFromVisit(
    visit: Appointment,
    fromVisit: NonNullable<DateFeatures['fromVisit']>,
  ): { from: Date; day: string; date?: string } {
    const tz = this.deps.services.timezone;
    const visitDay = zonedDate(visit.start, tz);
    const weekday = new Date(`${visitDay}T12:00:00Z`).getUTCDay();
    // "The week after": from the Monday after the visit's week.
    const days = fromVisit.nextWeek ? (8 - weekday) % 7 || 7 : fromVisit.days;
    const date = zonedDate(visit.start, tz, days);
    const start = zonedDateTime(date, '00:00', tz);
    // freeSlots offers times from 12 hours after the moment it is given.
    const from = new Date(Math.max(this.deps.now().getTime(), start.getTime() - 12 * 3600 * 1000));
    return { from, day: spokenDate(start, tz), date: fromVisit.exact ? date : undefined };
  }

  private async offerSlots(step: WaterfallStepContext) {
    const { visitId, retries, lostStart } = step.options as VisitStep;
    const listed = step.context.turnState.get(VISITS_LISTED) as Appointment[] | undefined;
    const visit = listed?.find((v) => v._id === visitId) ?? (await this.deps.appointments.find(visitId));
    if (!visit || visit.status !== 'booked') {
      // Cancelled or gone while the person was choosing (staff, another channel): nothing here to move.
      await step.context.sendActivity(this.deps.prompts.render('visitGone'));
      return step.endDialog();
    }
    const profile = await profileOf(step.context, this.deps);
    const wanted = retries > 0 ? undefined : this.wanted(profile.said?.visitWish);
    const around = wanted && (wanted.fromVisit ? this.dayFromVisit(visit, wanted.fromVisit) : this.wishedDay(wanted));
    let slots = await this.deps.appointments.freeSlots(
      visit,
      around?.from ?? this.deps.now(),
      around ? WISHED_SLOTS : undefined,
    );
    // After a move the record did not make: "that time has just gone", unless the time is in fact still free (the
    // record refused only because another booking was being written at that moment).
    const lostStillFree = lostStart !== undefined && slots.some((s) => s.start.toISOString() === lostStart);
    let prompt = retries === 0 ? 'chooseSlot' : lostStillFree ? 'slotNotBooked' : 'slotTaken';
    let asked = '';
    if (wanted) {
      const plain: DateFeatures = { ...wanted, fromVisit: undefined };
      const tz = this.deps.services.timezone;
      const fit = slots.filter(
        (s) => fitsDate(plain, this.featuresOf(s)) && (!around?.date || zonedDate(s.start, tz) === around.date),
      );
      asked = around
        ? `${around.date || !wanted.fromVisit ? 'on' : 'from'} ${around.day}`
        : wanted.part
          ? `in the ${wanted.part}`
          : 'then';
      // "Tomorrow pm if free" (with the time wanted, or in this turn's answer): asked for that time if it is free, and
      // it is, so it is booked without asking again (H234).
      const wishes = [profile.said?.visitWish, step.context.activity.text];
      const ifFree = wishes.some((said) => !!said && VisitReference.load().asksIfFree(said));
      // "Any morning the week after is ok", "the soonest afternoon": any of the times that fit will do, so the soonest.
      const anyWillDo = wishes.some((said) => !!said && ChoiceRecogniser.load().saysNoPreference(CHOOSE, said));
      // "Yes please, same day is fine, just the afternoon" to the times offered takes up the one offered time that fits
      // (set M: "Shall I move your visit to then?" followed, and the person, who had said yes, said goodbye to it).
      const { acceptedWish } = step.options as VisitStep;
      if (retries === 0 && ((fit.length === 1 && (ifFree || acceptedWish)) || (fit.length > 1 && anyWillDo))) {
        valuesOf(step).slotIds = [fit[0]._id];
        return step.next({ index: 0 });
      }
      if (fit.length === 1) {
        valuesOf(step).slotIds = [fit[0]._id];
        valuesOf(step).wished = fit[0]._id;
        return step.prompt(MOVE, {
          prompt: this.deps.prompts.render('wishedSlotFree', { when: this.when(fit[0], step.context) }, []),
        });
      }
      if (fit.length > 1) slots = fit;
      else await step.context.sendActivity(this.deps.prompts.render('wishedSlotNotFree', { asked }));
      if (fit.length > 1) prompt = 'chooseWishedSlot';
      slots = slots.slice(0, 4);
    }
    if (slots.length === 0) {
      await step.context.sendActivity(this.deps.prompts.render('noSlots'));
      return step.endDialog();
    }
    valuesOf(step).slotIds = slots.map((s) => s._id);
    const options: UnderstoodPromptOptions = {
      prompt: this.deps.prompts.render(prompt, { asked }, []),
      choices: ChoiceFactory.toChoices([...slots.map((s) => this.when(s, step.context)), 'Keep my visit']),
      otherTimes: true,
    };
    return step.prompt(CHOOSE, options);
  }

  /** "Thursday afternoon is free. Shall I move it?" Yes books it; "no, I meant Friday" looks again; no offers the rest. */
  private async confirmWishedSlot(step: WaterfallStepContext) {
    const { visitId, retries } = step.options as VisitStep;
    const profile = await profileOf(step.context, this.deps);
    if (!valuesOf(step).wished) {
      if (step.result?.index !== OTHER_TIME) return step.next(step.result);
      // "What about Friday?": a time that was not offered is looked for.
      const said = String(step.result.value);
      (profile.said ??= {}).visitWish = said;
      return step.replaceDialog(CHANGE, {
        visitId,
        retries,
        acceptedWish: this.opensWithYes(said),
      } satisfies VisitStep);
    }
    if (step.result === true) return step.next({ index: 0 });
    if (!saidThisTurn(step.context).includes('visitWish') && profile.said) delete profile.said.visitWish;
    return step.replaceDialog(CHANGE, { visitId, retries } satisfies VisitStep);
  }

  /** "Yes please, same day…", "yes the afternoon": a yes, said first, to what was offered, not "no, I meant Friday". */
  private opensWithYes(said: string): boolean {
    const opening = said
      .split(/[,.;!?]/)[0]
      .trim()
      .split(/\s+/)
      .slice(0, 2)
      .join(' ');
    return this.answers.recognise(said) === 'yes' && this.answers.recognise(opening) === 'yes';
  }

  private async applyChange(step: WaterfallStepContext) {
    const { visitId, retries } = step.options as VisitStep;
    if (step.result.index >= valuesOf(step).slotIds.length) {
      await step.context.sendActivity(this.deps.prompts.render('keptVisit'));
      return step.endDialog();
    }
    const slotId: string = valuesOf(step).slotIds[step.result.index];
    const key = `${step.context.activity.conversation.id}:${step.context.activity.id ?? slotId}:change`;
    let result = await this.deps.appointments.change(visitId, slotId, key, this.actor(step));
    if (result.outcome === 'slot_taken') {
      // Capacity is several visits per window: another clinician's place in the same window is just as good.
      const slot = await this.deps.appointments.findSlot(slotId);
      const sameWindow = slot && (await this.deps.appointments.freeSlotInWindow(slot));
      if (sameWindow)
        result = await this.deps.appointments.change(
          visitId,
          sameWindow._id,
          `${key}:${sameWindow._id}`,
          this.actor(step),
        );
    }
    const lost = result.outcome === 'slot_taken' || result.outcome === 'busy';
    if (lost && retries < SLOT_TAKEN_RETRIES) {
      // Someone else took the time, or was writing to the record at the same moment (`busy`, when the time may yet
      // be free): offer the times free now, read again, never a dead end.
      const chosen = result.outcome === 'busy' ? await this.deps.appointments.findSlot(slotId) : null;
      return step.replaceDialog(CHANGE, {
        visitId,
        retries: retries + 1,
        lostStart: chosen?.start.toISOString(),
      } satisfies VisitStep);
    }
    if (result.outcome !== 'changed' && result.outcome !== 'unchanged') {
      await step.context.sendActivity(this.deps.prompts.render(lost ? 'slotsKeepGoing' : 'visitGone'));
      return step.endDialog();
    }
    const changed = result.appointment!;
    const profile = await profileOf(step.context, this.deps);
    if (profile.said) delete profile.said.visitWish;
    if (profile.said) delete profile.said.visitId;
    await this.confirmBySms(
      step,
      'appointment.confirmation',
      key,
      fill(this.deps.sms.patient.appointmentChanged, { visitType: changed.visitType, when: this.when(changed) }),
    );
    await step.context.sendActivity(
      this.deps.prompts.render('changed', { visitType: changed.visitType, when: this.when(changed, step.context) }),
    );
    return step.endDialog();
  }

  private async confirmCancel(step: WaterfallStepContext) {
    const { visitId } = step.options as VisitStep;
    const reason = String(step.result ?? '');
    valuesOf(step).reason = reason.slice(0, 500);
    // "Yes cancel it please, I'll ring to rebook" in answer to why: the go-ahead is given, so it is not asked for.
    const answered = step.context.activity.text === reason;
    if (answered && VisitReference.load().asksToCancel(reason)) return step.next(true);
    const visit = (await this.deps.appointments.find(visitId))!;
    return step.prompt(CONFIRM, {
      prompt: this.deps.prompts.render('confirmCancel', { when: this.when(visit, step.context) }, []),
    });
  }

  private async applyCancel(step: WaterfallStepContext) {
    const { visitId } = step.options as VisitStep;
    const visit = (await this.deps.appointments.find(visitId))!;
    // "No, I'll ring the surgery about rebooking it, just cancel it for now": the "no" is to rebooking, not cancelling.
    const goAhead = step.result === true || VisitReference.load().asksToCancel(step.context.activity.text ?? '');
    if (!goAhead) {
      await step.context.sendActivity(this.deps.prompts.render('keptVisit'));
      return step.endDialog();
    }
    const key = `${step.context.activity.conversation.id}:${step.context.activity.id ?? visitId}:cancel`;
    const result = await this.deps.appointments.cancel(visitId, valuesOf(step).reason, key, this.actor(step));
    if (result.outcome !== 'cancelled') {
      await step.context.sendActivity(this.deps.prompts.render(NOT_CANCELLED[result.outcome]));
      return step.endDialog();
    }
    await this.confirmBySms(
      step,
      'appointment.cancellation',
      key,
      fill(this.deps.sms.patient.appointmentCancelled, { visitType: visit.visitType, when: this.when(visit) }),
    );
    const profile = await profileOf(step.context, this.deps);
    if (profile.said) delete profile.said.visitId;
    await step.context.sendActivity(
      this.deps.prompts.render('cancelledVisit', { when: this.when(visit, step.context) }),
    );
    return step.endDialog();
  }

  private actor(step: WaterfallStepContext) {
    return { kind: 'bot' as const, id: 'front-door-bot', channel: step.context.activity.channelId };
  }

  private async confirmBySms(
    step: WaterfallStepContext,
    purpose: 'appointment.confirmation' | 'appointment.cancellation',
    key: string,
    body: string,
  ) {
    const profile = await profileOf(step.context, this.deps);
    const mobile = await this.deps.directory.mobileOf(profile.patientId!);
    if (!mobile) return;
    try {
      await this.deps.notifications.sendSms({
        to: mobile,
        body,
        purpose,
        idempotencyKey: `${key}:sms`,
      });
    } catch (err) {
      // The change itself is stored and audited; a failed text must not undo it or hide it from the person.
      this.deps.logger.error({ err, event: 'sms.failed', purpose }, 'confirmation SMS failed');
    }
  }
}
