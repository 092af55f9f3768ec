import { ChoiceFactory, ComponentDialog, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { choicePrompt } from './buttonPrompts';
import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { hoursAsSaid } from '../content/services';
import { IDENTITY_DIALOG, type IdentityResult } from './identityDialog';
import { valuesOf, profileOf, servicesOf, type DialogDeps } from './dialogDeps';

export const ENQUIRY_DIALOG = 'enquiry';
const TOPIC = 'enquiry.topic';

const TOPICS = ['hours', 'keyWorker', 'numbers', 'area', 'carers', 'socialCareOoh'] as const;
type Topic = (typeof TOPICS)[number];
const topicSchema = z.object({ label: z.string(), keywords: z.array(z.string().min(2)).min(1) });
const topicsSchema = z.object({
  review: reviewSchema,
  topics: z.object(Object.fromEntries(TOPICS.map((t) => [t, topicSchema])) as Record<Topic, typeof topicSchema>),
});

export interface EnquiryOptions {
  text?: string;
}

/** Hours, key worker (verified only), numbers, area covered, carers' support, social care out of hours. */
export class EnquiryDialog extends ComponentDialog {
  private readonly topics = readContentFile('prompts/enquiry-topics.yaml', topicsSchema).topics;

  constructor(private readonly deps: DialogDeps) {
    super(ENQUIRY_DIALOG);
    const topic = choicePrompt(TOPIC, deps);
    this.addDialog(topic);
    this.addDialog(
      new WaterfallDialog(`${ENQUIRY_DIALOG}.steps`, [
        (step) => this.chooseTopic(step),
        (step) => this.verifyForKeyWorker(step),
        (step) => this.answer(step),
      ]),
    );
    this.initialDialogId = `${ENQUIRY_DIALOG}.steps`;
  }

  /** The topic whose keywords the question mentions, if exactly one stands out. */
  topicOf(text: string): Topic | undefined {
    const lower = text.toLowerCase();
    const scored = TOPICS.map((t) => [t, this.topics[t].keywords.filter((k) => lower.includes(k)).length] as const)
      .filter(([, score]) => score > 0)
      .sort((a, b) => b[1] - a[1]);
    if (scored.length === 0 || (scored.length > 1 && scored[0][1] === scored[1][1])) return undefined;
    return scored[0][0];
  }

  private async chooseTopic(step: WaterfallStepContext) {
    const found = this.topicOf((step.options as EnquiryOptions).text ?? '');
    if (found) return step.next({ index: TOPICS.indexOf(found) });
    return step.prompt(TOPIC, {
      prompt: this.deps.prompts.render('enquiryTopics', {}, []),
      choices: ChoiceFactory.toChoices(TOPICS.map((t) => this.topics[t].label)),
    });
  }

  private async verifyForKeyWorker(step: WaterfallStepContext) {
    valuesOf(step).topic = TOPICS[step.result.index];
    if (valuesOf(step).topic !== 'keyWorker') return step.next();
    return step.beginDialog(IDENTITY_DIALOG);
  }

  private async answer(step: WaterfallStepContext) {
    const { prompts } = this.deps;
    const services = servicesOf(step.context, this.deps);
    const topic = valuesOf(step).topic as Topic;
    switch (topic) {
      case 'hours':
        await step.context.sendActivity(
          prompts.render('hours', {
            hubName: services.hub.name,
            hubHours: hoursAsSaid(services.hub.hours),
            nightFrom: services.nightNursing.from,
            nightTo: services.nightNursing.to,
            nightPhone: services.nightNursing.phone,
          }),
        );
        break;
      case 'keyWorker': {
        if (!(step.result as IdentityResult | undefined)?.verified) return step.endDialog();
        const profile = await profileOf(step.context, this.deps);
        const patient = await this.deps.directory.findById(profile.patientId!);
        const whose = profile.role === 'carer' ? `${patient!.givenName}'s` : 'Your';
        await step.context.sendActivity(
          prompts.render('keyWorker', {
            whose_cap: whose,
            name: patient!.keyWorker.name,
            role: patient!.keyWorker.role,
            hubPhone: services.hub.phone,
          }),
        );
        break;
      }
      case 'numbers': {
        const list = Object.values(services.numbers).map((n) => `${n.name}: ${n.phone}`);
        await step.context.sendActivity(prompts.render('numbers', { list: list.join('\n') }));
        break;
      }
      case 'area':
        await step.context.sendActivity(
          prompts.render('area', {
            description: services.area.description,
            practices: services.area.gpPractices.join(', '),
          }),
        );
        break;
      case 'carers':
        await step.context.sendActivity(prompts.render('carers', services.numbers.carersSupport));
        break;
      case 'socialCareOoh':
        await step.context.sendActivity(prompts.render('socialCareOoh', services.numbers.socialCareOutOfHours));
        break;
    }
    return step.endDialog();
  }
}
