import { createNormaliser } from '../../../src/intents/normalise';
import { loadRedFlags } from '../../../src/intents/redFlags';

// Safety-l round (issue 16, hazards H176-H184): kinds of 2-hour case and emergency the screen sent too low, and kinds
// of ordinary message it sent to 999, each told here in wording of our own, with look-alikes that must not move.
const normalise = createNormaliser();
const screen = loadRedFlags();
const most = (text: string) => screen.read(normalise(text)).hits[0]?.disposition ?? 'none';
const hits = (text: string) => screen.read(normalise(text)).hits.map((h) => h.id);
const modifiersOf = (text: string, id: string) =>
  screen.read(normalise(text)).findings.find((f) => f.id === id)?.modifiers;

describe('2-hour community needs told in other words (H176-H178)', () => {
  it.each([
    ['his blood sugars have been falling all evening, he is on gliclazide', 'unstable_blood_sugar'],
    ['the libre keeps going low even after she had toast', 'unstable_blood_sugar'],
    ['she was sent home from hospital this morning and nobody to help, no carers', 'not_managing_at_home'],
    ['he came out of hospital on Friday and is not coping at home at all, cannot wash himself', 'not_managing_at_home'],
    ['my husband has flu and can no longer get himself to the toilet', 'new_loss_of_mobility'],
    ['the zimmer frame has broken and she cannot walk without it', 'not_managing_at_home'],
    ['he is nearing the end and can no longer swallow his morphine', 'end_of_life_distress'],
    ['nan has Alzheimers and tonight she is lashing out, never like this', 'delirium_behaviour_change'],
    ['the meter says 27 and he feels rotten', 'very_high_blood_sugar'],
  ])('"%s" is %s', (text, id) => {
    expect(hits(text)).toContain(id);
    expect(most(text)).toMatch(/urgent_2h|emergency_999/);
  });

  it('keeps a repair, a settled reading and a wish as what they are', () => {
    expect(most('the walking frame is a bit wobbly, could someone look at it')).not.toBe('urgent_2h');
    expect(hits('no trouble with his sugars dropping since the new tablets')).not.toContain('unstable_blood_sugar');
    expect(hits('mum cannot manage on her own any more, we are looking at care homes for next year')).not.toContain(
      'not_managing_at_home',
    );
  });
});

describe('wounds are 2-24 hour nursing needs, found so that they reach a nurse today (H179)', () => {
  it.each([
    ['a new grade 4 pressure sore on his heel with slough in it', 'deep_pressure_ulcer'],
    ['caught her arm on the door frame, skin tear with a flap', 'skin_tear'],
    ['his legs are seeping fluid through the dressings onto the floor', 'wound_exudate_strikethrough'],
  ])('"%s" is %s, same day', (text, id) => {
    expect(hits(text)).toContain(id);
    expect(most(text)).toBe('same_day');
  });

  it('a leaking catheter bag is not a leaking leg', () => {
    expect(hits('the catheter bag is leaking onto the carpet')).not.toContain('wound_exudate_strikethrough');
  });
});

describe('emergencies without the words the rules knew (H181-H182)', () => {
  it.each([
    ['knocked off his bike by a van an hour ago and now his stomach is hurting and he feels faint', 'road_trauma'],
    ['passing big clots of blood in her poo and she looks grey', 'heavy_rectal_bleeding'],
    ['my brother messaged me goodbye and sorry for everything and now his phone is off', 'goodbye_then_silence'],
    ['all of a sudden she could not see anything out of her right eye', 'stroke_fast'],
    ['he was eating a steak then clutched at his throat and went quiet', 'unresponsive'],
    ['dad is slumped in the chair and not conscious', 'unresponsive'],
    ['been lying on the bathroom floor since saturday', 'long_lie_or_fracture'],
    ['his wound will not stop bleeding and he has gone cold and clammy', 'bleeding_with_shock'],
    ['we pulled her out of the kitchen fire and now she is muddled and coughing', 'poisoning'],
  ])('"%s" is 999 (%s)', (text, id) => {
    expect(hits(text)).toContain(id);
    expect(most(text)).toBe('emergency_999');
  });

  it('a bump in the car park with nothing wrong is not major trauma, and a goodbye at the end of a chat is not one', () => {
    expect(hits('we had a car accident last month, just want to move my appointment')).not.toContain('road_trauma');
    expect(most('the toaster caught fire this morning, nobody hurt, can you still visit')).not.toBe('emergency_999');
    expect(hits('goodbye and thanks, sorry for everything I put you through today')).not.toContain(
      'goodbye_then_silence',
    );
  });
});

describe('ordinary messages that are not 999 (H184)', () => {
  it.each([
    "I'm putting together a project on stroke for my sixth form, what are the first signs?",
    'my daughter is doing a poster about choking for school, do you have leaflets',
    'the film we watched last night where the man collapsed on the train, is that how cardiac arrest looks',
    'was the lady who fainted in reception last week alright?',
    'his fingers go white and blue in the cold because of his Raynauds',
    'she stops breathing for a few seconds in her sleep and snores, the GP knows',
    'my mobile drowned in the sink so please use my landline',
    "writing a letter to the council about my mum's care",
  ])('"%s" is not 999', (text) => {
    expect(most(text)).not.toBe('emergency_999');
  });

  it('still gives 999 for the same words told as happening now', () => {
    expect(most('he stopped breathing in his sleep and we cannot wake him')).toBe('emergency_999');
    expect(most('I am writhing in pain with crushing chest pain')).toBe('emergency_999');
    expect(most('her lips are going blue, she has Raynauds but this is different and she is gasping')).toBe(
      'emergency_999',
    );
  });
});

describe('an account doubted by someone worried about abuse is not a fall now (H183)', () => {
  it('reads "she said she fell" beside doubt or signs of abuse as her explanation, not a fall', () => {
    const text = 'there are grip marks on her arms, she says she tripped on the rug';
    expect(modifiersOf(text, 'fell')).toContain('hypothetical');
    expect(hits(text)).not.toContain('new_fall');
    expect(hits('he told staff he fell out of bed but his story keeps changing')).not.toContain('new_fall');
  });

  it('keeps a fall told by the person who fell, or with a need now, as a fall', () => {
    expect(hits('mum phoned, she said she fell in the garden this afternoon')).toContain('new_fall');
    expect(hits('she has bruises on her arms, she says she fell, she is on apixaban')).toContain('new_fall');
    expect(most('I do not believe him, but he says he fell and cannot get up off the floor')).toMatch(
      /urgent_2h|emergency_999/,
    );
  });
});
