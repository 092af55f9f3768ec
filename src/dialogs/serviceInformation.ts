import { MessageFactory, type Activity } from 'botbuilder';
import { z } from 'zod';
import { fill, textWith } from '../content/placeholders';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import { hoursAsSaid, type ServiceProfile } from '../content/services';

const PLACES = ['hubName', 'hubPhone', 'hubHours', 'urgentResponseName'];
const said = z.object({ text: z.string().min(1), speak: z.string().min(1) });
const schema = z.object({
  review: reviewSchema,
  asks: z.array(z.string().min(2)).min(1),
  notWhen: z.array(z.string().min(2)),
  topics: z.record(z.string(), said.extend({ words: z.array(z.string().min(3)).min(1) })),
  wayOn: z.object({
    text: textWith('hubName', 'hubPhone', 'hubHours'),
    speak: textWith('hubPhone', 'hubHours'),
    actions: z.array(z.string().min(1)).min(1),
  }),
});

/** Whole words or phrases, in lower case, as a pattern ("refer" is not "referee"; "nurses" is "nurses"). */
function phrases(list: string[]): RegExp {
  const escaped = list.map((p) =>
    p
      .toLowerCase()
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/[ -]+/g, '[\\s-]+'),
  );
  return new RegExp(`(?:^|[^a-z'])(?:${escaped.join('|')})(?![a-z])`);
}

/**
 * A general question about the service ("what does the rapid response team do?", "can I refer him myself?", "do you
 * do syringe drivers at home?", "is toenail cutting you?"), answered from content/services/information.yaml with no
 * identity questions: nothing personal is told, so nobody needs to be checked. Not a question about someone's own
 * visits or a task (`notWhen`), which their dialogs answer.
 */
export class ServiceInformation {
  private constructor(
    private readonly asks: RegExp,
    private readonly notWhen: RegExp,
    private readonly topics: { id: string; words: RegExp; text: string; speak: string }[],
    private readonly wayOn: z.infer<typeof schema>['wayOn'],
  ) {}

  static load(): ServiceInformation {
    const content = readContentFile('services/information.yaml', schema);
    for (const [id, t] of Object.entries(content.topics)) {
      for (const text of [t.text, t.speak])
        for (const [, name] of text.matchAll(/\{(\w+)\}/g))
          if (!PLACES.includes(name)) throw new Error(`services/information.yaml: topics.${id} uses {${name}}`);
    }
    return new ServiceInformation(
      phrases(content.asks),
      phrases(content.notWhen),
      Object.entries(content.topics).map(([id, t]) => ({ id, words: phrases(t.words), text: t.text, speak: t.speak })),
      content.wayOn,
    );
  }

  /** The topics a general question about the service asks about, in content order; none when it is not one. */
  topicsIn(message: string): string[] {
    const text = ` ${message.toLowerCase().replace(/[’‘]/g, "'")} `;
    if (!this.asks.test(text) || this.notWhen.test(text)) return [];
    return this.topics.filter((t) => t.words.test(text)).map((t) => t.id);
  }

  /** The answers, then the way on (a referral or a person, and the hub's number and hours). */
  answer(topics: string[], services: ServiceProfile): Partial<Activity>[] {
    const values = {
      hubName: services.hub.name,
      hubPhone: services.hub.phone,
      hubHours: hoursAsSaid(services.hub.hours),
      urgentResponseName: services.functions.urgentResponse?.name ?? 'rapid response team',
    };
    const answers = this.topics
      .filter((t) => topics.includes(t.id))
      .map((t) => MessageFactory.text(fill(t.text, values), fill(t.speak, values)));
    return [
      ...answers,
      MessageFactory.suggestedActions(
        this.wayOn.actions,
        fill(this.wayOn.text, values),
        fill(this.wayOn.speak, values),
      ),
    ];
  }
}
