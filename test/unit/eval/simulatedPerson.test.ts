import { asksQuestion } from '../../../scripts/safety/safetyEval';
import { DialogPrompts } from '../../../src/content/dialogPrompts';

// The safety evaluation's simulated person answers what the bot asks. A question followed by how to answer it is still
// a question: a crew asked for observations ("…alert or not? Reply "none" if not taken.") went silent, so their
// handover never reached the queue and the evaluation counted a 2-hour case as sent nowhere.
describe('safety evaluation: when the bot is asking', () => {
  const prompts = DialogPrompts.load();

  it.each(['proObservations', 'carersAnything'])('%s, a question and then how to answer it, is asked', (key) => {
    expect(asksQuestion(prompts.text(key))).toBe(true);
  });

  it('takes a question with a reply instruction after it, in our words or new ones', () => {
    expect(asksQuestion('Observations, if you have them? Reply "none" if not taken.')).toBe(true);
    expect(asksQuestion('Is it ordered? Say "none" if nothing.')).toBe(true);
    expect(asksQuestion('Which day suits you?')).toBe(true);
  });

  it('does not take a statement, or a question answered before a statement, as asking', () => {
    expect(asksQuestion("I'm putting you through to the duty clinician now.")).toBe(false);
    expect(asksQuestion('Is it urgent? We will call you back within 2 hours.')).toBe(false);
    expect(asksQuestion('Thank you. Take care.')).toBe(false);
  });
});
