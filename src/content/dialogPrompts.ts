import { MessageFactory, type Activity } from 'botbuilder';
import { z } from 'zod';
import { givenListSchema, type GivenList } from './givenList';
import { fill } from './placeholders';
import { readContentFile, reviewSchema } from './readContentFile';

const promptSchema = z.object({
  text: z.string().min(1),
  speak: z.string().min(1),
  actions: z.array(z.string().min(1)).optional(),
});
type Prompt = z.infer<typeof promptSchema>;

const dialogPromptsSchema = z.object({
  review: reviewSchema,
  messages: z.record(z.string(), promptSchema),
  identityGivenList: givenListSchema,
});

export type Vars = Record<string, string | number>;

/** The channelData field naming the message an activity was rendered from, and its values. */
export const PROMPT_SOURCE = 'promptSource';

export interface PromptSource {
  key: string;
  vars: Vars;
}

/** Fills {placeholders}; a missing value is a bug in the dialog, so it throws rather than saying "{name}". */
function fillAll(template: string, vars: Vars, key: string): string {
  return fill(template, vars, (name) => {
    throw new Error(`prompt ${key}: no value for {${name}}`);
  });
}

/** Every message the dialogs send, from content/prompts/dialogs.yaml, rendered with text, speak and actions. */
export class DialogPrompts {
  private constructor(
    private readonly messages: Record<string, Prompt>,
    /** The English words of {given} in the identity check's sentences ("the NHS number and date of birth"). */
    readonly givenList: GivenList,
    /** Values every message may use, fixed by the configuration (which record a summary is filed to). */
    private readonly fixed: Vars = {},
  ) {}

  static load(): DialogPrompts {
    const { messages, identityGivenList } = readContentFile('prompts/dialogs.yaml', dialogPromptsSchema);
    return new DialogPrompts(messages, identityGivenList);
  }

  /**
   * The same messages, saying which record a verified person's contact summary is filed to (`{careRecord}`): the
   * community health record on a real record system, the demonstration's own record on the demo one.
   */
  forRecord(kind: 'demo' | 'fhir'): DialogPrompts {
    const careRecord = this.text(kind === 'fhir' ? 'careRecordFhir' : 'careRecordDemo');
    return new DialogPrompts(this.messages, this.givenList, { ...this.fixed, careRecord });
  }

  has(key: string): boolean {
    return key in this.messages;
  }

  /** A message activity; `actions` replaces the content's suggested actions when the choices are computed. */
  render(key: string, vars: Vars = {}, actions?: string[]): Partial<Activity> {
    const prompt = this.messages[key];
    if (!prompt) throw new Error(`prompt ${key} is not in content/prompts/dialogs.yaml`);
    const text = fillAll(prompt.text, { ...this.fixed, ...vars }, key);
    const speak = fillAll(prompt.speak, { ...this.fixed, ...vars }, key);
    const choices = actions ?? prompt.actions;
    const activity = choices?.length
      ? MessageFactory.suggestedActions(choices, text, speak)
      : MessageFactory.text(text, speak);
    // Which message it is and its values, so a conversation in another language can say it in that language
    // (src/language/localiser.ts takes this off before anything is sent).
    activity.channelData = { [PROMPT_SOURCE]: { key, vars: { ...this.fixed, ...vars } } };
    return activity;
  }

  /** Every message's English, by key (the languages' catalogues are checked against it). */
  all(): Record<string, Prompt> {
    return this.messages;
  }

  /** The plain text of a message, for composing into another. */
  text(key: string, vars: Vars = {}): string {
    return fillAll(this.messages[key]?.text ?? '', { ...this.fixed, ...vars }, key);
  }
}

