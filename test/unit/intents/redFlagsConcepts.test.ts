import { createNormaliser } from '../../../src/intents/normalise';
import { loadRedFlags } from '../../../src/intents/redFlags';

// Safety-j round (issue 16, hazards H112-H114): concepts told in other words, each in wording of its own.
const normalise = createNormaliser();
const screen = loadRedFlags();
const read = (text: string) => screen.read(normalise(text));
const most = (text: string) => read(text).hits[0]?.disposition ?? 'none';
const current = (text: string) =>
  read(text)
    .findings.filter((f) => f.current)
    .map((f) => f.id);

describe('word families for findings that already had rules (H112)', () => {
  it.each([
    ['since lunch grandad drifts off mid sentence and that is new', 'urgent_2h'],
    ['she has been falling asleep mid sentence since lunch', 'urgent_2h'],
    ['since tea time he could not transfer from bed to chair even with the frame', 'urgent_2h'],
    ['the care agency visit was cancelled and nobody has been since Sunday, my aunt is bed bound', 'urgent_2h'],
    ['my brother came out of hospital today, sent home to die, and he is in pain', 'urgent_2h'],
    ['my flatmate has gathered up all her tablets in a bowl and said goodbye to her cat', 'emergency_999'],
    ['he says voices telling him to jump, he is stood at the top of the multi storey car park', 'emergency_999'],
    [
      'found him after he took some methadone, his breathing is really slow and his pupils look like pins',
      'emergency_999',
    ],
  ])('%s → %s', (text, disposition) => {
    expect(most(text)).toBe(disposition);
  });

  it('voices telling someone to harm themselves, at home, is a 2-hour crisis, not 999 on its own', () => {
    expect(most('the voices keep telling me to jump, I am at home in bed and safe for now')).toBe('urgent_2h');
  });

  it.each([
    'can you transfer the call to the district nurses please',
    'smiling and feeding well, just wanted to book her jabs',
  ])('ordinary words are not read as a finding: %s', (text) => {
    expect(most(text)).toBe('none');
  });
});

describe('concepts with no finding before (H113)', () => {
  it.each([
    ['the leg ulcer is bleeding through the dressing again', 'urgent_2h'],
    ['his op site keeps seeping blood since this afternoon', 'urgent_2h'],
    ['the postman found him wandering outside in the rain this morning', 'urgent_2h'],
    ['her alarm company rang, she is on the bathroom floor again and I am 30 minutes away', 'urgent_2h'],
    ['my nephew ate some of my tablets and he is dozy', 'emergency_999'],
  ])('%s → %s', (text, disposition) => {
    expect(most(text)).toBe(disposition);
  });

  it.each([
    'the nurse said she is ten minutes away, thank you',
    'we dropped the dressings on the floor, can you bring new ones',
  ])('one part alone is not urgent: %s', (text) => {
    expect(most(text)).not.toMatch(/urgent_2h|emergency_999/);
  });
});

describe('dehydration: fluid lost or not taken, with a sign (H114)', () => {
  it.each([
    'nan has hardly been drinking since the weekend and her tongue is dry',
    'his ileostomy is high output today and he is dizzy when he stands',
    'she has had diarrhoea all night and her wee is dark',
  ])('%s → urgent_2h', (text) => {
    expect(most(text)).toBe('urgent_2h');
  });

  it.each(['he is not drinking much tea these days', 'her lips are dry from the wind, any cream you suggest'])(
    'a sign or a habit alone is not: %s',
    (text) => {
      expect(current(text)).not.toEqual(expect.arrayContaining(['fluid_loss_or_poor_intake', 'dehydration_sign']));
      expect(most(text)).not.toBe('urgent_2h');
    },
  );
});

describe('everyday words are heard as written, not as the finding they sound like (H115)', () => {
  it.each([
    'the photo of the rash you wanted is attached, see you next month',
    'the group still meets at the church, can mum get transport',
  ])('%s', (text) => {
    expect(most(text)).not.toBe('emergency_999');
  });

  it('a slip for a finding is still heard', () => {
    expect(most('help he is not breeding')).toBe('emergency_999');
  });
});

describe('999 combinations that had no rule (H116)', () => {
  it.each([
    'grandma has been out in the sun all day at the fete, now she is muddled and she has stopped sweating',
    'my son is tetraplegic, his BP is 220/125 and he has a thumping head',
    'she is pregnant, about 7 weeks, has severe pain low in her tummy and just fainted in the bathroom',
    'allergic to sesame, had a bit of a bun, his throat is itchy and he says it feels tight',
    'he is on the hospice list and is bringing up haematemesis, buckets of it',
    'my little girl drank some of the methadone and she is sleepy',
  ])('%s → emergency_999', (text) => {
    expect(most(text)).toBe('emergency_999');
  });

  it.each([
    'she is pregnant and fainted at the bus stop yesterday, fine since, can the midwife call',
    'he has a spinal injury and needs his bowel care visit moved to the afternoon',
    'it is a hot day and he is not sweating much, he is fine otherwise',
  ])('one part alone is not 999: %s', (text) => {
    expect(most(text)).not.toBe('emergency_999');
  });
});
