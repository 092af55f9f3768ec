import { createNormaliser } from '../../../src/intents/normalise';
import { loadRedFlags } from '../../../src/intents/redFlags';

// Safety-k round (issue 16, hazards H136-H139, H170-H175): kinds of emergency and 2-hour case the screen sent too low,
// each told here in wording of our own, with ordinary messages of the same form that must not be raised.
const normalise = createNormaliser();
const screen = loadRedFlags();
const most = (text: string) => screen.read(normalise(text)).hits[0]?.disposition ?? 'none';
const hits = (text: string) => screen.read(normalise(text)).hits.map((h) => h.id);

describe('emergencies said in lay words or slips (H136)', () => {
  it.each([
    ['my chest is absolutely killing me and I feel sick and sweaty', 'cardiac_chest_pain'],
    ['the baby chewed on a washing pod and is drooling', 'poisoning'],
    ['grandad is knot breathing properly and on responsive', 'not_breathing'],
    ['we found her face down in the bath and she is spluttering', 'drowning'],
    ['my son was pulled out of the canal by a passer by', 'drowning'],
    ['since this morning he can only see half of his plate', 'stroke_visual_field'],
    ['dad keeps walking into things on his right and he is dizzy', 'stroke_visual_field'],
    ['her left eye is throbbing and she sees rainbow circles around the lights', 'acute_glaucoma'],
    ['he has had his digoxin twice by mistake and everything looks yellow', 'medicine_toxicity_vision'],
    ['the heartburn has not gone for hours and now it is spreading down my left arm', 'cardiac_chest_pain'],
    ['nan will only open her eyes when I shout at her, not like her', 'surgical_emergency'],
    ['he is hypo and I can not get any sugar into him, he keeps pushing me away', 'severe_hypoglycaemia'],
    ['she has had loads of puffs of her inhaler and it is doing nothing', 'severe_breathlessness'],
    ['suddenly so short of breath and coughing up blood this evening', 'sudden_breathless_coughing_blood'],
    ['she is 36 weeks, terrible headache and seeing flashing lights', 'severe_pre_eclampsia'],
    ['he sent me a picture of tablets and said goodbye', 'suicide_plan_farewell'],
    ['she has been on the bathroom floor, she says she has been lying there all night', 'long_lie_found'],
  ])('%s → 999 (%s)', (text, rule) => {
    expect(most(text)).toBe('emergency_999');
    expect(hits(text)).toContain(rule);
  });

  it('a rash that "does not blank" is still read as not blanching (a new lexicon word must not steal the correction)', () => {
    expect(hits('a rash that does not blank under the glass and he is very sleepy')).toContain('sepsis');
  });
});

describe('a goodbye with a method, a note or a set time (H137)', () => {
  it.each([
    'he sent me a message saying sorry for everything and he has bought a rope',
    'the note is written and this is goodbye',
    'today is the day, my letters are written',
  ])('%s → 999', (text) => {
    expect(hits(text)).toContain('suicide_plan_farewell');
  });

  it.each([
    'the letters are written for the solicitor, goodbye for now',
    'skipping rope for the grandkids, sorry wrong chat, goodbye',
    'the meter reader came yesterday, goodbye',
  ])('an ordinary goodbye is not a last one: %s', (text) => {
    expect(hits(text)).not.toContain('suicide_plan_farewell');
    expect(most(text)).not.toBe('emergency_999');
  });
});

describe('2-hour community response kinds told in other words (H139, H170-H173)', () => {
  it.each([
    ['she went over again in the bathroom this morning, no injury', 'new_fall'],
    ['my wife has gone over in the garden, she is not hurt but shaken', 'new_fall'],
    [
      'nan has dementia and since Tuesday she is lashing out at us, it is not like her at all',
      'delirium_behaviour_change',
    ],
    ['he is not himself today, really aggressive with the carers', 'delirium_behaviour_change'],
    ['the pump for mum is running out, her syringe driver, and nobody has come', 'syringe_driver_running_out'],
    ['he is on insulin and his glucose meter is broken', 'diabetes_no_monitoring'],
    ['I have covid and can hardly stand, my wife is bed bound and needs turning', 'carer_unavailable'],
    ['the respite has been cancelled. My son can not be left alone', 'carer_unavailable'],
    ['the catheter bag has been bone dry since lunchtime', 'blocked_catheter'],
    ['the profiling bed has conked out with him stuck flat', 'equipment_failure'],
    ['we have run out of his oramorph and the GP is closed', 'critical_medicine_out'],
    ['mum has no insulin left and the chemist is shut', 'critical_medicine_out'],
    ['the bag is not filling and he keeps saying he needs to go', 'blocked_catheter'],
    ['grandad has not been himself since tea, keeps calling me by his brother name', 'delirium_behaviour_change'],
  ])('%s → 2 hours (%s)', (text, rule) => {
    expect(most(text)).toBe('urgent_2h');
    expect(hits(text)).toContain(rule);
  });

  it('a stoma bag not filling is the stoma rule, not a catheter', () => {
    expect(hits('the stoma bag is not filling up since yesterday')).not.toContain('blocked_catheter');
  });

  it('a clinical time course ("a 3 day history of") is now, not the past (H174)', () => {
    expect(hits('GP referral: 3 day history of worsening confusion, eating little')).toContain(
      'acute_confusion_or_drowsiness',
    );
    expect(hits('history of confusion with UTIs, no problems at the moment')).not.toContain(
      'acute_confusion_or_drowsiness',
    );
  });

  it.each([
    'he has gone over to his daughter for Christmas',
    'the nurse has gone over everything with us',
    'we went over the forms together, all fine',
    'half the tablets are missing from the blister pack',
    'the garden is under water again after the rain',
    'I saw halos around the lights after my cataract op years ago, is that normal',
    'I am his only carer, can I get information on respite',
    'my mum has dementia, could you send the carers leaflet',
    'my husband is on insulin, please can I reorder his test strips',
    'I have got flu, can I rearrange my appointment',
    'grandad was angry about the parking, can I complain',
    'this heat is killing me, any chance of moving my visit',
    'Mum slid out of her chair last month, can we get a chair raiser',
    'I ran out of paracetamol, could you tell me when my visit is',
    'the nurse is calling me by my first name, lovely',
    'he went to work today, not like him to be so cheerful',
    'the blue one is doing nothing for my hay fever',
    'he coughed up a bit of blood last year but the tests were clear',
    'she sent me a photo of her pills so I can order them, goodbye',
    'I had indigestion after tea, took a rennie, fine now, can I book my arm dressing',
    'new slippers gave me a blister on my heel',
    'trapped wind and bloated after tea, no pain',
    'her support bandages keep slipping down her legs',
    'his stockings are falling down, can someone re measure him',
    'he has had three falls this year, none of them bad, can we get a falls assessment',
    'sorry this is a bit of a ramble, can I change my visit',
    'please move my visit to the following week',
    'a fella from the council came about the rails',
    "l'appuntamento di nuovo cancellato, che peccato",
  ])('an ordinary message of the same form is not raised: %s', (text) => {
    expect(['none', 'same_day', 'routine', 'self_care']).toContain(most(text));
  });
});
