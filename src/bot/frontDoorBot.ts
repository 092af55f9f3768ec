import {
  ActivityHandler,
  MessageFactory,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import { DialogTurnStatus, type DialogContext, type DialogSet } from 'botbuilder-dialogs';
import type { CorePrompts, Message } from '../content/prompts';
import { ASSESSMENT_DIALOG, assessmentStart, type AssessmentOptions } from '../dialogs/assessmentDialog';
import { isVoice, newProfile, type ConversationProfile } from '../dialogs/conversationProfile';
import { contradictedByReadings } from '../dialogs/readingsCheck';
import { servicesOf, setServiceOf, setUnderstanding, type DialogDeps } from '../dialogs/dialogDeps';
import { ESCALATION_DIALOG, sendNoDutyRoute } from '../dialogs/escalationDialog';
import { OPEN_STATUSES } from '../hub/queueModel';
import { spokenReference } from '../hub/reference';
import { CARERS_ASSESSMENT_DIALOG, isCarerSupportRequest } from '../dialogs/carersAssessmentDialog';
import { DISCHARGE_DIALOG, isWardReferral } from '../dialogs/dischargeDialog';
import { CONNECT_INTENTS, PROFESSIONAL_DIALOG, type ProfessionalOptions } from '../dialogs/professionalDialog';
import { ProfessionalFollowUp } from '../dialogs/professionalFollowUp';
import { findHandoverFacts } from '../intents/entities/handover';
import { REFERRAL_DIALOG } from '../dialogs/referralDialog';
import { ENQUIRY_DIALOG } from '../dialogs/enquiryDialog';
import { ServiceInformation } from '../dialogs/serviceInformation';
import { VisitReference } from '../dialogs/visitReference';
import { marked, sendEmergency } from '../dialogs/emergency';
import { AnswerRecogniser } from '../intents/answers/answerRecogniser';
import {
  CARE_PLAN_QUESTION_DIALOG,
  asksAboutCare,
  isCarePlanQuestion,
  type CarePlanQuestionOptions,
} from '../dialogs/carePlanQuestion';
import { personOptions, routeIntent } from '../dialogs/routeIntent';
import { keepsVisitMove, personRequested, topicRequested } from '../dialogs/buttonPrompts';
import { fillFromMessage, saidThisTurn } from '../dialogs/saidSoFar';
import type { Role } from '../content/commands';
import { ChoiceRecogniser } from '../intents/answers/choiceRecogniser';
import type { RedFlagHit, Understanding } from '../intents';
import { Assessment } from '../triage/assessment/assessment';
import { loadAssessmentContent } from '../triage/assessment/assessmentContent';
import { conversationContact, TASK_UNDER_WAY, type TaskEnding, type TaskUnderWay } from '../record/conversationContact';
import { TaskDialogContext } from './taskContext';
import { InterpreterRoute, interpreterReason } from '../language/interpreterRoute';
import { FriendsAndFamilyTest, loadFftContent } from '../dialogs/friendsAndFamilyTest';
import { NeedConsent } from '../dialogs/needConsent';
import { LocalJourney } from '../language/localJourney';
import type { Locale } from '../language/localeCatalogue';
import { languageOf, setLanguageOf, choiceRecogniserFor } from '../language/conversationLanguage';

/** The event the phone line sends when a caller chooses a language on its menu (channelData.language says which). */
export const LANGUAGE_CHOSEN = 'frontDoor.languageChosen';

/** Three strikes: rephrase, then choices, then a person. Never a loop. */
const NOT_UNDERSTOOD_LIMIT = 3;
/** A message this sure of a task is a request, not an answer to "are you the patient or a carer?". */
const ROLE_ANSWER_MAX_CONFIDENCE = 0.6;
/** "I'm the patient" (all of it), "I look after my husband" (most of it): an answer, whatever the classifier thinks. */
const ROLE_ANSWER_MIN_COVERAGE = 0.5;
const ROLE_OPTIONS = ['Myself', "I'm a carer", "I'm a professional"];
const ROLES: Role[] = ['patient', 'carer', 'professional'];
/** A change of mind ("actually, can I cancel instead?") starts the new task when the classifier is this sure of it. */
const TOPIC_CHANGE_CONFIDENCE = 0.5;
/** Fewer words than this left beside a communication need ("i please") ask for nothing. */
const MIN_REQUEST_WORDS = 3;
/** Facts that say who the person or the patient is (src/dialogs/saidSoFar.ts). */
const IDENTITY_FACTS = new Set([
  'patientName',
  'ownName',
  'ownGivenName',
  'dateOfBirth',
  'nhsNumber',
  'postcode',
  'relationship',
]);
/** A message this short that gives who someone is says only that ("Mum is …, 14/03/1939. I'm her daughter Joan"). */
const IDENTITY_ONLY_MAX_WORDS = 20;
/** Requests that are tasks, not health problems: a booking that mentions a dressing is not assessed unless urgent. */
const TASK_INTENTS = new Set([
  'appointment.change',
  'appointment.cancel',
  'appointment.query',
  'referral.new',
  'professional.handover',
  'safeguarding.concern',
  'feedback.complaint',
  'enquiry.service',
]);

/**
 * The bot every channel talks to. Each message is understood once, then screened for red flags before any dialog sees
 * it: an emergency interrupts whatever is happening and the first thing said is the 999 instruction. Every other
 * clinical contact by a patient or carer is assessed (danger signs first) before any advice, referral or call-back.
 */
export class FrontDoorBot extends ActivityHandler {
  private readonly assessment = new Assessment(loadAssessmentContent());
  /** Read when the bot is built, so a broken content file stops start-up rather than a handover. */
  private readonly followUp = ProfessionalFollowUp.load();
  private readonly interpreters = new InterpreterRoute();
  private readonly serviceInformation = ServiceInformation.load();
  private readonly fft: FriendsAndFamilyTest;
  private readonly needConsent: NeedConsent;
  private readonly local: LocalJourney;
  private readonly taskUnderWay: StatePropertyAccessor<TaskUnderWay>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly dialogs: DialogSet,
    private readonly deps: DialogDeps,
    private readonly core: CorePrompts,
  ) {
    super();
    this.taskUnderWay = conversationState.createProperty<TaskUnderWay>(TASK_UNDER_WAY);
    const fftContent = loadFftContent();
    this.fft = new FriendsAndFamilyTest(deps, fftContent);
    this.needConsent = new NeedConsent(deps);
    const { dangerSigns } = this.assessment.content;
    this.local = new LocalJourney(
      {
        messages: { ...deps.prompts.all(), ...core },
        dangerSignGroups: dangerSigns.groups.map((g) => g.id),
      },
      dangerSigns,
      fftContent,
    );
    this.onMembersAdded(async (context, next) => {
      const joined = context.activity.membersAdded ?? [];
      if (joined.some((member) => member.id !== context.activity.recipient.id)) {
        const profile = await this.deps.profile.get(context, newProfile());
        if (!profile.welcomed) await this.welcome(context, profile, true);
      }
      await next();
    });
    // The phone's language menu chose a language with core journeys: the first question again, in it.
    this.onEvent(async (context, next) => {
      if (context.activity.name === LANGUAGE_CHOSEN && languageOf(context)) {
        const profile = await this.deps.profile.get(context, newProfile());
        profile.welcomed = true;
        await context.sendActivity(this.deps.prompts.render(profile.role ? 'menu' : 'askRole'));
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      const profile = await this.deps.profile.get(context, newProfile());
      const dc = new TaskDialogContext(await this.dialogs.createContext(context), profile);
      this.fft.watch(context, profile);
      this.needConsent.watch(context);
      await this.handleMessage(context, dc);
      // Whichever way the task ended (a reply to its last question, or in the turn it began), it is filed once, and
      // the conversation's natural end is where a verified patient is asked whether the communication needs they told
      // us may go on their record, or else the Friends and Family Test may be asked.
      // A task stopped before it was done is filed too, saying so: every contact of a verified person is on the record.
      if (dc.stoppedTask !== undefined) await this.fileContact(context, profile, 'stopped', dc.stoppedTask);
      if (dc.taskCompleted) {
        await this.fileContact(context, profile, 'completed');
        if (!(await this.needConsent.offer(context, profile))) {
          await this.fft.offer(context, profile, this.isProfessional(context, profile));
        }
      } else if (dc.taskUnderWay) {
        // Filed only if the person goes quiet before the task ends; every later turn replaces it.
        await this.fileContact(context, profile, 'quiet');
      }
      await next();
    });
    // The call hung up or the chat closed: a task still under way is filed as not finished, at once.
    this.onEndOfConversation(async (context, next) => {
      const profile = await this.deps.profile.get(context, newProfile());
      const dc = new TaskDialogContext(await this.dialogs.createContext(context), profile);
      if (dc.taskUnderWay) {
        await this.fileContact(context, profile, 'ended');
        await dc.cancelAllDialogs();
      }
      await next();
    });
  }

  /** A language's core journeys (content/prompts/locales/<code>.yaml), or undefined when it has none. */
  localeOf(code: string | undefined): Locale | undefined {
    return this.local.catalogue.get(code);
  }

  override async run(context: TurnContext): Promise<void> {
    await this.decideService(context);
    await this.decideLanguage(context);
    await super.run(context);
    await this.conversationState.saveChanges(context, false);
  }

  /**
   * Which service the conversation belongs to, decided on its first turn from the number called or texted or the chat
   * page's address (the channel puts them in channelData), and kept for every later turn and item.
   */
  private async decideService(context: TurnContext): Promise<void> {
    const profile = await this.deps.profile.get(context, newProfile());
    const data = (context.activity.channelData ?? {}) as { calledNumber?: unknown; service?: unknown };
    const calledNumber = typeof data.calledNumber === 'string' ? data.calledNumber : undefined;
    const page = typeof data.service === 'string' ? data.service : undefined;
    // Kept from the first activity that says; until one does, the default service answers.
    if (!profile.service && (calledNumber || page)) {
      profile.service = this.deps.serviceDirectory.forContact({ calledNumber, page }).id;
    }
    setServiceOf(context, this.deps.serviceDirectory.profileOf(profile.service));
  }

  /**
   * The conversation's language (issue 22): kept in the profile once chosen (the phone's language menu says so in
   * channelData), and every message the turn sends is said in it. Read when each message is sent, so a language
   * chosen in this turn is already used for the turn's answer.
   */
  private async decideLanguage(context: TurnContext): Promise<void> {
    const profile = (await this.deps.profile.get(context, newProfile()))!;
    const chosen = (context.activity.channelData as { language?: unknown } | undefined)?.language;
    const locale = typeof chosen === 'string' ? this.local.catalogue.get(chosen) : undefined;
    if (locale && profile.language?.code !== locale.language.code) this.chooseLanguage(context, profile, locale);
    const inUse = this.local.catalogue.get(profile.language?.code);
    setLanguageOf(context, inUse);
    // A button tapped in the language is read as its English label by every dialog.
    const tapped = inUse && context.activity.type === 'message' && context.activity.text;
    const english = tapped ? this.local.englishLabel(tapped, inUse) : undefined;
    if (english) context.activity.text = english;
    context.onSendActivities(async (ctx, activities, next) => {
      this.local.localiser.localise(activities, profile.language?.code, ctx.activity.channelId, ctx.activity.locale);
      return next();
    });
  }

  private chooseLanguage(context: TurnContext, profile: ConversationProfile, locale: Locale) {
    profile.language = { code: locale.language.code, name: locale.language.name };
    profile.languageOffer = undefined;
    setLanguageOf(context, locale);
  }

  /**
   * Web chat and SMS in another language: "Continue in Polski?" once, for a message written in a language with core
   * journeys (or the browser's language when the words do not say), with the 999 advice in it. The answer sets the
   * language, and the message that led to the offer is then acted on in it. Returns whether the turn is done.
   */
  private async languageStep(context: TurnContext, dc: DialogContext, profile: ConversationProfile, text: string) {
    if (isVoice(context) || profile.language || profile.languageDeclined) return false;
    const offered = this.local.catalogue.get(profile.languageOffer?.code);
    if (offered) {
      const pending = profile.languageOffer!.pending;
      if (!this.local.accepts(text, offered)) {
        // English it is: the message that led to the offer goes the English way (an interpreter if not understood).
        profile.languageOffer = undefined;
        profile.languageDeclined = true;
        if (this.local.catalogue.journeys.english.toLowerCase() !== text.trim().toLowerCase()) return false;
        await this.handleMessage(context, dc, pending);
        return true;
      }
      this.chooseLanguage(context, profile, offered);
      if (!this.local.requestOf(pending, offered)) {
        profile.welcomed = true;
        await context.sendActivity(this.deps.prompts.render(profile.role ? 'menu' : 'askRole'));
        return true;
      }
      await this.handleMessage(context, dc, pending);
      return true;
    }
    if (dc.activeDialog || profile.role === 'professional') return false;
    const locale = this.local.toOffer(text, context.activity.locale);
    if (!locale) return false;
    profile.languageOffer = { code: locale.language.code, pending: text.slice(0, 1000) };
    await context.sendActivities(this.local.offer(locale));
    return true;
  }

  private async handleMessage(context: TurnContext, dc: DialogContext, said?: string): Promise<void> {
    const text = (said ?? context.activity.text ?? '').slice(0, 10000);
    const profile = await this.deps.profile.get(context, newProfile());
    const locale = languageOf(context);
    const read = this.readPastGreeting(text, this.understand(text));
    // In another language the screens' red flags stand; what is asked for is read from the language's words.
    const understanding = locale ? this.local.understand(read, locale, !!dc.activeDialog) : read;
    setUnderstanding(context, understanding);

    // A crew, 111 or a GP saying who they are ("paramedic, LAS, call sign Alpha 12, …") is a professional from that
    // message on, on any channel: their red flags are findings in a handover, and the handover takes everything said.
    // "Dr Helen Ward, GP" in answer to "is the referral for you, or for someone else?" is the same: a professional's
    // referral, which goes through the handover (observations, NEWS2, need) rather than a patient's referral questions.
    // Read only where it can change the route: every other dialog's answers are not a caller saying who they are.
    const inReferral = dc.activeDialog?.id === REFERRAL_DIALOG;
    const saysProfessional =
      !profile.role && (!dc.activeDialog || inReferral) && findHandoverFacts(text).selfIdentified;
    const referrerSaysProfessional = saysProfessional && inReferral;
    if (saysProfessional) profile.role = 'professional';
    // A professional's own figures outrank the lexicon's guess at which number is which sign (H192).
    if (this.isProfessional(context, profile) && understanding.entities.observations) {
      const observations = understanding.entities.observations;
      understanding.redFlags = understanding.redFlags.filter((f) => !contradictedByReadings(f, observations));
    }

    // 1. Safety screen, before anything else, whatever dialog is active.
    const emergency = understanding.redFlags.find((f) => f.disposition === 'emergency_999');
    const urgent = understanding.redFlags.find((f) => f.disposition === 'urgent_2h');
    const professional = this.isProfessional(context, profile);
    if (emergency && !professional) {
      await this.handleEmergency(context, profile, emergency);
      await dc.cancelAllDialogs();
      return;
    }
    if (said === undefined && (await this.languageStep(context, dc, profile, text))) return;
    if (!profile.welcomed) await this.welcome(context, profile, false);
    this.rememberCommunicationNeeds(profile, text);
    // Whatever was said fills what the dialogs would otherwise ask for (role, identifiers, numbers, times).
    fillFromMessage(context, profile, understanding, { now: this.deps.now(), timeZone: this.deps.services.timezone });
    if (professional && profile.handedOver && !dc.activeDialog && this.addsToHandover(context, understanding)) {
      await this.addToHandover(context, profile, understanding);
      return;
    }
    if ((emergency ?? urgent) && professional) {
      if (await this.professionalRedFlag(context, dc, profile, (emergency ?? urgent)!, text)) return;
    } else if (urgent && dc.activeDialog?.id === ASSESSMENT_DIALOG) {
      // Mid-assessment the flag raises what the assessment knows; its questions still come first.
      this.rememberRedFlag(profile, urgent, text);
    } else if (urgent) {
      this.rememberRedFlag(profile, urgent, text);
      await context.sendActivity(
        marked(MessageFactory.text(urgent.message, urgent.speak ?? urgent.message), { outcome: 'urgent_2h' }),
      );
      await dc.cancelAllDialogs();
      await dc.beginDialog(ASSESSMENT_DIALOG, {
        problem: text,
        disposition: 'urgent_2h',
        urgentSaid: true,
        reason: `red flag: ${urgent.category}`,
      } satisfies AssessmentOptions);
      return;
    }

    // The answer to the record question, or to the Friends and Family Test (or why), if the person gave one rather
    // than carrying on.
    const request = !!dc.activeDialog || this.isRequest(context, profile, understanding);
    if (await this.needConsent.read(context, profile, text, request)) {
      await this.fft.offer(context, profile, professional);
      return;
    }
    if (await this.fft.read(context, profile, understanding, request)) return;

    if (!dc.activeDialog && (await this.onlyCommunicationNeed(context, profile, understanding))) return;

    // 2. An answer to the welcome's question ("me", "my mum", "I'm the patient"), before it is read as a request.
    const role =
      dc.activeDialog || this.isProfessionalLine(context) ? undefined : this.roleAnswer(context, text, understanding);
    if (role) {
      profile.role = role;
      if (role === 'professional') await dc.beginDialog(PROFESSIONAL_DIALOG);
      else await context.sendActivity(this.deps.prompts.render('menu'));
      return;
    }

    // Words that work anywhere: stop, or ask for a person.
    if (this.deps.commands.isCancel(text)) {
      await dc.cancelAllDialogs();
      await context.sendActivity(this.deps.prompts.render('cancelled'));
      return;
    }
    if (
      understanding.intent === 'human.request' &&
      understanding.confidence >= 0.5 &&
      dc.activeDialog?.id !== ESCALATION_DIALOG &&
      dc.activeDialog?.id !== ASSESSMENT_DIALOG &&
      dc.activeDialog?.id !== PROFESSIONAL_DIALOG
    ) {
      await dc.cancelAllDialogs();
      // A professional asking for a person goes to the duty clinician with whatever the message says.
      if (this.isProfessional(context, profile)) {
        await dc.beginDialog(PROFESSIONAL_DIALOG, { text, connectNow: true } satisfies ProfessionalOptions);
        return;
      }
      // "Can I speak to a nurse, dad's fallen": the danger signs first, then the person, at the assessed urgency.
      if (understanding.clinical && !this.isProfessional(context, profile)) {
        await dc.beginDialog(ASSESSMENT_DIALOG, {
          problem: text,
          ...assessmentStart(understanding),
          wantsPerson: true,
        } satisfies AssessmentOptions);
        return;
      }
      await dc.beginDialog(ESCALATION_DIALOG, personOptions(context, this.deps, 'asked to speak to a person'));
      return;
    }

    // A ward's discharge referral is planned care with its own questions (src/dialogs/dischargeDialog.ts), not a
    // handover to the duty clinician: taken before the handover has queued anything, and never with a red flag.
    if (
      professional &&
      !profile.handoverItemId &&
      (!dc.activeDialog || dc.activeDialog.id === PROFESSIONAL_DIALOG) &&
      isWardReferral(understanding)
    ) {
      await dc.cancelAllDialogs();
      await dc.beginDialog(DISCHARGE_DIALOG);
      return;
    }

    // A carer asking for support for themselves: a carer's assessment from adult social care (seed 003 §2.1.21).
    const carerAsks =
      isCarerSupportRequest(understanding) ||
      (!!locale && !understanding.redFlags.length && this.local.requestOf(text, locale) === 'carersAssessment');
    if (!professional && !dc.activeDialog && carerAsks) {
      await dc.beginDialog(CARERS_ASSESSMENT_DIALOG);
      return;
    }

    if (referrerSaysProfessional) {
      await dc.cancelAllDialogs();
      await dc.beginDialog(PROFESSIONAL_DIALOG, { text } satisfies ProfessionalOptions);
      return;
    }

    // A general question about the service, asked instead of a referral's or the enquiry menu's answer ("what about
    // toenails, is that you?"), is answered; the referral's identity questions are not asked for it.
    if (
      (dc.activeDialog?.id === REFERRAL_DIALOG || dc.activeDialog?.id === ENQUIRY_DIALOG) &&
      (await this.answerServiceQuestion(context, profile, understanding))
    ) {
      await dc.cancelAllDialogs();
      return;
    }

    // 3. The conversation in progress, if any, unless the person has changed their mind about what they want.
    if (this.changesTopic(dc, profile, understanding)) {
      await dc.cancelAllDialogs();
      await routeIntent(dc, this.deps, understanding.intent, text);
      return;
    }
    const result = await dc.continueDialog();
    if (personRequested(context)) {
      // A question was not understood three times: a person, never the same question again.
      await dc.cancelAllDialogs();
      await dc.beginDialog(
        ESCALATION_DIALOG,
        personOptions(context, this.deps, 'an answer not understood three times'),
      );
      return;
    }
    const topic = topicRequested(context);
    if (topic) {
      await dc.cancelAllDialogs();
      await routeIntent(dc, this.deps, topic, text);
      return;
    }
    if (result.status !== DialogTurnStatus.empty) return;

    // 4. A new request. A professional with a patient goes through the handover, which takes what this message says.
    if (this.isProfessionalLine(context) || (professional && this.isHandover(understanding))) {
      profile.role = 'professional';
      await dc.beginDialog(PROFESSIONAL_DIALOG, { text } satisfies ProfessionalOptions);
      return;
    }
    if (profile.feedback && (await this.addToFeedback(context, profile, understanding))) return;
    if (this.asksWhenVisitIs(context, profile, understanding)) {
      await routeIntent(dc, this.deps, 'appointment.query', text);
      return;
    }
    // "You can reach me on 07…" after an escalation or a safeguarding concern: how to reach them, for that item.
    if (
      understanding.entities.phoneNumber &&
      !this.isRequest(context, profile, understanding) &&
      (await this.addToEscalation(context, understanding, profile.escalatedItemId ?? profile.emergencyItemId))
    )
      return;
    if (
      !this.isClinicalContact(context, profile, understanding) &&
      this.followsEmergency(profile, understanding) &&
      (await this.addToEscalation(context, understanding, profile.emergencyItemId))
    )
      return;
    if (await this.asksCarePlanQuestion(context, profile, understanding)) {
      profile.notUnderstood = 0;
      await dc.beginDialog(CARE_PLAN_QUESTION_DIALOG, { question: text } satisfies CarePlanQuestionOptions);
      return;
    }
    if (this.isClinicalContact(context, profile, understanding)) {
      profile.notUnderstood = 0;
      if (await this.addToEscalation(context, understanding, profile.escalatedItemId)) return;
      await dc.beginDialog(ASSESSMENT_DIALOG, {
        problem: text,
        ...assessmentStart(understanding),
        reason: understanding.intent === 'urgent.clinician' ? 'asked for the duty clinician' : undefined,
      } satisfies AssessmentOptions);
      return;
    }
    if (await this.answerServiceQuestion(context, profile, understanding)) return;
    if (understanding.clarify && understanding.alternatives.length >= 2) {
      const [first, second] = understanding.alternatives.map(
        (a) => this.deps.commands.intentLabels[a.intent] ?? a.intent,
      );
      await context.sendActivity(
        this.deps.prompts.render('clarify', { first: first.toLowerCase(), second: second.toLowerCase() }, [
          first,
          second,
        ]),
      );
      return;
    }
    if (await routeIntent(dc, this.deps, understanding.intent, text)) {
      profile.notUnderstood = 0;
      return;
    }
    await this.smallTalkOrNotUnderstood(context, dc, profile, understanding);
  }

  /**
   * "Mum is Edith Clarke, 14/03/1939, I'm her daughter", "we waited in all day": more about a complaint or feedback just
   * logged goes on it, not into a new task (the classifier took such an introduction for a safeguarding concern). A
   * request, a health problem or a red flag is read as usual; who the person is, said alone, is not a request.
   */
  private async addToFeedback(context: TurnContext, profile: ConversationProfile, u: Understanding) {
    if (u.redFlags.length > 0 || u.findings.some((f) => f.current) || this.assessment.isConcern(u.text)) return false;
    const saysWho =
      saidThisTurn(context).some((fact) => IDENTITY_FACTS.has(fact)) &&
      u.text.split(/\s+/).length <= IDENTITY_ONLY_MAX_WORDS;
    // The classifier's guess at a health problem, with no finding or worry in the words, does not outweigh that.
    if (!saysWho && u.clinical) return false;
    // More of the same complaint ("she told her she was wasting her time") is not a second one.
    const more = u.intent === 'feedback.complaint';
    if (!saysWho && !more && this.isRequest(context, profile, u)) return false;
    const feedback = profile.feedback!;
    if (!(await this.deps.feedback.addTo(feedback.id, u.text))) return false;
    profile.notUnderstood = 0;
    // Said in full once; after that briefly, so the same sentence is not said again and again.
    const key = feedback.added ? 'feedbackAddedMore' : 'feedbackAdded';
    feedback.added = true;
    const { reference } = feedback;
    await context.sendActivity(
      this.deps.prompts.render(key, { reference, spokenReference: spokenReference(reference) }),
    );
    return true;
  }

  /** A message asking for something (a task, a person, clinical help, stop): never read as feedback. */
  private isRequest(context: TurnContext, profile: ConversationProfile, u: Understanding): boolean {
    return (
      this.deps.commands.isCancel(u.text) ||
      (u.intent === 'human.request' && u.confidence >= TOPIC_CHANGE_CONFIDENCE) ||
      (TASK_INTENTS.has(u.intent) && u.confidence >= TOPIC_CHANGE_CONFIDENCE) ||
      this.isClinicalContact(context, profile, u) ||
      u.clinical
    );
  }

  /** "I'm the patient", "it's for my mum", "paramedic": an answer to the welcome's question, not a request. */
  private roleAnswer(context: TurnContext, text: string, u: Understanding): Role | undefined {
    const when = { now: this.deps.now(), timeZone: this.deps.services.timezone };
    const reading = choiceRecogniserFor(context).recognise(text, ROLE_OPTIONS, 'identity.role', when);
    if (reading?.kind !== 'choice') return undefined;
    // Nothing but the role ("my mum") is the answer; a role with a worry ("my mum has had a fall") is a request.
    if ((reading.coverage ?? 0) < 1 && (u.clinical || this.assessment.isConcern(text))) return undefined;
    // The role is all that was said, or most of it and the rest is not a request the classifier is sure of
    // ("I look after my husband" is an answer; "cancel my visit please" is a request that also says whose visit).
    if (reading.coverage === 1) return ROLES[reading.index];
    if ((reading.coverage ?? 0) < ROLE_ANSWER_MIN_COVERAGE) return undefined;
    return TASK_INTENTS.has(u.intent) && u.confidence >= ROLE_ANSWER_MAX_CONFIDENCE ? undefined : ROLES[reading.index];
  }

  /** "Actually, can I cancel instead?" mid-task: another task, said with a word that drops the one under way. */
  private changesTopic(dc: DialogContext, profile: ConversationProfile, u: Understanding): boolean {
    const active = dc.activeDialog?.id;
    if (!active || active === ASSESSMENT_DIALOG || active === ESCALATION_DIALOG) return false;
    // A detail of the patient mid-handover ("consented; key safe code is with her carers, I'll put it on the letter
    // rather than here") is not another task, though the classifier may take it for one.
    if (active === PROFESSIONAL_DIALOG && this.followUp.carriesOn(u.text, u.intent)) return false;
    if (!TASK_INTENTS.has(u.intent) || u.confidence < TOPIC_CHANGE_CONFIDENCE || u.intent === profile.taskIntent)
      return false;
    const when = { now: this.deps.now(), timeZone: this.deps.services.timezone };
    if (keepsVisitMove(profile.taskIntent, u.intent, u.text, when)) return false;
    return ChoiceRecogniser.load().changesTopic(u.text);
  }

  /** A task has ended: a verified patient's contact is owed to their record. Never holds up or fails the turn. */
  private async fileContact(
    context: TurnContext,
    profile: ConversationProfile,
    ending: TaskEnding,
    task?: { task: number; intent?: string },
  ) {
    const contact = conversationContact(
      profile,
      { channelId: context.activity.channelId, conversationId: context.activity.conversation.id },
      this.deps.now(),
      ending,
      task,
    );
    if (!contact) return;
    const failed = (err: Error) => {
      this.deps.logger.error({ event: 'record.owe_failed', error: err.name }, 'could not store a contact summary');
      return false;
    };
    if (ending !== 'quiet') {
      await this.deps.contactFiling.owe(contact).catch(failed);
      return;
    }
    // The outbox is told once, when the task begins (or again if that failed); each turn after it only keeps the
    // summary so far in the conversation's state, which is saved at the end of the turn anyway.
    const underWay = await this.taskUnderWay.get(context);
    let expected = underWay?.summary.key === contact.key && underWay.expected;
    if (!expected) {
      const stateKey = this.conversationState.getStorageKey(context)!;
      expected = await this.deps.contactFiling.expect(contact, stateKey).then(() => true, failed);
    }
    await this.taskUnderWay.set(context, { summary: contact, expected });
  }

  /**
   * "Hello, what hours is this line open": a hello that opens a request is not the request. The classifier weighs the
   * whole message and can settle on the greeting (set M: the hours were never given, the role was asked instead), so
   * what follows the hello is read on its own, and taken when it asks for something. The red-flag screen reads the
   * words after the hello exactly as it read them with it.
   */
  private readPastGreeting(text: string, read: Understanding): Understanding {
    if (read.intent !== 'greeting') return read;
    const rest = this.deps.commands.afterGreeting(text);
    if (!rest || rest.split(' ').length < MIN_REQUEST_WORDS) return read;
    const again = this.understand(rest);
    return ['none', 'greeting', 'goodbye'].includes(again.intent) ? read : again;
  }

  private understand(text: string): Understanding {
    try {
      return this.deps.understander.understand(text);
    } catch (err) {
      // Fail safe: treat it as not understood, which leads to a person, never to silence.
      this.deps.logger.error({ err, event: 'understanding.failed' }, 'classifier failed');
      return {
        text,
        intent: 'none',
        confidence: 0,
        disposition: 'none',
        redFlags: [],
        findings: [],
        entities: {},
        alternatives: [],
        clarify: false,
        clinical: false,
      } satisfies Understanding;
    }
  }

  /**
   * A red flag in what a 111 call handler, crew or GP says is a finding in their handover, not a patient to be told to
   * hang up and call 999: the patient is already with a professional. A handover in progress goes on (it carries the
   * flag and its disposition); otherwise the handover starts from this message. Returns whether the turn is done.
   */
  private async professionalRedFlag(
    context: TurnContext,
    dc: DialogContext,
    profile: ConversationProfile,
    flag: RedFlagHit,
    text: string,
  ): Promise<boolean> {
    this.rememberRedFlag(profile, flag, text);
    if (flag.disposition === 'emergency_999') {
      // Marked as the 999 advice it is, so a reader of the conversation (the safety evaluation, the friends-and-family
      // question) sees that 999 was said, though the handover goes on.
      await context.sendActivity(
        marked(this.deps.prompts.render('proRedFlag999', { finding: flag.category }), { outcome: 'emergency_999' }),
      );
    }
    if (dc.activeDialog?.id === PROFESSIONAL_DIALOG) return false;
    await dc.cancelAllDialogs();
    await dc.beginDialog(PROFESSIONAL_DIALOG, { text } satisfies ProfessionalOptions);
    return true;
  }

  /**
   * After a completed handover, what would start another (more about the patient, a finding, "put me through") belongs
   * to the one already queued; goodbye, thanks and other requests are answered as usual.
   */
  private addsToHandover(context: TurnContext, u: Understanding): boolean {
    if (['goodbye', 'greeting'].includes(u.intent) || this.deps.commands.isCancel(u.text)) return false;
    return (
      this.isProfessionalLine(context) ||
      u.redFlags.length > 0 ||
      CONNECT_INTENTS.has(u.intent) ||
      this.isHandover(u) ||
      !!findHandoverFacts(u.text).connectNow ||
      // "My direct line is 07…", "wife's number is 07…": how to reach them, for the clinician who has the referral.
      !!u.entities.phoneNumber ||
      // "Lives alone, daughter has the keysafe code": more about the patient, whatever task the classifier guessed.
      this.followUp.carriesOn(u.text, u.intent)
    );
  }

  /** The message goes on the referral already queued (a finding raises it); the professional is told where it went. */
  private async addToHandover(context: TurnContext, profile: ConversationProfile, u: Understanding) {
    const id = profile.handoverItemId!;
    const flag = u.redFlags.find((f) => f.disposition === 'emergency_999') ?? u.redFlags[0];
    try {
      let item = await this.deps.queue.addProfessionalMessage(id, u.text);
      if (flag) {
        this.rememberRedFlag(profile, flag, u.text);
        const turnKey = context.activity.id ?? String(Date.now());
        item = (await this.deps.queue.raiseForRedFlag(id, flag, turnKey, false)) ?? item;
      }
      const vars = { reference: item.reference, spokenReference: spokenReference(item.reference) };
      const raised = flag?.disposition === 'emergency_999';
      await context.sendActivity(this.deps.prompts.render(raised ? 'proAddedEmergency' : 'proAdded', vars));
    } catch (err) {
      // The referral is queued whatever happened here; the professional is given the numbers, not silence.
      this.deps.logger.error({ event: 'handover.add_failed', error: (err as Error).name }, 'could not add to handover');
      await sendNoDutyRoute(context, this.deps, undefined);
    }
  }

  /**
   * More about the problem from someone already handed to a person ("no chest pain, breathing same as usual"): added to
   * that escalation for whoever contacts them, not the danger-sign questions again. Red flags never get here (the
   * screen answered them first). False when there is no open escalation to add to, so the assessment runs as usual.
   */
  private async addToEscalation(
    context: TurnContext,
    u: Understanding,
    // Passed explicitly: a default would stand in for an undefined escalation and send a new problem to the 999 item.
    id: string | undefined,
  ) {
    if (!id || u.redFlags.length) return false;
    try {
      const item = await this.deps.queue.findById(id);
      if (!item || !OPEN_STATUSES.includes(item.status)) return false;
      const updated = await this.deps.queue.addProfessionalMessage(id, u.text);
      // After 999 advice the advice is said again with it: a follow-up is not a sign the call was made.
      const key = updated.disposition === 'emergency_999' ? 'addedToEmergency' : 'addedToEscalation';
      await context.sendActivity(
        this.deps.prompts.render(key, {
          reference: updated.reference,
          spokenReference: spokenReference(updated.reference),
        }),
      );
      return true;
    } catch (err) {
      this.deps.logger.error({ event: 'escalation.add_failed', error: (err as Error).name }, 'not added');
      return false;
    }
  }

  /**
   * After 999 advice, anything but a new task, a person asked for or a goodbye ("about 5 minutes ago", "Arthur Benet",
   * "no I haven't rung them, I rang you") is more for the duty team's item, with the 999 advice said again (H262).
   */
  private followsEmergency(profile: ConversationProfile, u: Understanding): boolean {
    if (!profile.emergencyAdvised || this.deps.commands.isCancel(u.text)) return false;
    // "ok thank you x": a goodbye, with nothing wrong in it, ends the conversation as usual.
    const farewell =
      u.intent === 'goodbye' && !u.redFlags.length && u.findings.every((f) => !f.current || f.id === 'farewell');
    if (farewell) return false;
    // A new problem ("my leg is sore") has the danger signs from the start, and "sorry, I misread that, no" to the
    // danger sign answered yes is the assessment's to take back (its correction): neither is only more for the item.
    if (u.findings.some((f) => f.current)) return false;
    const answeredYes = this.assessment.groups.find((g) => profile.answers[g.id] === 'yes');
    if (answeredYes && AnswerRecogniser.load().recognise(u.text, answeredYes.text) === 'no') return false;
    const asks = TASK_INTENTS.has(u.intent) || u.intent === 'human.request';
    return !(asks && u.confidence >= TOPIC_CHANGE_CONFIDENCE);
  }

  /**
   * "How often should the leg bag be changed?", "what does mum's care plan say about her rescue pack?": a patient's or
   * carer's question about care with nothing wrong now, answered from the plan or the guidance rather than through
   * the danger-sign questions (H263). In English only (the words and the answers are English).
   */
  private async asksCarePlanQuestion(context: TurnContext, profile: ConversationProfile, u: Understanding) {
    if (languageOf(context) || this.isProfessional(context, profile)) return false;
    const concern = this.assessment.isConcern(u.text);
    // The record is read only for a question its general words did not place (storeCommandsPerTurn: a turn's reads).
    if (!asksAboutCare(u, concern)) return false;
    if (isCarePlanQuestion(u, concern)) return true;
    if (!profile.verified || !profile.patientId) return false;
    const patient = await this.deps.directory.findById(profile.patientId).catch(() => null);
    return isCarePlanQuestion(u, concern, patient?.carePlan.plans.map((p) => p.triggers) ?? []);
  }

  /** A professional's message about a patient (not a task such as changing a visit) starts the handover. */
  private isHandover(u: Understanding): boolean {
    if (u.clinical || u.intent === 'professional.handover' || u.intent === 'urgent.clinician') return true;
    const facts = findHandoverFacts(u.text);
    return facts.selfIdentified || !!(facts.callSign || facts.need || u.entities.nhsNumber || u.entities.observations);
  }

  private async handleEmergency(context: TurnContext, profile: ConversationProfile, flag: RedFlagHit) {
    // Nothing goes before this message: not the welcome, not a question, not a store write.
    this.rememberRedFlag(profile, flag, context.activity.text ?? '');
    await sendEmergency(
      context,
      this.deps,
      profile,
      { text: flag.message, speak: flag.speak ?? flag.message },
      `red flag: ${flag.category}${flag.language ? `; ${interpreterReason(this.interpreters.nameOf(flag.language) ?? flag.language)}` : ''}`,
      flag.language,
    );
  }

  /**
   * A general question about the service (what a team does, who can refer, how to get a service, what is not ours),
   * answered from content with a way on and no identity questions (issue 17). Never a red flag or a clinical contact,
   * which the safety screen and the assessment take, and only in English (the answers are in English only).
   */
  private async answerServiceQuestion(
    context: TurnContext,
    profile: ConversationProfile,
    u: Understanding,
  ): Promise<boolean> {
    if (languageOf(context) || u.redFlags.length || this.assessment.isConcern(u.text)) return false;
    // A health problem told with the question is the assessment's: only one that needs nothing sooner than routine
    // care ("he's just home with a wound") leaves the question to be answered.
    if (this.isClinicalContact(context, profile, u) && !['none', 'routine', 'self_care'].includes(u.disposition))
      return false;
    const topics = this.serviceInformation.topicsIn(u.text);
    if (!topics.length) return false;
    profile.notUnderstood = 0;
    await context.sendActivities(this.serviceInformation.answer(topics, servicesOf(context, this.deps)));
    return true;
  }

  /**
   * A clinical contact by a patient or carer (not a professional, whose handover has its own questions): a message
   * about a health problem that is not a task, anything urgent whatever it asks, or a short "I'm worried about mum".
   */
  private isClinicalContact(context: TurnContext, profile: ConversationProfile, u: Understanding): boolean {
    if (this.isProfessional(context, profile) || isSignOff(profile, u)) return false;
    if (u.disposition === 'urgent_2h') return true;
    if (TASK_INTENTS.has(u.intent)) return this.assessment.isConcern(u.text) && u.intent === 'safeguarding.concern';
    return u.clinical || this.assessment.isConcern(u.text);
  }

  /**
   * "She wants to know when her leg clinic is": the classifier can take a message about a leg or a wound for a health
   * problem, but with no symptom, finding, worry or red flag in it, a question about when a visit is asks about the
   * visits (set F: these carers were put through the danger signs and never told the time).
   */
  private asksWhenVisitIs(context: TurnContext, profile: ConversationProfile, u: Understanding): boolean {
    if (this.isProfessional(context, profile) || u.redFlags.length) return false;
    if (u.disposition === 'urgent_2h' || u.disposition === 'emergency_999' || this.assessment.isConcern(u.text))
      return false;
    // Only a message the classifier took for a health problem (or did not place) is moved: "I'm worried about what her
    // son does to her when he visits" is a safeguarding concern, whatever "when he visits" sounds like.
    const visits = VisitReference.load();
    if ((u.intent !== 'unwell.guidance' && u.intent !== 'none') || !visits.asksWhen(u.text)) return false;
    // "When is her leg ulcer clinic?": a finding that is only the visit's name ("dressing clinic") is no symptom.
    return !u.findings.length || !this.understand(visits.withoutServiceNames(u.text)).findings.length;
  }

  private isProfessional(context: TurnContext, profile: ConversationProfile): boolean {
    return profile.role === 'professional' || this.isProfessionalLine(context);
  }

  /**
   * "I'm deaf, text me": kept for the rest of the conversation, so no later step offers a phone call. An interpreter's
   * language named later ("Polish") is added to the need already known.
   */
  private rememberCommunicationNeeds(profile: ConversationProfile, text: string) {
    for (const need of this.deps.communicationNeeds.stated(text)) {
      profile.communicationNeeds ??= [];
      const known = profile.communicationNeeds.find((n) => n.id === need.id);
      if (!known) profile.communicationNeeds.push(need);
      else if (need.language && !known.language) Object.assign(known, need);
    }
  }

  /**
   * "I am very deaf, I cannot hear on the phone at all. Please no calls" is how someone starts, not a request the
   * classifier should guess at ("Sorry, I didn't understand", or a guess at an appointment): the need is noted (above)
   * and said back, and the person is asked what they need. What else the message asks for ("I'm deaf, can u move my
   * appt", "Deaf. text only pls. … Nurse visit time?") is read as usual. The red-flag screen has already read the whole
   * message.
   */
  private async onlyCommunicationNeed(context: TurnContext, profile: ConversationProfile, u: Understanding) {
    const text = u.text;
    if (!this.deps.communicationNeeds.stated(text).length) return false;
    // Someone already with a person ("text only please" after the 999 advice or a call-back): the need goes on that
    // item for whoever contacts them; the welcome's questions are not asked again (H262).
    if (
      (profile.escalatedItemId ?? profile.emergencyItemId) &&
      (await this.addToEscalation(context, u, profile.escalatedItemId ?? profile.emergencyItemId))
    )
      return true;
    const left = this.deps.communicationNeeds.withoutNeeds(text);
    const rest = this.understand(left);
    const unwell = rest.findings.length > 0 || rest.redFlags.length > 0 || this.assessment.isConcern(left);
    // "I cannot hear, please reply by text" leaves "i please": too little to classify (the classifier guesses at
    // feeling unwell), and nothing asked unless a symptom is in it ("deaf, fallen").
    if (left.split(' ').length < MIN_REQUEST_WORDS)
      return unwell ? false : this.noteCommunicationNeed(context, profile);
    if (this.isRequest(context, profile, u)) return false;
    const asks =
      VisitReference.load().mentionsVisit(left) ||
      rest.clinical ||
      rest.redFlags.length > 0 ||
      this.assessment.isConcern(rest.text) ||
      (!['none', 'greeting', 'goodbye'].includes(rest.intent) && rest.confidence >= TOPIC_CHANGE_CONFIDENCE);
    return asks ? false : this.noteCommunicationNeed(context, profile);
  }

  private async noteCommunicationNeed(context: TurnContext, profile: ConversationProfile) {
    profile.notUnderstood = 0;
    await context.sendActivity(this.deps.prompts.render('communicationNeedNoted'));
    await context.sendActivity(this.deps.prompts.render(profile.role ? 'menu' : 'askRole'));
    return true;
  }

  private rememberRedFlag(profile: ConversationProfile, flag: RedFlagHit, text: string) {
    if (!profile.redFlags.includes(flag.id)) profile.redFlags.push(flag.id);
    profile.problem ??= text.slice(0, 1000);
  }

  private async welcome(context: TurnContext, profile: ConversationProfile, askRole: boolean) {
    profile.welcomed = true;
    // A service that words its own welcome (its name) says it; the shared one otherwise.
    await send(context, servicesOf(context, this.deps).wording.welcome ?? this.core.welcome);
    await context.sendActivity(this.deps.prompts.render('privacy'));
    if (askRole) {
      profile.roleAsked = true;
      await context.sendActivity(this.deps.prompts.render('askRole'));
    }
  }

  private isProfessionalLine(context: TurnContext): boolean {
    return (context.activity.channelData as { line?: string } | undefined)?.line === 'professional';
  }

  private async smallTalkOrNotUnderstood(
    context: TurnContext,
    dc: Awaited<ReturnType<DialogSet['createContext']>>,
    profile: ConversationProfile,
    understanding: Understanding,
  ) {
    if (understanding.intent === 'greeting') {
      profile.notUnderstood = 0;
      await send(context, this.core.greetingReply);
      await context.sendActivity(this.deps.prompts.render(profile.role ? 'menu' : 'askRole'));
      return;
    }
    if (understanding.intent === 'goodbye') {
      profile.notUnderstood = 0;
      await context.sendActivity(this.deps.prompts.render('goodbye'));
      return;
    }
    // Another language: 999 advice in it and in English, and a call back with an interpreter (issue 22).
    if (await this.interpreters.offer(context, this.deps, profile, understanding)) return;
    profile.notUnderstood += 1;
    if (profile.notUnderstood === 1) {
      await context.sendActivity(this.deps.prompts.render('notUnderstoodRephrase'));
    } else if (profile.notUnderstood < NOT_UNDERSTOOD_LIMIT) {
      const guesses = understanding.alternatives
        .map((a) => this.deps.commands.intentLabels[a.intent])
        .filter((label): label is string => !!label)
        .slice(0, 2);
      const choices = [...new Set([...guesses, 'Change an appointment', 'I feel unwell', 'Speak to someone'])].slice(
        0,
        4,
      );
      await context.sendActivity(this.deps.prompts.render('notUnderstoodChoices', {}, choices));
    } else {
      profile.notUnderstood = 0;
      await context.sendActivity(this.deps.prompts.render('notUnderstoodPerson'));
      await dc.beginDialog(ESCALATION_DIALOG, personOptions(context, this.deps, 'not understood three times'));
    }
  }
}

function send(context: TurnContext, message: Message) {
  return context.sendActivity(MessageFactory.text(message.text, message.speak));
}

/**
 * "Goodbye" after a task has begun is the end of the conversation. The farewell finding it carries is for a goodbye
 * with nothing before it, or with a plan, a means or a last message (the suicide rules pair it with those), so with no
 * other finding, red flag or urgent rule it does not start the danger-sign questions.
 */
function isSignOff(profile: ConversationProfile, u: Understanding): boolean {
  return (
    profile.task !== undefined &&
    u.intent === 'goodbye' &&
    u.redFlags.length === 0 &&
    u.disposition !== 'urgent_2h' &&
    u.disposition !== 'emergency_999' &&
    u.findings.every((f) => !f.current || f.id === 'farewell')
  );
}
