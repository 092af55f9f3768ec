import { createNormaliser } from '../../../src/intents/normalise';
import { loadRedFlags } from '../../../src/intents/redFlags';

// Safety-k round, over-triage (issue 16, hazards H130-H135): kinds of false 999, each in wording of its own (not a
// blind row's), each beside the real emergency in the same form that must keep its 999.
const normalise = createNormaliser();
const screen = loadRedFlags();
const read = (text: string) => screen.read(normalise(text));
const is999 = (text: string) => read(text).hits.some((h) => h.disposition === 'emergency_999');
const modifiersOf = (text: string, id: string) => read(text).findings.find((f) => f.id === id)?.modifiers;

describe('a distant past told in the past tense is history to the start of its clause (H130)', () => {
  it('reaches back past the usual six words when nothing in the clause is in the present', () => {
    const text = 'my father went completely unresponsive for a minute or so at my brothers graduation 15 years ago';
    expect(modifiersOf(text, 'unresponsive')).toContain('historical');
    expect(is999(text)).toBe(false);
  });

  it('keeps the usual window when the clause says it is happening now', () => {
    expect(is999('his face is drooping on one side like when he had the stroke years ago')).toBe(true);
    expect(is999('her face drooping on one side just like the stroke she had years ago')).toBe(true);
  });

  it('a noun ending in -ing does not put a clause in the present', () => {
    const text = 'I passed out and was unconscious briefly at a christening 30 years ago, is that relevant';
    expect(is999(text)).toBe(false);
  });

  it('"fully recovered" after a dated event negates what came before it in the sentence, across commas', () => {
    const text =
      'grandad blacked out at the shop last month and was unresponsive for a minute or two, he has fully recovered';
    expect(is999(text)).toBe(false);
  });

  it('…but not without a date (a TIA that has passed is still 999), over what is so now, or only thought of', () => {
    expect(is999('her face drooped and her speech went funny for ten minutes, she has fully recovered now')).toBe(true);
    expect(is999('he collapsed in the kitchen and is not breathing, I thought he had fully recovered')).toBe(true);
    expect(is999('she is going blue and can not breathe, she had made a full recovery from the flu')).toBe(true);
  });
});

describe('free of a finding is its absence (H131)', () => {
  it.each(['she has been fit free for three years now and wants to come off her tablets'])('%s', (text) => {
    expect(is999(text)).toBe(false);
  });

  it('a finding that is not followed by "free" stays current', () => {
    expect(is999('she has been fitting for ten minutes and will not come round')).toBe(true);
  });
});

describe('names of things, listed or read out of order, are not a finding now (H132)', () => {
  it('findings listed before one naming word all name the thing', () => {
    const text = 'could you run a sepsis and stroke awareness morning for our volunteers';
    expect(modifiersOf(text, 'sepsis_named')).toContain('hypothetical');
    expect(is999(text)).toBe(false);
  });

  it('a refresher names its topic, and cases name a kind of work', () => {
    expect(is999('when is the next choking refresher for the night staff')).toBe(false);
    expect(is999('as a paramedic student I would love to see how you manage sepsis cases')).toBe(false);
  });

  it('a naming word after any part of a finding found out of order', () => {
    const text = 'does the chest pain clinic or the rapid access chest pain clinic send the letter';
    expect(read(text).findings.find((f) => f.id === 'chest_pain')?.current).toBe(false);
  });

  it('a list joined by "and" to a clause of its own is not a name: "choking and the first aid kit"', () => {
    expect(is999('he is choking and the first aid kit is empty')).toBe(true);
    expect(is999('she has chest pain and the clinic letter says nothing about it')).toBe(true);
  });
});

describe('figures of speech and questions out of interest (H133)', () => {
  it.each([
    // "gave me a heart attack" with any subject, and its words never an assault.
    'the fire alarm test gave me a heart attack this morning, it is so loud',
    // Laughter after "on".
    'my niece was choking on giggles at the cat video, wrong chat sorry',
    // Food burnt, not a person.
    'kitchen full of smoke after I burnt the sausages, anyway when is my next visit',
    // How first aid is done, asked as a fact, and a question for a quiz or a project.
    'how many chest compressions per minute should you do in CPR',
    'for a pub quiz: how long can you go without breathing before you pass out',
    'my daughter has to do a college project on strokes, could she ask one of your nurses',
    'can I ask what happens when someone rings you with a stroke, I am a journalist',
  ])('%s', (text) => {
    expect(is999(text)).toBe(false);
  });

  it.each([
    'the tablets gave him a rash and now his lips are swelling and he can not breathe',
    'he is choking on a sweet and going blue',
    'she burnt her face and chest with boiling water',
    'how do I do CPR he is not breathing',
    'how many chest compressions do I do he is not breathing',
    'what happens now, my husband is not breathing',
  ])('the emergency in the same form keeps its 999: %s', (text) => {
    expect(is999(text)).toBe(true);
  });
});

describe('history, look-alikes and absence told in other words (H134)', () => {
  it.each([
    // "Nothing like" is a negation.
    'nothing like chest pain, just heartburn after my tea',
    // A coloured sweet or drink named as the cause of a colour.
    'his lips went blue from the blue raspberry slushie at the cinema',
    // Childhood in any words.
    'my brother had a fit as a teenager, is that on his record',
    // Already seen by a crew who came for it.
    'the paramedics came on Sunday for her collapse and said it was a faint, can we rebook the physio',
    // A long-standing problem.
    'dad has had seizures off and on for years, the epilepsy nurse knows him, please can we change the visit',
    // A season last year, to the start of a clause told in the past.
    'passed out from the heat on the beach last summer, is it worth mentioning',
    // A past event feared to come again is not happening again.
    'my nan had sepsis last year and we are worried about it happening again, which signs matter',
    'he had a stroke last year and I am scared he will have another one',
  ])('%s', (text) => {
    expect(is999(text)).toBe(false);
  });

  it.each([
    'I have had nothing like this chest pain before, it is crushing',
    'his lips have gone blue and he is not breathing after eating sweets',
    // The past event happening again is told by pointing back at it: no history cue counts then.
    'he had a fit as a teenager and is having another one now that will not stop',
    'the paramedics came for his chest pain and he still has it, crushing',
    'she is having a seizure that has lasted ten minutes, she has had epilepsy for years',
    'he passed out last summer and now he has collapsed again and will not wake',
    'she had a stroke in 2020 and it is happening again, her face has gone',
  ])('the emergency in the same form keeps its 999: %s', (text) => {
    expect(is999(text)).toBe(true);
  });
});

describe('an answer that clears a danger sign is not one (H135)', () => {
  it.each([
    'no, he has a cold but no trouble breathing',
    'she has had no problems breathing today, just the cough',
    'no, she has been fitting less often since the new tablets',
  ])('%s', (text) => {
    expect(is999(text)).toBe(false);
  });

  it.each([
    'no, he is not breathing',
    'there is no breathing at all and he is blue',
    'she is fitting and will not stop',
  ])('the emergency in the same form keeps its 999: %s', (text) => {
    expect(is999(text)).toBe(true);
  });
});
