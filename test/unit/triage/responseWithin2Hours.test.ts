import { createNormaliser } from '../../../src/intents/normalise';
import { loadTriageRules } from '../../../src/triage/triageRules';

// H203: a referrer or carer asking for help within two hours is not left for a same-day or 72-hour call back.
const normalise = createNormaliser();
const rules = loadTriageRules();
const ids = (text: string) => rules.match(normalise(text)).map((h) => h.id);

describe('a response asked for within two hours (H203)', () => {
  it.each([
    ['District nurse here, Mr P is off his legs and his wife cannot cope, please can someone visit within 2 hours'],
    ['care home: resident needs a review in the next couple of hours, we cannot get her back to bed'],
    ['he needs support within two hrs, his carer has been taken ill'],
  ])('"%s" is asked as a 2-hour response', (text) => {
    expect(ids(text)).toContain('response_within_2_hours');
  });

  it.each([
    ['the nurse said she would be with me within 2 hours, can I move the visit'],
    ['can someone call me back within two hours about my appointment'],
    ['take the new tablets within 2 hours of eating'],
    ['what if I need someone within 2 hours'],
  ])('"%s" is not', (text) => {
    expect(ids(text)).not.toContain('response_within_2_hours');
  });
});
