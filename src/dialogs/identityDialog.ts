import type { TurnContext } from 'botbuilder';
import {
  ChoiceFactory,
  ComponentDialog,
  TextPrompt,
  WaterfallDialog,
  type FoundChoice,
  type PromptOptions,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { choicePrompt, OTHER_ANSWER, type UnderstoodPromptOptions } from './buttonPrompts';
import { callerNumber, type ConversationProfile } from './conversationProfile';
import { forgetIdentity, saidThisTurn } from './saidSoFar';
import { languageOf } from '../language/conversationLanguage';
import { fill } from '../content/placeholders';
import { listGiven, type GivenPart } from '../content/givenList';
import type { Locale } from '../language/localeCatalogue';
import { VisitReference } from './visitReference';
import { ESCALATION_DIALOG } from './escalationDialog';
import { personOptions } from './routeIntent';
import { AnswerRecogniser } from '../intents/answers/answerRecogniser';
import { digitsFromSpeech } from '../intents/entities/spokenDigits';
import { RecordUnavailableError, type Verification } from '../record/ports';
import { valuesOf, profileOf, servicesOf, setServiceOf, understandingOf, type DialogDeps } from './dialogDeps';

export const IDENTITY_DIALOG = 'identity';
const NHS = 'identity.nhsNumber';
const DOB = 'identity.dateOfBirth';
const TEXT = 'identity.text';
const NAME = 'identity.name';
const POSTCODE = 'identity.postcode';
const ROLE = 'identity.role';
const CORRECT = 'identity.correct';
const MAX_FAILURES = 3;
/** Prompts give up after this many unusable answers and move on, so nobody is stuck in a loop. */
const MAX_ATTEMPTS = 3;
/**
 * The date of birth is asked at most twice: someone who answers it twice with something else is not going to give it
 * (set G: the visit they want, "ta", "yes pls"), and a third asking would be the same question three times.
 */
const DATE_OF_BIRTH_ATTEMPTS = 2;

export interface IdentityResult {
  verified: boolean;
}

/** An answer with this many digits is an attempt at the 10-digit NHS number, worth asking for again. */
const NHS_NUMBER_ATTEMPT_DIGITS = 7;

/** The patient's name as said so far: a carer's own name is not the patient's. */
function givenName(profile: ConversationProfile): string | undefined {
  const said = profile.said ?? {};
  return said.patientName ?? (profile.role === 'carer' ? undefined : said.ownName);
}

/** An NHS number said at any question so far joins the claim, which then takes the number route. */
function takeSaidNhsNumber(claim: { nhsNumber?: string }, profile: ConversationProfile): void {
  if (!claim.nhsNumber && profile.said?.nhsNumber) claim.nhsNumber = profile.said.nhsNumber;
}

/** "Hi it's Edith Clarke, 14.3.39": someone who gave their own name, and nobody else's, is the patient. */
function namedOnlyThemselves(profile: ConversationProfile): boolean {
  const said = profile.said ?? {};
  return !!said.ownName && !said.relationship && (!said.patientName || said.patientName === said.ownName);
}

/**
 * Identity before anything personal: NHS number and date of birth, or name, date of birth and postcode; on the phone
 * the caller's number counts as one factor. A carer must be a recorded contact. Three failures stop disclosure.
 */
export class IdentityDialog extends ComponentDialog {
  private readonly answers = AnswerRecogniser.load();

  constructor(private readonly deps: DialogDeps) {
    super(IDENTITY_DIALOG);
    const choice = choicePrompt(ROLE, deps);
    this.addDialog(choice);
    this.addDialog(new TextPrompt(NHS, (pc) => this.validateNhsNumber(pc)));
    this.addDialog(new TextPrompt(DOB, (pc) => this.validateDateOfBirth(pc)));
    this.addDialog(new TextPrompt(POSTCODE, (pc) => this.validatePostcode(pc)));
    this.addDialog(new TextPrompt(TEXT));
    this.addDialog(new TextPrompt(NAME, (pc) => this.validateName(pc)));
    this.addDialog(
      new WaterfallDialog(`${IDENTITY_DIALOG}.steps`, [
        (step) => this.askRole(step),
        (step) => this.askNhsNumber(step),
        (step) => this.askNameIfNeeded(step),
        // Name, date of birth, postcode: the order people give them in ("Arthur Bennett", "2nd Nov 1945", "SW18 2PU").
        (step) => this.askDateOfBirth(step),
        (step) => this.askPostcodeIfNeeded(step),
        (step) => this.askCarerName(step),
        (step) => this.verify(step),
      ]),
    );
    this.addDialog(
      new WaterfallDialog(CORRECT, [(step) => this.askCorrection(step), (step) => this.takeCorrection(step)]),
    );
    this.initialDialogId = `${IDENTITY_DIALOG}.steps`;
  }

  private whose(role: string | undefined): string {
    return role === 'carer' ? "the patient's" : 'your';
  }

  private async askRole(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    if (profile.verified) return step.endDialog({ verified: true } satisfies IdentityResult);
    if (profile.identityLocked) {
      await step.context.sendActivity(
        this.deps.prompts.render('identityLocked', { hubPhone: servicesOf(step.context, this.deps).hub.phone }),
      );
      return step.endDialog({ verified: false } satisfies IdentityResult);
    }
    // Said once: after "Let's try once more", or a name given after the rest was said back, the check goes straight on.
    const first = profile.identityFailures === 0 && !(step.options as { corrected?: boolean } | undefined)?.corrected;
    if (first) await step.context.sendActivity(this.deps.prompts.render('identityWhy'));
    const given = this.alreadyGiven(step.context, profile, 'identityUsingGiven');
    if (given && first) await step.context.sendActivity(this.deps.prompts.render('identityUsingGiven', { given }));
    if (profile.role === 'patient' || profile.role === 'carer') return step.next();
    if (namedOnlyThemselves(profile)) {
      profile.role = 'patient';
      return step.next();
    }
    // The welcome asked and the person went straight to what they wanted: not asked twice. They are taken to be the
    // patient until something they say shows they are not ("it's my mum's").
    if (profile.roleAsked) return step.next();
    const options: UnderstoodPromptOptions = {
      prompt: this.deps.prompts.render('askWhoseCare', {}, []),
      choices: ChoiceFactory.toChoices(['Myself', "I'm a carer"]),
      // Answered with something else (their details, the time they want), it is taken as the welcome's question is:
      // the patient's, until something said shows otherwise. Asking it three times ended in a hand-over to a person.
      otherAnswer: true,
    };
    return step.prompt(ROLE, options);
  }

  /**
   * "the NHS number and date of birth": what the person gave before being asked, to confirm rather than ask, in the
   * language `sentence` is said in.
   */
  private alreadyGiven(
    context: TurnContext,
    profile: ConversationProfile,
    sentence: GivenSentence,
  ): string | undefined {
    const said = profile.said ?? {};
    const parts: GivenPart[] = [];
    if (said.nhsNumber) parts.push('nhsNumber');
    if (givenName(profile)) parts.push('name');
    if (said.postcode) parts.push('postcode');
    if (said.dateOfBirth) parts.push('dateOfBirth');
    const words = languageSaying(context, sentence)?.content.identityGivenList ?? this.deps.prompts.givenList;
    return listGiven(parts, words);
  }

  private async askNhsNumber(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    const chosen = step.result as FoundChoice | undefined;
    if (chosen?.index === OTHER_ANSWER) {
      profile.roleAsked = true;
      // "Edith Clarke" in answer to whose care it is: the patient's name, as it would be to the NHS number question.
      const name = leadingName(chosen.value);
      if (name) (profile.said ??= {}).patientName ??= name;
    } else if (chosen) profile.role = chosen.index === 1 ? 'carer' : 'patient';
    valuesOf(step).claim = {};
    const said = profile.said ?? {};
    // Someone who gave their name, date of birth and postcode has given the other route whole: the number is not needed.
    if (said.nhsNumber || (givenName(profile) && said.dateOfBirth && said.postcode)) return step.next();
    const whose = this.whose(profile.role);
    return step.prompt(NHS, {
      prompt: this.deps.prompts.render('askNhsNumber', { whose }),
      retryPrompt: this.deps.prompts.render('askNhsNumberRetry'),
    });
  }

  private async askNameIfNeeded(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    const said = profile.said ?? {};
    if (said.nhsNumber) {
      valuesOf(step).claim.nhsNumber = said.nhsNumber;
      return step.next();
    }
    const answered = typeof step.result === 'string' ? leadingName(step.result) : undefined;
    const name = givenName(profile) ?? answered;
    if (name) return step.next(name);
    const whose = this.whose(profile.role);
    return step.prompt(NAME, {
      prompt: this.deps.prompts.render('askName', { whose }),
      retryPrompt: this.deps.prompts.render('askNameRetry', { whose }),
    });
  }

  private async askDateOfBirth(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    const claim = valuesOf(step).claim;
    // The number given late, in answer to the name ("Myself" to the number, then the number): the number route.
    takeSaidNhsNumber(claim, profile);
    if (!claim.nhsNumber) {
      const answer = String(step.result ?? '');
      // The last answer to the name question is taken as it is, unless it is plainly something else (a postcode and the
      // place, "tooting s w seventeen oh q t"; a question back): then there is no name yet, and it is asked after the
      // rest is said back, never checked as a name.
      claim.name = this.notAName(step.context, answer) ? (givenName(profile) ?? '') : answer;
      // Said back with what else is in hand if the date of birth has to be asked again ("I have the name and postcode").
      if (leadingName(claim.name)) (profile.said ??= {}).patientName ??= claim.name;
    }
    if (profile.said?.dateOfBirth) return step.next();
    return step.prompt(DOB, {
      prompt: this.deps.prompts.render('askDateOfBirth', { whose: this.whose(profile.role) }),
      retryPrompt: this.deps.prompts.render('askDateOfBirthRetry'),
    });
  }

  /** The name route's postcode, once there is a date of birth to check it with (without one, `verify` ends the check). */
  private async askPostcodeIfNeeded(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    const claim = valuesOf(step).claim;
    takeSaidNhsNumber(claim, profile);
    if (claim.nhsNumber || profile.said?.postcode || !profile.said?.dateOfBirth) return step.next();
    return step.prompt(POSTCODE, {
      prompt: this.deps.prompts.render('askPostcode', { whose: this.whose(profile.role) }),
      retryPrompt: this.deps.prompts.render('askPostcodeRetry'),
    });
  }

  private async askCarerName(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    const claim = valuesOf(step).claim;
    claim.dateOfBirth = profile.said?.dateOfBirth;
    takeSaidNhsNumber(claim, profile);
    if (!claim.nhsNumber) claim.postcode = profile.said?.postcode;
    // No date of birth after asking twice: nothing can be matched (every route needs it), so no carer's name is asked.
    if (!claim.dateOfBirth) return step.next();
    if (profile.role !== 'carer') return step.next();
    // "it's Edith Clarke" from a carer names the patient, not themselves.
    const own = profile.said?.ownName;
    if (own && own !== profile.said?.patientName) return step.next(own);
    // Someone who gave their first name ("I am his son Paul") is not asked for their surname: the patient's own details
    // identify the patient, and the first name is checked against the recorded contacts' (H236).
    const given = profile.said?.ownGivenName;
    if (given) return step.next(given);
    return step.prompt(TEXT, { prompt: this.deps.prompts.render('askCarerName') });
  }

  private async verify(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    const claim = { ...valuesOf(step).claim, callerNumber: callerNumber(step.context) };
    // No name to check on the name route: not a failed match. What was given is said back and only the name is asked.
    if (!claim.nhsNumber && !claim.name?.trim() && claim.dateOfBirth) return step.replaceDialog(CORRECT);
    // Asked twice and no date of birth: not a failed match to count against them, nor a reason to ask for everything
    // again (the NHS number they gave would be asked for a second time). A person can check who they are.
    if (!claim.dateOfBirth) {
      forgetIdentity(profile);
      await step.context.sendActivity(
        this.deps.prompts.render('identityNoDateOfBirth', {
          whose: this.whose(profile.role),
          hubPhone: servicesOf(step.context, this.deps).hub.phone,
        }),
      );
      return step.endDialog({ verified: false } satisfies IdentityResult);
    }
    if (profile.role === 'carer') claim.carerName = carerNameFrom(String(step.result ?? ''), profile);
    let result: Verification;
    try {
      result = await this.deps.directory.verify(claim, profile.role === 'carer');
      // A carer who did not give their name ("I'm her daughter", "does it matter?") is not asked it again and again:
      // the patient is identified by the patient's own details, as on the patient's route, and the carer goes on
      // recorded by what they said they are, marked as not confirmed against the recorded contacts (hazard H75).
      const firstNameOnly = !!claim.carerName && !/\s/.test(claim.carerName.trim());
      if (!result.verified && profile.role === 'carer' && (!claim.carerName || firstNameOnly)) {
        result = await this.deps.directory.verify(claim, false);
        if (result.verified) profile.answers.carer = unnamedCarer(profile, firstNameOnly ? claim.carerName : undefined);
      }
    } catch (err) {
      if (!(err instanceof RecordUnavailableError)) throw err;
      // Not the person's failure: nothing counts against them, and the task goes on as for someone not verified (the
      // safety advice and the referral do not need the record), with a person to turn to for anything personal.
      this.deps.logger.warn(
        { event: 'identity.record_unavailable', conversation: step.context.activity.conversation.id },
        'the record system could not be reached to verify identity',
      );
      forgetIdentity(profile);
      await step.context.sendActivity(
        this.deps.prompts.render('identityRecordUnavailable', {
          hubPhone: servicesOf(step.context, this.deps).hub.phone,
        }),
      );
      return step.endDialog({ verified: false } satisfies IdentityResult);
    }
    if (result.verified) {
      profile.verified = true;
      profile.patientId = result.patient._id;
      profile.patientName = `${result.patient.givenName} ${result.patient.familyName}`;
      profile.identityFailures = 0;
      // Eligibility is by GP registration: once we know the practice, the conversation is its service's (a practice no
      // profile lists leaves it where it was).
      const registered = this.deps.serviceDirectory.byPractice(result.patient.gpPractice);
      if (registered) {
        profile.service = registered.id;
        setServiceOf(step.context, registered);
      }
      // Thank the person we are talking to: a carer is not the patient.
      const givenName =
        profile.role === 'carer' ? (claim.carerName ?? '').trim().split(/\s+/)[0] : result.patient.givenName;
      await step.context.sendActivity(
        givenName
          ? this.deps.prompts.render('identityVerified', { givenName })
          : this.deps.prompts.render('identityVerifiedUnnamedCarer', { patientGivenName: result.patient.givenName }),
      );
      return step.endDialog({ verified: true } satisfies IdentityResult);
    }
    profile.identityFailures += 1;
    if (profile.identityFailures >= MAX_FAILURES) {
      forgetIdentity(profile);
      profile.identityLocked = true;
      this.deps.logger.warn(
        { event: 'identity.locked', conversation: step.context.activity.conversation.id },
        'identity checks failed three times',
      );
      await step.context.sendActivity(
        this.deps.prompts.render('identityLocked', { hubPhone: servicesOf(step.context, this.deps).hub.phone }),
      );
      return step.endDialog({ verified: false } satisfies IdentityResult);
    }
    // The name tried is said back even when it came only as the answer to the name question ("bennett").
    if (claim.name && !claim.nhsNumber) (profile.said ??= {}).patientName ??= claim.name;
    await step.context.sendActivity(this.deps.prompts.render('identityFailed'));
    // What was given is said back and only the detail that was wrong is given again (set I: everything was asked for
    // a second time), in the conversation's language when its file says the say-back; otherwise the questions are
    // asked afresh, as they are translated.
    const locale = languageOf(step.context);
    if (locale && !SAY_BACK_KEYS.every((key) => locale.content.messages[key])) {
      forgetIdentity(profile);
      return step.replaceDialog(`${IDENTITY_DIALOG}.steps`);
    }
    return step.replaceDialog(CORRECT);
  }

  /**
   * After a failed match: what the person gave, said back (never what the record holds, nor which part did not match),
   * and a chance to put right the one that was wrong or add the NHS number.
   */
  private async askCorrection(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    const said = profile.said ?? {};
    const details: string[] = [];
    const patientName = givenName(profile);
    const whose = this.whose(profile.role);
    const key = said.nhsNumber ? 'identityCheckGiven' : patientName ? 'identityCheckGivenOrNhs' : 'identityCheckNoName';
    // Each part in the conversation's language (its date written as its prompts write one: 14/03/1939), but only when
    // the sentence they go into is in its file too: a sentence said in English has English parts.
    const locale = languageSaying(step.context, key);
    const part = (partKey: (typeof SAY_BACK_KEYS)[number], value: string) => {
      const local = locale?.content.messages[partKey];
      return local ? fill(local.text, { value }) : String(this.deps.prompts.render(partKey, { value }).text);
    };
    if (patientName)
      details.push(part(whose === 'your' ? 'identityGivenName' : 'identityGivenPatientName', patientName));
    if (said.dateOfBirth)
      details.push(
        part('identityGivenDateOfBirth', locale ? numericDate(said.dateOfBirth) : birthDate(said.dateOfBirth)),
      );
    if (said.postcode) details.push(part('identityGivenPostcode', said.postcode));
    if (said.nhsNumber) details.push(part('identityGivenNhsNumber', said.nhsNumber.slice(-3)));
    if (profile.role === 'carer' && said.ownName && said.ownName !== patientName)
      details.push(part('identityGivenOwnName', said.ownName));
    // In English read as a sentence: "the name Arthur Bennett, date of birth 2 November 1945 and postcode SW18 2PU";
    // another language's parts are listed with commas, as its own prompts have no word for "and" here.
    const listed =
      !locale && details.length > 1 ? `${details.slice(0, -1).join(', ')} and ${details.at(-1)}` : details.join(', ');
    return step.prompt(TEXT, { prompt: this.deps.prompts.render(key, { details: listed, whose }) });
  }

  /**
   * A detail put right (or the NHS number added) is checked again with the rest as given; an answer that changes
   * nothing ("they're right", "can I talk to someone") ends the check with a person offered, not every question again.
   */
  private async takeCorrection(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    const said = (profile.said ??= {});
    const answer = String(step.result ?? '');
    const added = saidThisTurn(step.context);
    const name = leadingName(answer);
    const said1 = SURNAME_ONLY.exec(answer);
    const surname = [said1?.[1], said1?.[2]].find((w) => w && !EVERYDAY.has(w.toLowerCase()));
    if (name && !added.includes('patientName') && !added.includes('ownName')) said.patientName = name;
    else if (surname && said.patientName && !NOT_NAMES.has(surname.toLowerCase()))
      said.patientName = `${said.patientName.split(/\s+/).slice(0, -1).join(' ')} ${surname}`.trim();
    const changed =
      !!name ||
      !!surname ||
      added.some((k) => ['nhsNumber', 'dateOfBirth', 'postcode', 'patientName', 'ownName'].includes(k));
    if (!changed) {
      forgetIdentity(profile);
      // The say-back ended "if they are all right, a person can check for you": "ok", "yes that's right", "I was only
      // discharged on Monday" take it up, and the person is got for them now (set M: they were told to type "speak to
      // someone" and most left with nothing in the queue). Only a plain no, or a wish to stop, is not a yes to that.
      if (this.answers.recognise(answer) !== 'no' && !this.deps.commands.isCancel(answer)) {
        await step.context.sendActivity(this.deps.prompts.render('identityPersonWillCheck'));
        return step.replaceDialog(
          ESCALATION_DIALOG,
          personOptions(
            step.context,
            this.deps,
            'identity not confirmed: the details given did not match our record',
            profile.taskIntent,
          ),
        );
      }
      await step.context.sendActivity(
        this.deps.prompts.render('identityLocked', { hubPhone: servicesOf(step.context, this.deps).hub.phone }),
      );
      return step.endDialog({ verified: false } satisfies IdentityResult);
    }
    // A name or postcode put right is the name route: the NHS number that did not match is not tried again with it.
    if (!added.includes('nhsNumber') && (name || surname || added.includes('postcode'))) delete said.nhsNumber;
    return step.replaceDialog(`${IDENTITY_DIALOG}.steps`, { corrected: true });
  }

  /**
   * An NHS number, "I don't know", or the other route's details instead ("Margaret Ellison, 3rd May 1941", a postcode):
   * people who do not have the number give what they do have, and asking for the number again would be a loop. Only
   * an answer that tries to be the number (most of ten digits) or a bare yes is asked for again; anything else ("I'm her daughter,
   * Joan", "Friday would suit me") means they have not got it to hand, and the name, postcode and date of birth follow.
   */
  private async validateNhsNumber(pc: PromptValidatorContext<string>): Promise<boolean> {
    const text = pc.recognized.value ?? '';
    if (this.deps.commands.isDontKnow(text)) return true;
    const entities = understandingOf(pc.context, this.deps).entities;
    if (entities.nhsNumber || entities.dateOfBirth || entities.postcode || leadingName(text)) return true;
    // "Yes please" is someone about to give it.
    const agreeing = this.answers.recognise(text) === 'yes' && text.trim().split(/\s+/).length <= 3;
    if (!agreeing && digitsFromSpeech(text).replace(/\D/g, '').length < NHS_NUMBER_ATTEMPT_DIGITS) return true;
    return pc.attemptCount >= MAX_ATTEMPTS;
  }

  /**
   * A date of birth; after two misses the check ends (`verify`). A miss is answered with what was understood: a detail
   * given instead ("SW18 2PU") is kept and only the date of birth asked for; an answer about something else ("Friday
   * would suit me", "is that the morning one?") hears what is already in hand and that the date is still needed.
   */
  private async validateDateOfBirth(pc: PromptValidatorContext<string>): Promise<boolean> {
    if (understandingOf(pc.context, this.deps).entities.dateOfBirth) return true;
    if (pc.attemptCount >= DATE_OF_BIRTH_ATTEMPTS) return true;
    return this.missSaidBack(pc, 'askDateOfBirthStill');
  }

  /**
   * A name. "The nurse that saw mum" describes a member of staff, and a date of birth or postcode said here ("second of
   * november nineteen forty five") is kept for its own question: neither is a name to check, so the name is asked once
   * more (a failed match on a date taken for a name had every question asked again).
   */
  private async validateName(pc: PromptValidatorContext<string>): Promise<boolean> {
    const text = pc.recognized.value ?? '';
    if (pc.attemptCount >= MAX_ATTEMPTS - 1) return true;
    const entities = understandingOf(pc.context, this.deps).entities;
    if (this.notAName(pc.context, text) && !entities.nhsNumber) {
      const profile = await profileOf(pc.context, this.deps);
      const given = this.alreadyGiven(pc.context, profile, 'askNameStill');
      if (given)
        (pc.options as PromptOptions).retryPrompt = this.deps.prompts.render('askNameStill', {
          given,
          whose: this.whose(profile.role),
        });
      return false;
    }
    return true;
  }

  /**
   * An answer to the name question that is plainly no name: a date of birth or postcode with no name before it (a
   * place said with the postcode, "s w seventeen oh q t tooting", is not one), a member of staff described, or a
   * question asked back ("is that with the matron?").
   */
  private notAName(context: TurnContext, text: string): boolean {
    if (leadingName(text)) return false;
    const entities = understandingOf(context, this.deps).entities;
    return (
      !!entities.dateOfBirth ||
      !!entities.postcode ||
      VisitReference.load().namesStaff(text) ||
      /\?\s*$/.test(text) ||
      QUESTION_START.test(text) ||
      isSentence(text)
    );
  }

  /** A postcode or "I don't know"; an NHS number instead is the other route whole; a date of birth is kept. */
  private async validatePostcode(pc: PromptValidatorContext<string>): Promise<boolean> {
    const said = (pc.recognized.value ?? '').trim();
    // Written ("SW17 0QT", "it's SW17 0QT") or spoken letter by letter ("s w one seven, oh q t").
    const entities = understandingOf(pc.context, this.deps).entities;
    if (entities.postcode || entities.nhsNumber || this.deps.commands.isDontKnow(said)) return true;
    if (pc.attemptCount >= MAX_ATTEMPTS) return true;
    return this.missSaidBack(pc, 'askPostcodeStill');
  }

  /** A miss answered with what is already in hand ("Thank you, I have the name and postcode…"), not "Sorry, …". */
  private async missSaidBack(pc: PromptValidatorContext<string>, still: 'askDateOfBirthStill' | 'askPostcodeStill') {
    const profile = await profileOf(pc.context, this.deps);
    const given = this.alreadyGiven(pc.context, profile, still);
    if (given) {
      (pc.options as PromptOptions).retryPrompt = this.deps.prompts.render(still, {
        given,
        whose: this.whose(profile.role),
      });
    }
    return false;
  }
}

/**
 * The carer's own name from their answer to "what is your own full name?": "Hughes" after "this is Jean" is Jean
 * Hughes; a name said before stands; otherwise the answer if it is a name. Undefined when they gave none ("I'm her
 * daughter", "why do you need that?").
 */
function carerNameFrom(answer: string, profile: ConversationProfile): string | undefined {
  const said = profile.said ?? {};
  const trimmed = answer.trim();
  if (said.ownGivenName && !said.ownName && trimmed === said.ownGivenName) return trimmed;
  if (said.ownGivenName && !said.ownName && /^[A-Z][a-z'-]+$/.test(trimmed)) return `${said.ownGivenName} ${trimmed}`;
  if (said.ownName && said.ownName !== said.patientName) return said.ownName;
  return leadingName(trimmed);
}

/** "Clarke", "it's Clarke with an e", "surname is Clarke": only the surname, put right. */
const SURNAME_ONLY =
  /^\s*(?:(?:[Ii]t'?s|[Ii]ts|[Ss]urname(?: is)?|[Ll]ast name(?: is)?|[Ss]urname'?s)\s+([A-Z][a-z'-]+)\b(?!\s+[A-Z])|([A-Z][a-z'-]+)\s*[.!]?\s*$)/;

/** The sentences that say back what was given before being asked ({given}). */
type GivenSentence = 'identityUsingGiven' | 'askNameStill' | 'askDateOfBirthStill' | 'askPostcodeStill';

/**
 * The conversation's language if `sentence` is in its file, so the parts said back in it are in that language too;
 * otherwise undefined: the sentence is said in English, and its parts with it, never half and half.
 */
function languageSaying(context: TurnContext, sentence: string): Locale | undefined {
  const locale = languageOf(context);
  return locale?.content.messages[sentence] ? locale : undefined;
}

/** The say-back after a failed match and its parts: a language's file has them all, or the questions are asked afresh. */
const SAY_BACK_KEYS = [
  'identityCheckGiven',
  'identityCheckGivenOrNhs',
  'identityGivenName',
  'identityGivenPatientName',
  'identityGivenDateOfBirth',
  'identityGivenPostcode',
  'identityGivenNhsNumber',
  'identityGivenOwnName',
] as const;

/** 14/03/1939, as the other languages' date of birth questions write one. */
function numericDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

/** "1939-03-14" as people say it back: "14 March 1939". */
function birthDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  const months = 'January February March April May June July August September October November December'.split(' ');
  return `${day} ${months[month - 1]} ${year}`;
}

/** How an unnamed carer is recorded for the team: by the relationship they said, and that the record did not confirm it. */
function unnamedCarer(profile: ConversationProfile, firstName?: string): string {
  const relationship = profile.said?.relationship;
  const who = relationship ? `a carer (said: "${relationship}")` : 'a carer';
  return `${who}, ${firstName ? `first name ${firstName} only` : 'name not given'}, not confirmed as a recorded contact`;
}

const NOT_NAMES = new Set([
  'yes',
  'no',
  'please',
  'thanks',
  'thank',
  'hello',
  'hi',
  'ok',
  'okay',
  'sorry',
  'the',
  'i',
  'it',
]);

/**
 * A name at the start of an answer ("Margaret Ellison, 3rd May 1941", "Mrs Agnes Thorne"): two to four capitalised
 * words; or an answer that is nothing but two or three words, as phone speech recognition writes a name ("margaret
 * hughes"), none of them an everyday word.
 */
function leadingName(text: string): string | undefined {
  const m = /^\s*(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,3})\b/.exec(text);
  if (m) return m[1].split(/\s+/).some((w) => NOT_NAMES.has(w.toLowerCase())) ? undefined : m[1];
  const words = text
    .trim()
    .replace(/[.!]+$/, '')
    .split(/\s+/);
  const spoken = words.length >= 2 && words.length <= 3 && words.every((w) => /^[a-z][a-z'-]+$/.test(w));
  if (!spoken || words.some((w) => NOT_NAMES.has(w) || EVERYDAY.has(w))) return undefined;
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
}

/**
 * A sentence, not a name: more than five words, or a word about visits, times or care ("the matron one in a couple of
 * days", "leave the heart failure one"). Set L: such a sentence at the last name question was checked as the name and
 * read back as it ("I have the patient's name the matron one …").
 */
function isSentence(text: string): boolean {
  const words = text
    .toLowerCase()
    .replace(/[^a-z' ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  return words.length > 5 || words.some((w) => NOT_IN_A_NAME.has(w));
}

const NOT_IN_A_NAME = new Set(
  'visit visits nurse nurses matron appointment appointments clinic one ones day days week weeks tomorrow today tonight morning afternoon evening coming come going leave cancel change move still definitely home hospital pain wound catheter dressing heart failure couple instead'.split(
    ' ',
  ),
);

/** A reply that asks something back, as speech recognition writes it without a question mark. */
const QUESTION_START =
  /^\s*(?:is|are|was|were|what|when|where|which|who|why|how|can|could|does|do|did|will|would|shall)\b/i;

/** Words of a short reply that make it something other than a name ("not today", "my dad", "got it"). */
const EVERYDAY = new Set(
  'a an and or of to in on at is are was for my me mum dad his her him not no nope just that this what when where who why how can could would will please ta cheers got it its im dont know sure fine good right now today tomorrow yesterday visit nurse one two thats correct wrong all they theyre those these yes yeah yep'.split(
    ' ',
  ),
);
