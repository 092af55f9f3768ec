import { clinicalRuleSchema } from '../../../src/intents/clinicalRules';
import { createNormaliser } from '../../../src/intents/normalise';
import { loadRedFlags } from '../../../src/intents/redFlags';

const normalise = createNormaliser();
const screen = loadRedFlags();
const flagsOf = (text: string) => screen.screen(normalise(text)).map((f) => f.id);

describe('red-flag screen', () => {
  it.each([
    ["he's not breathing", 'not_breathing'],
    ['she has stopped breathing', 'not_breathing'],
    ['my dad isnt breathing', 'not_breathing'],
    ['mum wont wake up', 'not_breathing'],
    ["he's collapsed", 'unresponsive'],
    ['she passed out in the kitchen', 'unresponsive'],
    ['he is unconsious', 'unresponsive'],
    ['cant breath', 'severe_breathlessness'],
    ["I can't breathe", 'severe_breathlessness'],
    ['she is gasping for air', 'severe_breathlessness'],
    ['chest pains', 'cardiac_chest_pain'],
    ['his chest is really tight and the pain is going down his arm', 'cardiac_chest_pain'],
    ['her face has dropped and her speech is slurred', 'stroke_fast'],
    ['I think mum is having a stroke', 'stroke_fast'],
    ['his tongue is swelling up after the antibiotics', 'anaphylaxis'],
    ['blood everywhere and it will not stop', 'uncontrolled_bleeding'],
    ['he is having a fit', 'seizure'],
    ['my wife is fitting', 'seizure'],
    ['I have taken all my tablets', 'overdose_suicidal'],
    ['I want to kill myself', 'overdose_suicidal'],
    ["I don't want to live any more", 'overdose_suicidal'],
    ['grandad fell and hit his head, he takes apixaban', 'head_injury_anticoagulant'],
    ['her sugar is low and she is very drowsy', 'severe_hypoglycaemia'],
    ['he is hot and shivering and his skin is mottled', 'sepsis'],
    ['a rash that does not fade under a glass', 'sepsis'],
    ['the catheter is blocked', 'blocked_catheter'],
    ['the syringe driver is alarming', 'syringe_driver'],
    ['mum is dying and very agitated', 'end_of_life_distress'],
  ])('%s → %s', (text, id) => {
    expect(flagsOf(text)).toContain(id);
  });

  it.each([
    'no chest pain',
    'he has no chest pain but a cough',
    "she doesn't have any chest pain",
    'no breathing problems',
    'what should I do if he gets chest pain',
    'my dad had a stroke in 2019 and needs his catheter changed',
    'she had a heart attack five years ago',
    'he had a seizure last year and is on seizure medication',
    'the nurse is fitting a new dressing',
    'I need to change my appointment',
    'my ankles are swollen',
    'hello',
    '',
  ])('does not fire on %j', (text) => {
    expect(flagsOf(text).filter((id) => !['blocked_catheter', 'syringe_driver'].includes(id))).toEqual([]);
  });

  it('a negation in one clause does not reach the next', () => {
    expect(flagsOf('no chest pain, but he cannot breathe')).toContain('severe_breathlessness');
    expect(flagsOf('No fever. Now he is unresponsive')).toContain('unresponsive');
  });

  it('"not breathing" is the emergency, not a negation of it', () => {
    expect(flagsOf('he is not breathing')).toEqual(['not_breathing']);
  });

  it('every hit carries a message, a spoken message, a category and its source', () => {
    for (const hit of screen.screen(normalise('chest pains and he has collapsed'))) {
      expect(hit.message.length).toBeGreaterThan(10);
      expect(hit.speak).toBeTruthy();
      expect(hit.category).toBeTruthy();
      expect(hit.source).toBeTruthy();
      expect(hit.disposition).toBe('emergency_999');
    }
  });
});

describe('rule content', () => {
  it('rejects a rule whose pattern is not a valid regular expression, naming the field', () => {
    const result = clinicalRuleSchema.safeParse({
      id: 'broken',
      category: 'x',
      disposition: 'urgent_2h',
      source: 'test',
      patterns: ['(unclosed'],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['patterns', 0]);
  });

  it('rejects an unknown disposition', () => {
    expect(
      clinicalRuleSchema.safeParse({ id: 'x', category: 'x', disposition: 'soonish', source: 's', patterns: ['a'] })
        .success,
    ).toBe(false);
  });
});
