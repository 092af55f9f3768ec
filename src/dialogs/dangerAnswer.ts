import type { TurnContext } from 'botbuilder';
import type { Answer } from '../intents/answers/answerRecogniser';
import { answerRecogniserFor } from '../language/conversationLanguage';
import { understandingOf, type DialogDeps } from './dialogDeps';

/** Digits, spoken digits and the words around a number given to ring back ("my number is", "call me on"). */
const NUMBER_WORDS =
  /\b(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|double|triple|my|mobile|phone|landline|number|is|its|call|ring|text|reach|contact|me|us|back|on|at|you|can|please|the)\b|[\d+()-]/gi;
/** What is left of "yes, my number is 07…" that is still only a word or two: the yes was to giving the number. */
const BARE_ANSWER_WORDS = 2;

/**
 * A yes / no / not-sure answer to a danger question, as the danger signs are read, except that a phone number given
 * instead ("07700 900456", "yes my number is oh seven seven …") is details, not an answer: a bare "yes" beside a number
 * is agreeing to give it, and never 999 advice on its own. What else the message says is still read ("yes he's in
 * danger, call me on 07…" is a yes). Undefined when there is no answer to the question.
 */
export function dangerAnswerOf(
  context: TurnContext,
  deps: DialogDeps,
  text: string,
  question: string,
): Answer | undefined {
  const answers = answerRecogniserFor(context);
  if (!understandingOf(context, deps).entities.phoneNumber) return answers.recognise(text, question);
  const rest = text
    .replace(NUMBER_WORDS, ' ')
    .replace(/[,.!?;:]/g, ' ')
    .trim();
  if (rest.split(/\s+/).filter(Boolean).length <= BARE_ANSWER_WORDS) return undefined;
  return answers.recognise(rest, question);
}
