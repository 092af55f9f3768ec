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

  // Issue 16 (hazard H52): kinds of finding the concept-level screen had missed, each in words of our own.
  it.each([
    ['my brother has been fitting for about six minutes and it is still going', 'seizure'],
    ['her defibrillator has gone off twice this evening and she feels dizzy', 'cardiac_chest_pain'],
    ['he is making a squeaky high pitched noise when he breathes and is dribbling, cannot swallow', 'unresponsive'],
    ['he vomited and now he is on his back making a gurgling sound', 'unresponsive'],
    ['his nose has been bleeding for over an hour and he is on rivaroxaban', 'uncontrolled_bleeding'],
    ['she tumbled down the stairs and now complains her neck is sore', 'major_injury'],
    ['mum has breast cancer in her spine and this afternoon her legs went numb', 'spinal_cord_compression'],
    ['she went over in the garden and her foot is pointing outwards, leg looks shorter', 'long_lie_or_fracture'],
    ['hot oil from the chip pan went down both his legs and the skin is peeling', 'surgical_emergency'],
    ['the pills are all laid out on the table, tell my family i love them', 'overdose_suicidal'],
    ['i am at the top of the multi storey car park, i wanted to say goodbye', 'overdose_suicidal'],
    ['he says he cannot see the point in going on any more', 'suicidal_thoughts'],
    ['I gave dad a double dose of his oxycodone by accident', 'missed_critical_medicine'],
    ['she is in her last days and cannot swallow anything now', 'end_of_life_distress'],
    ['he is palliative and is not able to swallow his oramorph', 'end_of_life_distress'],
    ['his catheter bag is not filling and he has tummy pain', 'blocked_catheter'],
    ['my husband has a crushing chess pain', 'cardiac_chest_pain'],
    ['the pain relief is not holding him and he is on end of life care', 'end_of_life_distress'],
    ['grandma has just died at home, she was under the palliative team', 'expected_death_at_home'],
    ['his cathedral is blocked and he is bursting for a wee', 'blocked_catheter'],
    ['the nephrostomy has fallen out', 'tube_out'],
    ['the air mattress has deflated and he cannot move himself', 'equipment_failure'],
    ['the nurse was supposed to come for his insulin at six and has not come', 'missed_critical_medicine'],
    ['I am on the kitchen floor, nobody came when I pressed my pendant', 'fall_cannot_get_up'],
    ['since this morning she cannot get to the loo, her legs will not work', 'new_loss_of_mobility'],
    ['my calf is swollen and tender, I had my hip replacement last week', 'possible_dvt'],
    ['blood sugar is high, ketones 2.1', 'diabetes_ketones'],
    ['her partner was smashing things and throwing things at her', 'domestic_abuse_threat'],
    ['the voices keep telling me to hurt myself', 'suicidal_thoughts'],
    ['he keeps saying he is going to take all his tablets', 'suicidal_thoughts'],
    ['she has not been fed or changed for two days', 'carer_crisis'],
    ['we are locked in the bathroom and he is kicking the door in', 'danger_now'],
    // Not coming round is still the emergency when nobody says it was a visit that did not come.
    ["he didn't come round", 'not_breathing'],
    ["he didn't come to for a minute after he fell", 'not_breathing'],
    ["the nurse didn't come round and now he won't come round", 'not_breathing'],
  ])('%s → %s', (text, id) => {
    expect(flagsOf(text)).toContain(id);
  });

  it.each([
    'no breathing probs, just a runny nose',
    'no breathing worries at all, just the cough',
    'can we get a grab rail fitted in the bathroom',
    'the nurse left a blue one behind, a folder',
    'could I talk about a different time for the visit',
    'the heart failure clinic wrote to say his appointment moved',
    'I went to a stroke awareness talk, very good',
    'please send me the sepsis leaflet',
    'you nearly gave me a heart attack ringing so early!',
    'she has a sore throat and swollen glands',
    'mum was admitted on monday with a stroke so cancel the visit',
    'my painkillers are not working for my knee',
    'dad passed away in march, can you collect the commode',
    'the defib in the village hall has gone off the wall',
    'we had fitted wardrobes put in and they block the door',
    'I twisted my ankle on the kerb, it is a bit swollen',
    'my arm is a bit twisted since the old break',
    'my son will be back from his holiday on monday',
    // A visit that did not happen, not a person who did not come round.
    "the nurse didn't come to do my dressing",
    "the carer didn't come round this morning",
    'the nurses have not come to change his catheter',
  ])('is not 999 for %j', (text) => {
    expect(screen.screen(normalise(text)).filter((h) => h.disposition === 'emergency_999')).toEqual([]);
  });

  it('a name is read as written, never as a finding by sound or spelling', () => {
    const withName = 'can the nurse come later? Rita Malone 05/05/1950 SE13 7PB';
    expect(screen.read(normalise(withName), withName).hits).toEqual([]);
    // A misspelt finding is still read when it is not a name.
    expect(flagsOf('he is not breething')).toContain('not_breathing');
  });

  it('a negation before "and" does not reach a new complaint after it', () => {
    const text = 'the bag is not draining and tummy pain since lunch';
    const findings = screen.read(normalise(text)).findings;
    expect(findings.find((f) => f.id === 'abdominal_pain')?.current).toBe(true);
  });

  it('a condition for ringing that has come true is not hypothetical', () => {
    expect(
      flagsOf('the nurse said ring if she got breathless and agitated, and it has now, she is end of life'),
    ).toContain('end_of_life_distress');
  });

  it.each([
    'we were all crying with laughter, could not breathe for laughing at the panto',
    'he nearly collapsed laughing at the joke, anyway the visit on friday is fine',
    'I was choking back the tears when the nurse left, she was so kind',
    'drowning under paperwork here, which form do I need for the blue badge',
    'we were knocked out by the kindness of the team, thank you',
    "I'm fit as a flea these days, please stop the visits",
    'I overdosed on mince pies over christmas ha, can we move tuesday',
    'an overdose of letters this week, which appointment is right',
    'our cat had a seizure at the vets so I will be late back',
    'the frame collapses flat, can I fold the walker in the car',
    'is it true that a heart attack and a cardiac arrest are different things? nobody is ill',
    'red all over the sink, it was the beetroot juice',
    'his lips blue? no, that was the ribena. he is fine',
    'he has been breathing through his mouth since the cold, stopped breathing through his nose',
    'that soap on the telly had a character having a heart attack, in the programme he survived',
    'my daughter had a bad allergic reaction to nuts when she was 3, she is 12 now and needs a new school form',
    'his collapse turned out to be low blood pressure from the old tablets, all sorted',
    'these bills are going to give me a heart attack, where do I send the invoice',
    'the cost of the prescriptions is choking the life out of my budget',
    'she survived a stroke at 70 and is doing brilliantly, just saying hello',
    'can I get a new fit note for work please',
    "I'm scared she'll choke on the big capsules, is there a smaller one",
    'writing to complain that last year when my husband had his heart attack the wait was far too long',
    'my head is banging after the party last night and I feel a bit sick',
  ])('a figure of speech, an animal, a look-alike or a question is not 999: %j', (text) => {
    expect(screen.screen(normalise(text)).filter((h) => h.disposition === 'emergency_999')).toEqual([]);
  });

  it.each([
    ['he collapsed while laughing and now he will not wake up', 'unresponsive'],
    ['she could not breathe a word, her lips are going blue', 'unresponsive'],
    ['he is choking on a sweet and can not get a word out', 'unresponsive'],
    ['the dog knocked her over and now she is unconscious', 'unresponsive'],
    ['she is throwing up blood and it is not beetroot, she has not had any', 'uncontrolled_bleeding'],
  ])('the same words meant literally still raise the flag: %j', (text, id) => {
    expect(flagsOf(text)).toContain(id);
  });

  it.each([
    ['she can not seem to find her words this evening', 'stroke_fast'],
    ['new R sided weakness and facial droop since teatime', 'stroke_fast'],
    ['he went floppy in his chair and then came round', 'unresponsive'],
    ['she gashed her leg on the step, pressed on it for ages and it would not stop', 'uncontrolled_bleeding'],
    ['ate a prawn, now her face is blowing up and she is struggling to swallow', 'anaphylaxis'],
    ['little dark spots on his tummy that do not fade when I press a glass on them', 'sepsis'],
    ['a bit of steak stuck, clutching at her throat', 'unresponsive'],
    ["I can't cope, I've cut myself and it won't stop", 'uncontrolled_bleeding'],
    ['gave her the oxycodone twice by mistake and she is very drowsy now', 'medicine_toxicity'],
    ['my neighbour collapsed and her heart stopped, her son is doing chest compressions', 'not_breathing'],
    [
      'he has stuck on all of his fentanyl patches at once and is breathing very slowly and drowsy',
      'medicine_toxicity',
    ],
    ['got all my tablets lined up and wanted to say goodbye to someone', 'overdose_suicidal'],
    ['he says he will drive the car off the cliff tonight', 'overdose_suicidal'],
    ['the little one is having a fit with a temperature and it has gone on five minutes', 'seizure'],
    ['the carers never came so she has not had her insulin since last night', 'missed_insulin'],
    ['the pharmacy did not deliver his keppra so he has missed tonight', 'missed_critical_medicine'],
    ['his cough assist machine will not turn on and he is getting chesty', 'equipment_failure'],
    ['her picc line has been pulled out by accident', 'tube_out'],
    ['used his angina spray twice and it is not helping, the pain is still there', 'cardiac_chest_pain'],
    ['she has tiny pinpoint pupils and is very drowsy after her methadone', 'medicine_toxicity'],
    ['my little boy drank some dishwasher liquid from under the sink', 'poisoning'],
    ['grandma is not herself today, she keeps asking for her mother', 'acute_confusion_or_drowsiness'],
    ['bleeding from his bottom since this morning and he feels faint, he is on apixaban', 'uncontrolled_bleeding'],
    ['my son has stopped his depot and is not sleeping and shouting', 'suicidal_thoughts'],
    ['the nurse was meant to come for her iv antibiotics this morning and nobody came', 'missed_critical_medicine'],
    ['she can not smile properly on one side and can not lift her arm, came on at tea time', 'stroke_fast'],
    ['he is dying at home, the just in case box is empty and he is in a lot of pain', 'end_of_life_distress'],
    [
      'I look after her on my own and have hurt my back, I can not get her to the toilet and there is no one else',
      'carer_crisis',
    ],
    ['the pump thing for her pain has run out and the nurse is not due till tomorrow', 'syringe_driver'],
  ])('the way people say it still raises the flag: %j', (text, id) => {
    expect(flagsOf(text)).toContain(id);
  });

  it('a figure of speech is marked figurative, not current', () => {
    const finding = screen
      .read(normalise('I could not breathe for laughing'))
      .findings.find((f) => f.id === 'severe_breathlessness');
    expect(finding).toMatchObject({ current: false, modifiers: ['figurative'] });
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

describe('issue 16, set G round (H64): mechanisms, each both ways', () => {
  const dispositionOf = (text: string) => screen.screen(normalise(text)).map((f) => f.disposition)[0] ?? 'none';

  it.each([
    // A story being watched or read is someone else's.
    'we watched a documentary last night where a climber stopped breathing on the mountain',
    'the novel I am reading has a woman having a seizure on a train',
    // Paperwork and groups named after a finding.
    'please send the seizure record chart for the care home',
    'the stroke club meets on tuesdays, can the nurse come on wednesday instead',
    // A question answered with a negated verb.
    'lips blue? no he is not blue, just cold hands, can the nurse check his feet',
  ])('not 999: %s', (text) => {
    expect(dispositionOf(text)).not.toBe('emergency_999');
  });

  it.each([
    'my husband had a seizure on the train this morning',
    'his lips are blue and he is struggling',
    'she threw up a bowl full of fresh red blood',
    'his words are gobbledygook since this morning',
    'nobody will miss me, I have the tablets here',
    'I am sat in the garage with the car running in the dark',
  ])('999: %s', (text) => {
    expect(dispositionOf(text)).toBe('emergency_999');
  });

  it.each([
    'the battery in the syringe driver is dead and he has no spare',
    'the little pump box is flashing and says occlusion',
  ])('a failed driver is a 2-hour case: %s', (text) => {
    expect(dispositionOf(text)).toBe('urgent_2h');
  });

  it('a tired person is not a dead battery', () => {
    expect(dispositionOf('he is dead tired, can the nurse come later')).toBe('none');
  });
});

// Concepts with no finding until the safety-h round (issue 16, hazard H70). Our own words, never the set's.
describe('red-flag screen: pre-eclampsia, bowel obstruction, stoma, cellulitis, skull fracture, limb ischaemia', () => {
  const dispositionsOf = (text: string) => screen.screen(normalise(text)).map((h) => `${h.id}:${h.disposition}`);
  it.each([
    ['I am 30 weeks pregnant and have a pounding headache that paracetamol will not touch', 'pre_eclampsia:urgent_2h'],
    ['my pregnant partner says her vision is blurry and she keeps seeing sparkles', 'pre_eclampsia:urgent_2h'],
    ['her baby is due next month and her feet and fingers have puffed right up', 'pre_eclampsia:urgent_2h'],
    [
      'dad is throwing up, no poo for four days and his belly is bloated like a drum',
      'bowel_obstruction:emergency_999',
    ],
    ['she brought up sick that smelt like poo', 'bowel_obstruction:emergency_999'],
    ['the colostomy has had no output since this morning', 'possible_bowel_obstruction:urgent_2h'],
    ['his ileostomy bag has been empty all day and he is vomiting', 'bowel_obstruction:emergency_999'],
    [
      'the red hot area on her shin is spreading up her leg and she has a fever',
      'spreading_cellulitis_fever:urgent_2h',
    ],
    ['the redness round his ulcer has spread past the line the nurse drew', 'spreading_cellulitis:same_day'],
    [
      'he hit his head on the door frame and salty clear liquid is running out of his ear',
      'major_injury:emergency_999',
    ],
    ['her arm has gone icy and pale and the pain is awful', 'surgical_emergency:emergency_999'],
    ['his toes are cold as ice, mottled and he has pins and needles', 'surgical_emergency:emergency_999'],
  ])('%s → %s', (text, hit) => {
    expect(dispositionsOf(text)).toContain(hit);
  });

  it.each([
    // Negated, past and someone else's, read the same concept-and-modifier way as every other finding.
    'I am pregnant, no headache, no swelling, no problems with my eyes, just booking the midwife',
    'when I was pregnant with him I had terrible headaches',
    'her stoma is working well and there is plenty in the bag',
    'he was sick once last week but his bowels are fine and his tummy is soft',
    'the redness is not spreading and has gone down since the antibiotics',
    'he bumped his head, no fluid from his nose or ears, he is chatting away',
    'my hands get cold in winter',
  ])('not 999, and none of these concepts: %s', (text) => {
    const concepts = ['pre_eclampsia', 'bowel_obstruction', 'possible_bowel_obstruction', 'spreading_cellulitis_fever'];
    const hits = screen.screen(normalise(text));
    expect(hits.filter((h) => h.disposition === 'emergency_999' || concepts.includes(h.id))).toEqual([]);
  });
});

// Kinds behind set H's misses and false 999s (issue 16, hazard H71). Our own words, never the set's.
describe('red-flag screen: kinds from the safety-h round', () => {
  const dispositionOf = (text: string) => screen.screen(normalise(text))[0]?.disposition ?? 'none';
  it.each([
    'her tracheostomy tube has fallen out',
    'my partner is in labour and I can see the cord',
    'he touched a live wire in the garage',
    'some drain cleaner squirted in his eye',
    'sliced my hand on a tin and the blood is pumping out',
    'two puffs of GTN, no relief at all',
    'we found empty packets of his painkillers by the bed',
    'she can not feel or move either of her legs',
    'community nurse here, patient has new dysarthria',
    'GP here, suspected meningococcal septicaemia',
  ])('999: %s', (text) => {
    expect(dispositionOf(text)).toBe('emergency_999');
  });

  it.each([
    'his Parkinson tablets are all gone and the next dose is due',
    'the hoist broke and she is stuck on the commode',
  ])('2 hours: %s', (text) => {
    expect(dispositionOf(text)).toBe('urgent_2h');
  });

  it.each([
    'I read an overdose article online about teenagers',
    'I nearly passed out from boredom at the meeting',
    'my daughter is drowning in coursework',
    'she had a seizure in the night once, not since',
    'went to A&E with chest pain last month and it was only indigestion',
    'please send a new batch of anaphylaxis pens to the school',
  ])('not 999: %s', (text) => {
    expect(dispositionOf(text)).not.toBe('emergency_999');
  });
});

// Kinds behind set I's misses and false 999s (issue 16, hazards H80-H84). Our own words, never the set's: each kind
// said several ways, as other writers would.
describe('red-flag screen: kinds from the safety-i round', () => {
  const dispositionOf = (text: string) => screen.screen(normalise(text))[0]?.disposition ?? 'none';
  it.each([
    // Observations as numbers: low blood pressure with another sign of shock, a pulse over 130 with fever.
    ['blood pressure 82/45 and she is very drowsy', 'shock_signs'],
    ['his bp is 70 over 40 and he is clammy', 'shock_signs'],
    ['temperature 39.2, pulse 142, shivering', 'sepsis'],
    ['fever and the carer says his bp has dropped right down', 'sepsis'],
    ['high temp, no spleen since the accident, feels awful', 'sepsis'],
    // A named condition that makes vomiting an emergency.
    ['he has addisons and has been throwing up all night', 'adrenal_crisis'],
    ['steroid dependent, diarrhoea all day and now very confused', 'adrenal_crisis'],
    // Lay aneurysm and dissection.
    ['sudden terrible pain in his belly going round to his back', 'aortic_emergency'],
    ['tearing pain between my shoulder blades', 'aortic_emergency'],
    ['they were watching his aneurysm and now he has tummy pain', 'aortic_emergency'],
    // A boiler or fire that is not right, with people unwell.
    ['the gas fire has black marks round it and we all have headaches', 'poisoning'],
    ['boiler is playing up and the kids keep being sick', 'poisoning'],
    ['bitten by a snake on the common, leg swelling', 'poisoning'],
    // Children and medicines.
    ['our toddler got into the cupboard and has swallowed some pills', 'poisoning'],
    ['my 3 yr old ate some of her nans tablets', 'poisoning'],
    // Airway signs after a sting or allergy.
    ['allergic to nuts, ate a biscuit, now drooling and his voice sounds funny', 'anaphylaxis'],
    ['a wasp got her on the tongue and she has gone hoarse', 'anaphylaxis'],
    // Medicines: too much insulin, and too much with confusion.
    ['gave him double his insulin by accident', 'medicine_toxicity'],
    ['took her morning tablets twice by mistake and now she is confused', 'medicine_toxicity'],
    // Suicide: means laid out and a goodbye.
    ['he texted goodbye to his sister and he is by the canal', 'overdose_suicidal'],
    ['he texted me goodbye and his pills are out on the side', 'overdose_suicidal'],
    // Others.
    ['she is 38 weeks, the waters went and the cord is hanging out', 'airway_or_birth'],
    ['came off his motorbike and his neck is really sore', 'major_injury'],
    ['put a tourniquet on his leg, the saw slipped', 'uncontrolled_bleeding'],
    ['gave birth last week, bad headache and flashing lights in my eyes', 'severe_pre_eclampsia'],
    ['missed dialysis on friday and now feels dizzy and his heart is fluttering', 'missed_dialysis_symptoms'],
    ['my grandson has not woken up since he banged his head', 'not_breathing'],
    ['cant stop shaking took loads of my pain killers', 'overdose_suicidal'],
  ])('999: %s → %s', (text, id) => {
    const hits = screen.screen(normalise(text));
    expect(hits.map((h) => h.id)).toContain(id);
    expect(hits[0].disposition).toBe('emergency_999');
  });

  it.each([
    ['sugars 28 this morning and thirsty', 'very_high_blood_sugar'],
    ['heart rate 150 on his watch, sat in the chair', 'low_bp_or_fast_pulse'],
    ['the agency carer is off sick and mum cannot be left on her own tonight', 'carer_crisis'],
    ['dad has gone into hospital and there is nobody to look after my brother', 'carer_crisis'],
    ['she has parkinsons and keeps bringing her tablets back up', 'missed_critical_medicine'],
    ['sent home from the ward with no blood thinners', 'missed_critical_medicine'],
    ['her insulin pen is broken, we can not give the morning dose', 'missed_insulin'],
    ['his catheter keeps bypassing', 'blocked_catheter'],
    ['the PICC line will not flush', 'tube_out'],
    ['the wound vac keeps beeping', 'equipment_failure'],
    ['he had a fit, it lasted about a minute and he has come round', 'seizure_recovered'],
    ['grandad is on the floor and we need help lifting him', 'fall_cannot_get_up'],
    ['her dementia got suddenly worse and she is seeing children that are not there', 'acute_confusion_or_drowsiness'],
    ['since yesterday he can not stand even with his frame', 'new_loss_of_mobility'],
    // "Nobody hurt" says there is no injury, not that nobody needs help.
    ['he threw the telly across the room, nobody hurt, i have got nothing left', 'carer_crisis'],
  ])('2 hours: %s → %s', (text, id) => {
    const hits = screen.screen(normalise(text));
    expect(hits.map((h) => h.id)).toContain(id);
    expect(['emergency_999', 'urgent_2h']).toContain(hits[0].disposition);
  });

  it.each([
    // Stories, drama and hearsay about someone else.
    'the main character in my novel has a heart attack on page two',
    'my colleague said her dad had a stroke on holiday',
    'my uncle in Canada had a seizure, he is in hospital there',
    'a radio play last night about a man with sepsis',
    'the film we watched has a woman who collapses at a wedding',
    // Figures of speech.
    'the electricity bill is giving me a heart attack',
    'snowed under, drowning in forms since dads diagnosis',
    'nan collapsed in fits of laughter at the panto',
    'he went purple in the face shouting at the referee',
    'grandad had a heart attack because of the price of petrol lol',
    'an overdose of chocolate at christmas',
    // Questions, training and charities.
    'does this mean mum had a heart attack?',
    'can someone come and talk to the staff about anaphylaxis',
    'what is the right first aid for someone having a fit',
    'is choking on water a thing?',
    'I have read that strokes can be caused by stress',
    'doing a sponsored walk for the sepsis trust',
    // Look-alikes, things, and wishes about where to die.
    'covered in blood — beetroot juice from lunch',
    'can I check his epipen is in date',
    'she wants to die at home, not in hospital, when the time comes',
    'a paper cut that will not stop hurting',
    'burning feeling in my tummy after a big meal',
    'had a heart monitor fitted on tuesday',
    'he was seen earlier for chest pain by the crew and discharged',
  ])('not 999: %s', (text) => {
    expect(dispositionOf(text)).not.toBe('emergency_999');
  });
});
