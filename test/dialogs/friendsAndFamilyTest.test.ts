import type { Activity } from 'botbuilder';
import { actions, createHarness, texts, type Harness } from '../support/dialogHarness';
import { verifyAsArthur, verifyAsEdith } from '../support/verify';

const QUESTION = /^Overall, how was your experience of our service\?/;
const STANDARD_ANSWERS = ['Very good', 'Good', 'Neither good nor poor', 'Poor', 'Very poor', "Don't know"];

function asked(activities: Activity[]): boolean {
  return texts(activities).some((t) => QUESTION.test(t));
}

describe('Friends and Family Test at the end of a conversation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  const feedback = () => h.connection.collection('feedback');

  it('on web chat: asks the standard question once a task is done, stores the answer and the reason, once', async () => {
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    const end = await c.say('what are your opening hours at the weekend?');
    expect(texts(end).join(' ')).toMatch(/08:00 to 16:00 at weekends/);
    expect(texts(end).at(-1)).toMatch(QUESTION);
    expect(actions(end)).toEqual(STANDARD_ANSWERS);

    const why = texts(await c.say('Good')).join(' ');
    expect(why).toMatch(/Please can you tell us why you gave your answer\?/);
    const stored = await feedback().findOne({ fft: 'good', channel: 'directline' });
    expect(stored).toMatchObject({ complaint: false, text: '' });

    expect(texts(await c.say('The hours were easy to find')).join(' ')).toMatch(/Thank you for telling us/);
    expect(await feedback().findOne({ _id: stored!._id })).toMatchObject({
      fft: 'good',
      text: 'The hours were easy to find',
    });

    // Once per conversation: the next task ends without the question.
    const again = await c.say('what are your opening hours at night?');
    expect(texts(again).join(' ')).toMatch(/20:00 to 08:00/);
    expect(asked(again)).toBe(false);
  });

  it('by SMS: "very poor" is answered with the way to complain, and "no thanks" to the reason ends it', async () => {
    const c = h.conversation({ channelId: 'sms', callerNumber: '07700900456' });
    await c.join();
    expect(asked(await c.say('what are your opening hours?'))).toBe(true);
    const why = texts(await c.say('very poor')).join(' ');
    expect(why).toMatch(/sorry it wasn't better/);
    expect(why).toMatch(/make a complaint/);
    expect(texts(await c.say('no thanks')).join(' ')).toMatch(/That's fine/);
    const stored = await feedback().find({ fft: 'very_poor', channel: 'sms' }).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0].text).toBe('');
  });

  it('by SMS: the person may ignore it; what they say next is handled as it would have been, nothing stored', async () => {
    const before = await feedback().countDocuments({ fft: { $exists: true } });
    const c = h.conversation({ channelId: 'sms', callerNumber: '07700900457' });
    await c.join();
    expect(asked(await c.say('what are your opening hours?'))).toBe(true);
    const next = texts(await c.say('I need to change my appointment')).join(' ');
    expect(next).toMatch(/NHS number/);
    expect(await feedback().countDocuments({ fft: { $exists: true } })).toBe(before);
  });

  it('more about a visit, or a question, after the question is the conversation going on, not a rating', async () => {
    const before = await feedback().countDocuments({ fft: { $exists: true } });
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    await c.say('I need to change my appointment');
    const slots = await c.say(actions(await verifyAsEdith(c))[0]);
    expect(asked(await c.say(actions(slots)[0]))).toBe(true);
    const next = texts(await c.say('Any time after 2 on Thursday is fine')).join(' ');
    expect(next).not.toMatch(/why you gave your answer|Thank you for telling us/);
    expect(await feedback().countDocuments({ fft: { $exists: true } })).toBe(before);

    const d = h.conversation({ channelId: 'directline' });
    await d.join();
    await d.say('when is the nurse coming?');
    expect(asked(await verifyAsArthur(d))).toBe(true);
    const answer = texts(await d.say('the catheter one, is that tomorrow?')).join(' ');
    expect(answer).toMatch(/that's tomorrow/);
    expect(answer).not.toMatch(/why you gave your answer|Thank you for telling us/);
    expect(await feedback().countDocuments({ fft: { $exists: true } })).toBe(before);
  });

  it('a red flag instead of an answer gets the 999 advice, and nothing is stored', async () => {
    const before = await feedback().countDocuments({ fft: { $exists: true } });
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    expect(asked(await c.say('what are your opening hours?'))).toBe(true);
    expect(texts(await c.say('my husband is not breathing')).join(' ')).toMatch(/999/);
    expect(await feedback().countDocuments({ fft: { $exists: true } })).toBe(before);
  });

  it('is never asked after 999 advice, even when a later task ends', async () => {
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    expect(texts(await c.say('she has crushing chest pain')).join(' ')).toMatch(/999/);
    const later = await c.say('what are your opening hours?');
    expect(texts(later).join(' ')).toMatch(/08:00 to 20:00/);
    expect(asked(later)).toBe(false);
  });

  it('is never asked after a safeguarding disclosure', async () => {
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    await c.say("I'm worried my neighbour's son is taking her money and shouting at her");
    await c.say('No');
    const end = await c.say('He takes her bank card every week and she is scared of him');
    expect(texts(end).join(' ')).toMatch(/I've passed this to .*safeguarding/);
    expect(asked(end)).toBe(false);
    const later = await c.say('what are your opening hours?');
    expect(texts(later).join(' ')).toMatch(/08:00 to 20:00/);
    expect(asked(later)).toBe(false);
  });

  it('is not asked on the phone line', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900458' });
    await c.join();
    const end = await c.say('what are your opening hours?');
    expect(texts(end).join(' ')).toMatch(/08:00 to 20:00/);
    expect(asked(end)).toBe(false);
  });
});
