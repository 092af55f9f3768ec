import { z } from 'zod';
import { messageSchema, type Message } from '../content/prompts';
import { readContentFile, reviewSchema } from '../content/readContentFile';

const schema = z.object({
  review: reviewSchema,
  messages: z.object({ joined: messageSchema, handedBack: messageSchema, closed: messageSchema }),
});

export type TakeoverMessage = keyof z.infer<typeof schema>['messages'];

/** The words the patient sees when a person joins, hands back or finishes: content/hub/takeover.yaml. */
export class TakeoverPrompts {
  constructor(private readonly messages: Record<TakeoverMessage, Message>) {}

  static load(): TakeoverPrompts {
    return new TakeoverPrompts(readContentFile('hub/takeover.yaml', schema).messages);
  }

  render(name: TakeoverMessage, staffName: string): Message {
    const fill = (s: string) => s.replaceAll('{name}', staffName);
    return { text: fill(this.messages[name].text), speak: fill(this.messages[name].speak) };
  }
}
