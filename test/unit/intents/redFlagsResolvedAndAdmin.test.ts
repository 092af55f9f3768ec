import { createNormaliser } from '../../../src/intents/normalise';
import { loadRedFlags } from '../../../src/intents/redFlags';

// Issue 16, hazards H216-H219: kinds of non-urgent message the English screen told to ring 999 (spent sets N and O
// read), each told here in wording of our own, beside emergencies that use the same cue words and must stay 999.
const normalise = createNormaliser();
const screen = loadRedFlags();
const most = (text: string) => screen.read(normalise(text), text).hits[0]?.disposition ?? 'none';

describe('words that also name a clinical finding, in their everyday sense (H216)', () => {
  it.each([
    'the grab rails are fitted now, thank you',
    'can you tell the OT the new stairlift was fitted on Friday',
    'he is fit and well apart from his leg ulcer',
    'could the nurse fit me in on Thursday instead',
    'can you fit him in before the weekend for his dressing',
    'the surgeon says she is fit for surgery next month',
    'the carer left a note in the folder about the cream',
    'somebody scraped my car outside your clinic and left a note with their number',
    'running low on his insulin pen needles, we have a couple of days worth',
  ])('"%s" is not 999', (text) => {
    expect(most(text)).not.toBe('emergency_999');
  });

  it('does not hear "checked" as "chucked" (being sick)', () => {
    for (const text of [
      'the GP wants his blood pressure checked every week at home',
      'her fall was checked over at the walk in, can we book the physio',
    ]) {
      const found = screen.read(normalise(text), text).findings.map((f) => f.id);
      expect(found).not.toContain('vomiting');
    }
    expect(screen.read(normalise('he chucked up twice')).findings.map((f) => f.id)).toContain('vomiting');
  });

  it.each([
    'he has been fitting for five minutes and is not stopping',
    'he had a fit in the kitchen and he is still not with it',
    'she fitted for 4 minutes and is now very drowsy',
    'he is fitting again',
    'he left a note and went out, his phone is off and he said he wanted to end it',
    'mum left a note on the table saying sorry and the pills are gone',
    'he has taken a weeks worth of his insulin at once',
    'someone hit my dad in the car park, he is knocked out and not responding',
  ])('"%s" stays 999', (text) => {
    expect(most(text)).toBe('emergency_999');
  });
});

describe('an episode told as over and dealt with, on a past day (H217)', () => {
  it.each([
    'he had a seizure on Tuesday, he has been seen by the epilepsy nurse and his tablets changed, just so you know',
    'she collapsed at the weekend and was checked at A&E, all fine, can we rebook her physio',
    'my son choked on a sweet at the party on Sunday but it came out with a back slap and he was back to himself, is there a first aid class',
    'we had a choking scare at Easter, nothing since, can someone check her swallowing plan',
    'mum has recovered well from her stroke and would like to stop the visits',
    'dad is recovering nicely after his heart attack, can we move the visit to Friday',
  ])('"%s" is not 999', (text) => {
    expect(most(text)).not.toBe('emergency_999');
  });

  it.each([
    'he had a fit on Monday and now he is fitting again',
    'had a fit on Monday, seen by the GP, and now he is fitting again',
    'she seemed fine but now she is blue',
    'his face drooped for a few minutes this morning, all fine now',
    'his face drooped on Monday, all fine after, but it is happening again',
    'had chest pain on Saturday, checked at A&E, all fine, but it is back and crushing',
    'went blue for a minute, all fine now',
    'he has recovered well from his stroke but now his speech is slurred and his arm is weak',
  ])('"%s" stays 999', (text) => {
    expect(most(text)).toBe('emergency_999');
  });
});

describe('questions for study, stories, idioms and relatives abroad (H218)', () => {
  it.each([
    'for my coursework, how do you triage someone who has collapsed?',
    'how would your nurses assess someone who is having a seizure, asking for my dissertation',
    'that Hollyoaks stroke storyline was so sad, do you do carer support groups',
    'I was spark out on the sofa all evening, dozing, sorry I missed the nurse',
    'can not breathe a word about the party to dad, could the carers keep it quiet',
    'my brother collapsed while he was out in Spain, he is stable there now, can you stop mum visits this week',
    'burnt my finger on the oven, one small blister, what cream should I use',
  ])('"%s" is not 999', (text) => {
    expect(most(text)).not.toBe('emergency_999');
  });

  it.each([
    'my assignment is due but my flatmate has taken an overdose and is unconscious',
    'he is out cold, sleeping and we can not wake him',
    'I can not breathe, please help',
    'my sister is visiting from Australia and has collapsed and is not breathing',
    'my mum collapsed while watching EastEnders and is not responding',
    'scalded with the kettle, huge blisters all over her chest',
  ])('"%s" stays 999', (text) => {
    expect(most(text)).toBe('emergency_999');
  });
});

describe('a long-known pattern, unchanged (H219)', () => {
  it.each([
    'I get a tight chest going up the stairs, it eases when I sit, same as it has been for years, can my spray be reviewed',
    'his chest pain on the long walk to the shops is the same as always, can the nurse renew his prescription',
  ])('"%s" is not 999', (text) => {
    expect(most(text)).not.toBe('emergency_999');
  });

  it.each([
    'crushing chest pain, same as usual, the GP knows',
    'chest pain for 30 minutes, same as it has always been',
    'tight chest going upstairs, same as usual, but this time it is not going with my spray',
    'chest pain same as always but now it comes on at rest',
    'same as usual chest pain but he is grey and sweaty',
    'dad has had chest pain all morning, the GP knows and said to call you',
  ])('"%s" stays 999', (text) => {
    expect(most(text)).toBe('emergency_999');
  });
});
