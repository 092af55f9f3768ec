import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { z } from 'zod';
import { normalisePhrase } from '../content/commands';
import { fill, textWith } from '../content/placeholders';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { spokenReference } from '../hub/reference';
import type { Understanding } from '../intents';
import { confirmPrompt } from './buttonPrompts';
import { valuesOf, profileOf, servicesOf, understandingOf, type DialogDeps } from './dialogDeps';
import { conversationOf, summaryFrom } from './summary';

export const CARERS_ASSESSMENT_DIALOG = 'carersAssessment';
const CONFIRM = 'carersAssessment.confirm';
const TEXT = 'carersAssessment.text';
const PHONE = 'carersAssessment.phone';

const contentSchema = z.object({
  review: reviewSchema,
  phrases: z.array(z.string().min(1)).min(1),
  subject: textWith('service', 'reference'),
  opening: textWith('service', 'hubName', 'hubPhone', 'reference'),
});
type CarersContent = z.infer<typeof contentSchema>;

let loaded: CarersContent | undefined;
/** content/referrals/carers-assessment.yaml, read once. */
export function loadCarersContent(): CarersContent {
  return (loaded ??= readContentFile('referrals/carers-assessment.yaml', contentSchema));
}

/**
 * A carer asking for support for themselves ("can I get a carer's assessment?"), and nothing that must come first: no
 * red flag (the carer-crisis flag included), no health problem, no safeguarding concern.
 */
export function isCarerSupportRequest(u: Understanding, content = loadCarersContent()): boolean {
  if (u.redFlags.length > 0 || u.clinical || u.intent === 'safeguarding.concern') return false;
  const said = ` ${normalisePhrase(u.text)} `;
  return content.phrases.some((p) => said.includes(` ${normalisePhrase(p)} `));
}

/**
 * A referral for a carer's assessment (seed 003 §2.1.21): offered, and with the carer's yes, recorded in our queue and
 * sent to the service's adult social care (`adultSocialCare` in its profile) as a secure message through the port,
 * never SMS. If the message is refused the item says so and the hub passes it on; the carer is told the same either
 * way because the queue item is what makes it happen.
 */
export class CarersAssessmentDialog extends ComponentDialog {
  constructor(
    private readonly deps: DialogDeps,
    private readonly content = loadCarersContent(),
  ) {
    super(CARERS_ASSESSMENT_DIALOG);
    this.addDialog(confirmPrompt(CONFIRM, deps)).addDialog(new TextPrompt(TEXT));
    this.addDialog(
      new TextPrompt(
        PHONE,
        async (pc) => !!understandingOf(pc.context, deps).entities.phoneNumber || pc.attemptCount >= 3,
      ),
    );
    this.addDialog(
      new WaterfallDialog(`${CARERS_ASSESSMENT_DIALOG}.steps`, [
        (step) => this.offer(step),
        (step) => this.askName(step),
        (step) => this.askAnything(step),
        (step) => this.askContact(step),
        (step) => this.refer(step),
      ]),
    );
    this.initialDialogId = `${CARERS_ASSESSMENT_DIALOG}.steps`;
  }

  private numbers(step: WaterfallStepContext) {
    const service = servicesOf(step.context, this.deps);
    return {
      adultSocialCare: service.adultSocialCare.name,
      carersName: service.numbers.carersSupport.name,
      carersPhone: service.numbers.carersSupport.phone,
    };
  }

  private async offer(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    profile.role ??= 'carer';
    return step.prompt(CONFIRM, { prompt: this.deps.prompts.render('carersOffer', this.numbers(step), []) });
  }

  private async askName(step: WaterfallStepContext) {
    if (!step.result) {
      await step.context.sendActivity(this.deps.prompts.render('carersDeclined', this.numbers(step)));
      return step.endDialog();
    }
    const name = (await profileOf(step.context, this.deps)).said?.ownName;
    if (name) return step.next(name);
    return step.prompt(TEXT, { prompt: this.deps.prompts.render('carersName') });
  }

  private async askAnything(step: WaterfallStepContext) {
    valuesOf(step).carerName = String(step.result).slice(0, 200);
    return step.prompt(TEXT, { prompt: this.deps.prompts.render('carersAnything') });
  }

  private async askContact(step: WaterfallStepContext) {
    const said = String(step.result);
    valuesOf(step).notes = this.deps.commands.isDontKnow(said) || /^\s*no\b/i.test(said) ? '' : said.slice(0, 1000);
    const profile = await profileOf(step.context, this.deps);
    profile.callbackNumber ??= understandingOf(step.context, this.deps).entities.phoneNumber;
    if (profile.callbackNumber) return step.next();
    return step.prompt(PHONE, {
      prompt: this.deps.prompts.render('askCallback'),
      retryPrompt: this.deps.prompts.render('askCallbackRetry'),
    });
  }

  private async refer(step: WaterfallStepContext) {
    const profile = await profileOf(step.context, this.deps);
    profile.callbackNumber ??= understandingOf(step.context, this.deps).entities.phoneNumber;
    const service = servicesOf(step.context, this.deps);
    const { carerName, notes } = valuesOf(step) as { carerName: string; notes: string };
    const reason = "Carer's assessment requested (referral to adult social care)";
    const item = await this.deps.queue.create({
      kind: 'referral',
      disposition: 'routine',
      channel: step.context.activity.channelId,
      service: service.id,
      conversation: conversationOf(step.context, profile),
      summary: summaryFrom(profile, reason, {
        contact: { role: 'carer', relationship: 'carer (for themselves)' },
        problem: reason,
        answers: {
          route: 'carers_assessment',
          carerName,
          ...(notes ? { notes } : {}),
          referredTo: `${service.adultSocialCare.name} <${service.adultSocialCare.secureEmail}>`,
        },
      }),
      idempotencyKey: `${step.context.activity.conversation.id}:${step.context.activity.id ?? 'turn'}:carers`,
      createdBy: 'front-door-bot',
    });
    const values = {
      service: service.name,
      reference: item.reference,
      hubName: service.hub.name,
      hubPhone: service.hub.phone,
    };
    try {
      // Owed in the outbox with the item: retried until adult social care's mailbox accepts it, sent once.
      await this.deps.secureMessages.owe(
        {
          to: service.adultSocialCare.secureEmail,
          toName: service.adultSocialCare.name,
          subject: fill(this.content.subject, values),
          body: [
            fill(this.content.opening, values),
            '',
            `Carer: ${carerName}`,
            `Call-back number: ${profile.callbackNumber ?? 'not given: reply through the hub'}`,
            ...(notes ? ['', 'In their own words:', notes] : []),
          ].join('\n'),
          purpose: 'carers.assessment',
          idempotencyKey: `carers:${item._id}`,
        },
        item._id,
      );
    } catch (err) {
      // The queue item is the record of the request: the hub passes it on by hand when the mailbox refuses it.
      this.deps.logger.warn(
        { reference: item.reference, error: (err as Error).name },
        "carer's assessment request could not be stored for sending; the queue item is the hub's prompt to pass it on",
      );
    }
    await step.context.sendActivity(
      this.deps.prompts.render('carersStored', {
        ...this.numbers(step),
        reference: item.reference,
        spokenReference: spokenReference(item.reference),
      }),
    );
    return step.endDialog({ reference: item.reference });
  }
}
