import { queueModel } from '../../src/hub/queueModel';
import { createHarness, texts, type Harness } from '../support/dialogHarness';

describe('referrals', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  async function startCarerReferral(postcode: string, dob = '03/04/1940', calledNumber?: string) {
    const c = h.conversation(calledNumber ? { calledNumber } : {});
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

  const itemsOf = (c: { id: string }) => queueModel(h.connection).find({ 'conversation.conversationId': c.id }).lean();

  /** Through the GP question to the reason, then the rest of an accepted referral; the stored item. */
  async function finishReferral(c: Awaited<ReturnType<typeof startCarerReferral>>['c']) {
    await c.say('She needs her leg ulcer dressed and cannot get to the surgery');
    await c.say('Yes');
    await c.say('Yes');
    const done = texts(await c.say('07700 900555')).join(' ');
    expect(done).toMatch(/referral is recorded/);
    const items = await itemsOf(c);
    expect(items).toHaveLength(1);
    return items[0];
  }

  it('stores the referral before acknowledging it with the stored reference, and promises feedback in 24 hours', async () => {
    const { c, afterPostcode } = await startCarerReferral('SW17 9AB');
    expect(texts(afterPostcode).join(' ')).toMatch(/Which GP practice is the person registered with/);
    expect(texts(await c.say('Dr Patel at Tooting Bec')).join(' ')).toMatch(/reason for the referral/);
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
    expect(stored!.summary.answers).toMatchObject({
      relationship: 'neighbour',
      housebound: 'yes',
      consent: 'yes',
      gpPractice: 'Tooting Bec Surgery',
      eligibility: 'registered',
    });
    expect(stored!.service).toBe('wandsworth');
    expect(stored!.feedbackDue!.getTime() - stored!.createdAt.getTime()).toBe(24 * 3600 * 1000);
  });

  // Seed 001: "registered with a Wandsworth GP Practice who are resident outside of the London Borough of Wandsworth…
  // the Provider remains responsible for providing services to them."
  it('accepts a Wandsworth-registered patient living outside the borough, for Wandsworth', async () => {
    const { c } = await startCarerReferral('KT2 5AA');
    expect(texts(await c.say('Dr Okafor at the Balham Park surgery')).join(' ')).toMatch(/reason for the referral/);
    const item = await finishReferral(c);
    expect(item.service).toBe('wandsworth');
    expect(item.summary.answers).toMatchObject({
      gpPractice: 'Balham Park Surgery',
      eligibility: 'registered_out_of_area',
    });
  });

  // Seed 003 §5.1.2: "Unregistered patients living in Medway should have equitable access to service functions and
  // should be encouraged and supported to register with a GP."
  it('accepts an unregistered resident in Medway, and says the team can help them register', async () => {
    const { c } = await startCarerReferral('ME4 4QU', '03/04/1940', '+441632960500');
    const reply = texts(await c.say("she's not registered with anyone")).join(' ');
    expect(reply).toMatch(/can still use our services/);
    expect(reply).toMatch(/reason for the referral/);
    const item = await finishReferral(c);
    expect(item.service).toBe('medway');
    expect(item.summary.answers).toMatchObject({
      gpPractice: 'not registered with a GP',
      eligibility: 'unregistered_resident',
    });
  });

  // Seed 003 §5.1.3: referrals for patients registered elsewhere go to that area's services. Never a dead end: their
  // own GP, 111, and our number if we have misunderstood the practice.
  it('tells the patient of a practice outside every profile where to go, after asking once more, and stores nothing', async () => {
    const { c } = await startCarerReferral('SE1 7PB');
    expect(texts(await c.say('Dr Patel at the Brook surgery')).join(' ')).toMatch(/couldn't find that practice/);
    const reply = texts(await c.say('The Brook Surgery on Brook Road')).join(' ');
    expect(reply).toMatch(/GP practice to refer them to their local community services/);
    expect(reply).toMatch(/NHS 111/);
    expect(reply).toMatch(/020 7946 0000/);
    expect(await itemsOf(c)).toHaveLength(0);
  });

  it('asks someone unregistered in Wandsworth to register with a GP, with 111 and our number meanwhile', async () => {
    const { c } = await startCarerReferral('SW17 9AB');
    const reply = texts(await c.say("she doesn't have a GP")).join(' ');
    expect(reply).toMatch(/register with a GP practice near where they live/);
    expect(reply).toMatch(/NHS 111/);
    expect(await itemsOf(c)).toHaveLength(0);
  });

  it('asks which practice when the words fit two, and sends the referral to the chosen practice’s service', async () => {
    const { c } = await startCarerReferral('SW17 9AB');
    const which = await c.say('the Park surgery');
    expect(texts(which).join(' ')).toMatch(/Which of these practices/);
    expect(which.at(-1)?.suggestedActions?.actions.map((a) => a.title)).toEqual([
      'Balham Park Surgery',
      'Rainham Park Practice',
      "Queen's Park Surgery",
      'None of these',
    ]);
    expect(texts(await c.say('rainham')).join(' ')).toMatch(/looked after by Medway and Swale/);
    const item = await finishReferral(c);
    expect(item.service).toBe('medway');
  });

  it('checks the postcode when the GP practice is not known, and redirects someone out of area', async () => {
    const { c } = await startCarerReferral('SE1 7PB');
    expect(texts(await c.say("I don't know")).join(' ')).toMatch(/outside the area we cover/);
    expect(await itemsOf(c)).toHaveLength(0);
  });

  it('asks someone referring themselves in the second person', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('Myself');
    await c.say('I want to make a referral');
    await c.say('Mary Jones');
    await c.say('03/04/1940');
    await c.say("I don't know");
    await c.say('SW17 9AB');
    await c.say('Tooting Bec');
    expect(texts(await c.say('I need help with my leg dressings')).join(' ')).toMatch(/^Are you housebound/);
  });

  it('explains that the service is for adults', async () => {
    const { afterPostcode } = await startCarerReferral('SW17 9AB', '01/01/2015');
    expect(texts(afterPostcode).join(' ')).toMatch(/adults aged 18 and over/);
  });

  it('does not accept a referral without consent', async () => {
    const { c } = await startCarerReferral('SW17 9AB');
    await c.say('Tooting Bec Surgery');
    await c.say('needs help with her catheter');
    await c.say('No');
    expect(texts(await c.say('No')).join(' ')).toMatch(/need the person's agreement/);
    expect(await queueModel(h.connection).countDocuments({ 'conversation.conversationId': c.id })).toBe(0);
  });
});
