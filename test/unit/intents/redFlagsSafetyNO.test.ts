import { createNormaliser } from '../../../src/intents/normalise';
import { loadRedFlags } from '../../../src/intents/redFlags';
import { loadTriageRules } from '../../../src/triage/triageRules';

// Safety-n/o round (issue 16, hazards H220-H224): kinds of emergency and 2-hour need the screen sent too low, each told
// here in wording of our own (never the blind sets' sentences), with look-alikes that must not move.
const normalise = createNormaliser();
const screen = loadRedFlags();
const most = (text: string) => screen.read(normalise(text)).hits[0]?.disposition ?? 'none';
const hits = (text: string) => screen.read(normalise(text)).hits.map((h) => h.id);

describe('suicide with a method, a place or tablets told indirectly (H220)', () => {
  it.each([
    ['standing on the motorway bridge now, do not send anyone, I just wanted to tell someone'],
    ['I am at the top of the multi storey, please do not try to stop me'],
    ['by the railway, I do not want an ambulance, leave me alone'],
    ['I am going to steer into a lorry on the way home, my mind is made up'],
    ['thinking of stepping out in front of a train after work'],
    ['I have cut my wrists deep and I want to carry on'],
    ['my son has cut his arms, it is deep, he says he wants to die'],
    ['I rang the crisis line earlier, I have already swallowed the pills'],
    ['I cannot go on any more, I took them all an hour ago'],
  ])('"%s" is 999', (text) => {
    expect(most(text)).toBe('emergency_999');
  });

  it('keeps look-alikes below 999', () => {
    expect(most('can I drive into town for my appointment tomorrow')).not.toBe('emergency_999');
    expect(most('I have already taken my tablets this morning, can the nurse come later')).not.toBe('emergency_999');
    expect(most('cut myself shaving, not deep, just want a plaster')).not.toBe('emergency_999');
    expect(most('we walked over the bridge to the clinic, which door is it')).not.toBe('emergency_999');
  });
});

describe('severe hypoglycaemia told by its signs, or with treatment failing (H221)', () => {
  it.each([
    ['he is type 1, dripping with sweat and trembling, we can not get him to swallow the glucose gel'],
    ['mum is diabetic, shaky and clammy and we cannot get anything into her mouth'],
    ['reading was 2.4, she has had two glasses of juice and it still will not go up'],
    ['having a hypo, sugar 2.8, he is not answering us properly'],
    ['my diabetic dad is sweating and now fitting on the sofa'],
  ])('"%s" is severe hypoglycaemia', (text) => {
    expect(hits(text)).toContain('severe_hypoglycaemia');
    expect(most(text)).toBe('emergency_999');
  });

  it('keeps look-alikes below 999', () => {
    expect(most('she is diabetic and sweating in this heat, otherwise fine')).not.toBe('emergency_999');
    expect(most('had a hypo at lunch, treated it, sugar now 6.2 and he is fine')).not.toBe('emergency_999');
  });
});

describe('emergencies told by signs without their name (H222)', () => {
  it.each([
    ['found my wife on the bedroom floor, her chest is not moving at all', 'not_breathing'],
    ['he is lying there and there is no rise and fall', 'not_breathing'],
    ['on rivaroxaban, slipped in the bathroom an hour ago and has been sick twice since', 'falling_consciousness'],
    ['care home resident, GCS has gone down from 14 to 10 since lunch', 'falling_consciousness'],
    ['my grandson slipped into the canal, we pulled him out, now he is very drowsy', 'water_rescue'],
    ['my little girl has croup and now there is a harsh noise every time she breathes in', 'unresponsive'],
    [
      'six weeks pregnant with stabbing pain low down on the left and I nearly passed out, feel dizzy',
      'ectopic_pregnancy',
    ],
    ['I am pregnant, about 8 weeks, and I have a pain in the tip of my shoulder', 'ectopic_pregnancy'],
    ['his operation wound has burst open and something is bulging out', 'wound_dehiscence'],
    ['the scar from her bowel op has opened and something is coming out of it', 'wound_dehiscence'],
    ['our baby is really floppy and will not wake for feeds', 'floppy_child'],
    ['he went stiff and now his arm and leg are jerking on one side, it has not stopped', 'seizure'],
    ['her ex is in the flat threatening to hit her, he will not let go of her', 'danger_now'],
    ['he went grey and is clutching his chest', 'cardiac_chest_pain'],
    ['came off his scooter and keeps asking what happened, he has been sick', 'major_injury'],
  ])('"%s" is 999 (%s)', (text, id) => {
    expect(hits(text)).toContain(id);
    expect(most(text)).toBe('emergency_999');
  });

  it('keeps look-alikes below 999', () => {
    expect(hits('the pain in my chest is not moving into my arm, it stays in one spot')).not.toContain('not_breathing');
    expect(most('we went in the pool at the leisure centre, all fine, can we book the next visit')).not.toBe(
      'emergency_999',
    );
    expect(most('six weeks pregnant and a bit dizzy in the mornings')).not.toBe('emergency_999');
    expect(most('her wound is healing well, one stitch is sticking out')).not.toBe('emergency_999');
    expect(hits('the dressing has come off and some fluid is coming out of it')).not.toContain(
      'acute_confusion_or_drowsiness',
    );
    expect(most('the ear of his toy rabbit is floppy')).not.toBe('emergency_999');
    expect(most('on apixaban, fell last month, no problems since, need a repeat prescription')).not.toBe(
      'emergency_999',
    );
  });

  it('reads a fall with a leg shortened and turned out as a fracture when the person cannot get up', () => {
    expect(hits('slipped on the path, cannot get up, her leg is turned outwards and looks shorter')).toContain(
      'long_lie_or_fracture',
    );
  });
});

describe('2-hour community needs told in other words (H223)', () => {
  it.each([
    ['her catheter has barely drained all afternoon and her lower tummy is tight', 'blocked_catheter'],
    ['dad is end of life, the needle for his syringe driver has come out of his skin', 'syringe_driver'],
    ['the syringe driver line is leaking onto the sheet', 'syringe_driver'],
    ["I've been kept in on the ward and my wife with dementia is alone at home", 'carer_unavailable'],
    ['my son has learning disabilities and I just cannot look after him tonight', 'carer_unavailable'],
    ['she is 91 and has had diarrhoea all morning, now wobbly when she stands', 'dehydration'],
    ['nan is dying at home, her feet are icy and the nurse said to call if that happened', 'end_of_life_changes'],
  ])('"%s" is 2 hours (%s)', (text, id) => {
    expect(hits(text)).toContain(id);
    expect(most(text)).toBe('urgent_2h');
  });

  it('keeps look-alikes below 2 hours', () => {
    expect(hits('the syringe driver site is a bit red but it is running fine')).not.toContain('syringe_driver');
    expect(most('I am 25, had a stomach bug, a bit dizzy, drinking well')).not.toBe('urgent_2h');
    expect(most('her hands are always cold, can we have a heated blanket')).not.toBe('urgent_2h');
  });

  it('reads a referrer asking for an urgent community response as 2 hours, not a question about the service', () => {
    const rules = loadTriageRules();
    const ids = (text: string) => rules.match(normalise(text)).map((h) => h.id);
    expect(ids('paramedic on scene, 84F uninjured after a fall, requesting a UCR visit')).toContain(
      'response_within_2_hours',
    );
    expect(ids('111 here, patient needs an urgent community response for worsening breathlessness')).toContain(
      'response_within_2_hours',
    );
    expect(ids('what number do I ring for UCR referrals')).not.toContain('response_within_2_hours');
    expect(ids('asking for a nursing review today, not UCR')).not.toContain('response_within_2_hours');
  });
});
