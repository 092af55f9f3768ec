import type { TurnContext } from 'botbuilder';
import { AnswerRecogniser } from '../intents/answers/answerRecogniser';
import { ChoiceRecogniser, type ChoiceWords } from '../intents/answers/choiceRecogniser';
import { foldedTokens } from '../intents/answers/answerRecogniser';
import type { Locale } from './localeCatalogue';

const LANGUAGE = Symbol('conversationLanguage');

/** The bot says each turn which language the conversation is in (issue 22), before any dialog runs. */
export function setLanguageOf(context: TurnContext, locale: Locale | undefined): void {
  context.turnState.set(LANGUAGE, locale);
}

/** The conversation's language when it is not English: its journeys' content and the language. */
export function languageOf(context: TurnContext): Locale | undefined {
  return context.turnState.get(LANGUAGE) as Locale | undefined;
}

/** The BCP 47 tag dates and times are written with: "pl", or en-GB for English. */
export function dateLocaleOf(context: TurnContext): string {
  return languageOf(context)?.language.code ?? 'en-GB';
}

const choices = new Map<string, ChoiceRecogniser>();
const answers = new Map<string, AnswerRecogniser>();

/** The answers recogniser for the conversation: English, or English and the conversation's language. */
export function answerRecogniserFor(context: TurnContext): AnswerRecogniser {
  const locale = languageOf(context);
  return locale ? answerRecogniserIn(locale) : AnswerRecogniser.load();
}

/** English and the language's answer words, built once per language. */
export function answerRecogniserIn(locale: Locale): AnswerRecogniser {
  let recogniser = answers.get(locale.language.code);
  if (!recogniser) {
    recogniser = AnswerRecogniser.withWords(locale.content.answers);
    answers.set(locale.language.code, recogniser);
  }
  return recogniser;
}

/**
 * The choice recogniser for the conversation: English, or one that also reads the language's words for each option,
 * its ordinals ("drugi", "el segundo") and its button labels, through the same matching (issue 22).
 */
export function choiceRecogniserFor(context: TurnContext): ChoiceRecogniser {
  const locale = languageOf(context);
  if (!locale) return ChoiceRecogniser.load();
  let recogniser = choices.get(locale.language.code);
  if (!recogniser) {
    recogniser = localChoiceRecogniser(locale);
    choices.set(locale.language.code, recogniser);
  }
  return recogniser;
}

function localChoiceRecogniser(locale: Locale): ChoiceRecogniser {
  const english = ChoiceRecogniser.englishWords();
  const local = locale.content.answers;
  const prompts: ChoiceWords['prompts'] = {};
  for (const [id, prompt] of Object.entries(english.prompts)) {
    const more = local.options[id] ?? {};
    const options = Object.fromEntries(
      [...new Set([...Object.keys(prompt.options), ...Object.keys(more)])].map((label) => [
        label,
        [...(prompt.options[label] ?? []), ...(more[label] ?? [])],
      ]),
    );
    prompts[id] = { ...prompt, options };
  }
  const words: ChoiceWords = {
    ...english,
    ordinals: english.ordinals.map((list, place) => [...list, ...(local.ordinals[place] ?? [])]),
    last: [...english.last, ...local.last],
    negators: [...english.negators, ...local.negators],
    prompts,
  };
  const labelWords = Object.fromEntries(Object.entries(locale.content.labels).map(([en, l]) => [en, [l]]));
  return new ChoiceRecogniser(words, AnswerRecogniser.withWords(local), foldedTokens, labelWords);
}
