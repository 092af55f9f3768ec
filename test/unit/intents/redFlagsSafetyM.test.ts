import { createNormaliser } from '../../../src/intents/normalise';
import { loadRedFlags } from '../../../src/intents/redFlags';

// Safety-m round (issue 16, hazards H213-H215): kinds of emergency the screen sent too low, each told here in wording
// of our own, with look-alikes that must not move.
const normalise = createNormaliser();
const screen = loadRedFlags();
const most = (text: string) => screen.read(normalise(text)).hits[0]?.disposition ?? 'none';
const hits = (text: string) => screen.read(normalise(text)).hits.map((h) => h.id);

describe('emergencies told by their signs rather than their names (H213)', () => {
  it.each([
    ['he went dizzy all at once and his eyes keep flicking, he cannot stand without falling', 'stroke_fast'],
    ['she keeps toppling over to the left and her eyes are jumping', 'stroke_fast'],
    [
      'my lad has been really thirsty and weeing all the time, today he is drowsy and breathing deeply',
      'diabetic_ketoacidosis',
    ],
    ['constantly thirsty and wetting the bed again, now vomiting since lunch', 'diabetic_ketoacidosis'],
    ['he is on insulin, very sleepy and sweating a lot, will not eat anything', 'severe_hypoglycaemia'],
    ['my daughter has a stiff neck and is sensitive to light', 'meningitis'],
    [
      'my toddler fell down the stairs, there is a big swelling on his head and he has been sick',
      'head_injury_anticoagulant',
    ],
    ['dad was in the shed all night, he is freezing to touch and very drowsy', 'sepsis'],
    ['she had twins last week and now she believes the babies are possessed', 'postpartum_psychosis'],
    ['new mum, has not slept for days and is hearing voices', 'postpartum_psychosis'],
    ['sciatica for a month and now there is no feeling around my groin', 'surgical_emergency'],
    ['bad back and I have pins and needles on the toilet paper when I wipe', 'surgical_emergency'],
  ])('"%s" is 999 (%s)', (text, id) => {
    expect(hits(text)).toContain(id);
    expect(most(text)).toBe('emergency_999');
  });

  it('keeps look-alikes below 999', () => {
    expect(most('she is drinking lots of water with this cold')).not.toBe('emergency_999');
    expect(most('he is on insulin and sweating in this heat, otherwise fine')).not.toBe('emergency_999');
    expect(most('had a baby last year, can I get a visit for my own dressing')).not.toBe('emergency_999');
    expect(most('the house is freezing, the heating has broken')).not.toBe('emergency_999');
  });
});

describe('Scots and regional forms are read as English (H214)', () => {
  it.each([
    ['he cannae get his words oot since teatime', 'stroke_fast'],
    ['she couldnae lift her airm this morning', 'stroke_fast'],
  ])('"%s" is %s', (text, id) => {
    expect(hits(text)).toContain(id);
  });
});

describe('2-hour community needs told in other words (H215)', () => {
  it.each([
    ['he could walk with his frame yesterday, now needs two carers and the hoist', 'new_loss_of_mobility'],
    [
      'dad keeps saying there are strangers in the garden, he thinks he has to go to work, he retired in 1990',
      'acute_confusion_or_drowsiness',
    ],
    ['her insulin pen has broken and the nurse is not due, her dose is at six', 'critical_medicine_out'],
    ['he has stopped eating and drinking since Sunday and is very drowsy', 'dehydration'],
  ])('"%s" is %s', (text, id) => {
    expect(hits(text)).toContain(id);
    expect(most(text)).toBe('urgent_2h');
  });

  it('keeps a working pen, a poor appetite alone and a routine hoist review below 2 hours', () => {
    expect(hits('her insulin pen is working fine now, thanks')).not.toContain('critical_medicine_out');
    expect(most('he has gone off his food a bit this week but is drinking fine')).not.toBe('urgent_2h');
    expect(most('could someone review whether mum needs a hoist at her next visit')).not.toBe('urgent_2h');
  });
});
