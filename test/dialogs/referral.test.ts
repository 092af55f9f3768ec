import { queueModel } from '../../src/hub/queueModel';
import { createHarness, texts, type Harness } from '../support/dialogHarness';

describe('referrals', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  async function startCarerReferral(postcode: string, dob = '03/04/1940') {
    const c = h.conversation();
    await c.join();
    await c.say("I'm a carer");
    // "my neighbour" says the relationship: it is not asked for again.
    await c.say("I'd like to refer my neighbour to the district nurses");
    await c.say('Doris Patel');
    await c.say(dob);
    await c.say("I don't know");
    const afterPostcode = await c.say(postcode);
    return { c, afterPostcode };
  }

  it('stores the referral before acknowledging it with the stored reference, and promises feedback in 24 hours', async () => {
    const { c, afterPostcode } = await startCarerReferral('SW17 9AB');
    expect(texts(afterPostcode).join(' ')).toMatch(/reason for the referral/);
    await c.say('She has a leg ulcer that needs dressing and she cannot get to the surgery');
    await c.say('Yes');
    await c.say('Yes');
    const done = texts(await c.say('07700 900555')).join(' ');
    const reference = /reference (FD-[A-Z0-9]{3}-[A-Z0-9]{3})/.exec(done)?.[1];
    expect(reference).toBeDefined();
    expect(done).toMatch(/feedback within 24 hours/);
    const stored = await queueModel(h.connection).findOne({ reference }).lean();
    expect(stored).toMatchObject({ kind: 'referral', status: 'new' });
    expect(stored!.summary.patient).toMatchObject({ name: 'Doris Patel', dateOfBirth: '1940-04-03', verified: false });
    expect(stored!.summary.answers).toMatchObject({ relationship: 'neighbour', housebound: 'yes', consent: 'yes' });
    expect(stored!.feedbackDue!.getTime() - stored!.createdAt.getTime()).toBe(24 * 3600 * 1000);
  });

  it('sends someone out of area to where they should go instead, and stores nothing', async () => {
    const { c, afterPostcode } = await startCarerReferral('SE1 7PB');
    expect(texts(afterPostcode).join(' ')).toMatch(/outside the area we cover/);
    expect(await queueModel(h.connection).countDocuments({ 'conversation.conversationId': c.id })).toBe(0);
  });

  it('explains that the service is for adults', async () => {
    const { afterPostcode } = await startCarerReferral('SW17 9AB', '01/01/2015');
    expect(texts(afterPostcode).join(' ')).toMatch(/adults aged 18 and over/);
  });

  it('does not accept a referral without consent', async () => {
    const { c } = await startCarerReferral('SW17 9AB');
    await c.say('needs help with her catheter');
    await c.say('No');
    expect(texts(await c.say('No')).join(' ')).toMatch(/need the person's agreement/);
    expect(await queueModel(h.connection).countDocuments({ 'conversation.conversationId': c.id })).toBe(0);
  });
});
