import { queueModel } from '../../src/hub/queueModel';
import { createHarness, texts, type Harness } from '../support/dialogHarness';

// Issue 17: a general question about the service (what a team does, who can refer, how to get a service, what is not
// ours) is answered from content/services/information.yaml with a way on, and no identity questions are asked for it.

const NOW = new Date('2026-12-07T10:00:00Z');
const IDENTITY = /full name|date of birth|NHS number/i;

describe('questions about the service', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => NOW });
  });
  afterAll(() => h.close());

  it.each([
    ['directline', undefined],
    ['sms', '+447700900711'],
    ['voice', '+447700900712'],
  ])('on %s: what the urgent team does and who may refer, without a name asked', async (channelId, callerNumber) => {
    const c = h.conversation({ channelId, callerNumber });
    await c.join();
    const first = texts(
      await c.say('Hi, what exactly does your urgent response team do? The surgery brought it up'),
    ).join(' ');
    expect(first).toMatch(/within 2 hours/);
    expect(first).toMatch(/Speak to someone|take a referral/);
    expect(first).not.toMatch(IDENTITY);
    const second = texts(await c.say('would we be able to refer her ourselves, or must it come through the GP?')).join(
      ' ',
    );
    expect(second).toMatch(/refer yourself/);
    expect(second).not.toMatch(IDENTITY);
  });

  it.each([
    ['directline', undefined],
    ['sms', '+447700900715'],
    ['voice', '+447700900716'],
  ])(
    'on %s: a hello that opens a question about the hours is not taken for the question',
    async (channelId, callerNumber) => {
      const c = h.conversation({ channelId, callerNumber });
      await c.join();
      const reply = texts(await c.say('hello what hours is this line open')).join(' ');
      expect(reply).toMatch(/\b(?:8|9)(?::00)?\s?am\b|\b8pm\b|20:00/i);
      expect(reply).not.toMatch(/own care|calling about yourself|carer or relative/i);
      expect(reply).not.toMatch(IDENTITY);
    },
  );

  it('a hello on its own is still answered as a hello', async () => {
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    expect(texts(await c.say('hello there')).join(' ')).toMatch(/How can I help/);
  });

  it('a question about foot care asked at the referral name question is answered: not ours, and who does it', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900713' });
    await c.join();
    expect(texts(await c.say('i want to make a referral for my father')).join(' ')).toMatch(/full name/);
    const reply = texts(
      await c.say('actually first how does it work with cutting his toe nails is that your nurses'),
    ).join(' ');
    expect(reply).toMatch(/podiatry/);
    expect(reply).not.toMatch(IDENTITY);
  });

  it('how to get community nurses after a hospital stay: answered, with a referral to take if wanted', async () => {
    const c = h.conversation({ channelId: 'sms', callerNumber: '+447700900714' });
    await c.join();
    const reply = texts(
      await c.say('how can we get a community nurse to come to my wife, she had an operation and has dressings now'),
    ).join(' ');
    expect(reply).toMatch(/housebound/);
    expect(reply).not.toMatch(IDENTITY);
    expect(texts(await c.say('Make a referral')).join(' ')).toMatch(/full name|relationship|who/i);
  });

  it('a question about the service with a danger sign in it is the safety screen’s, not an answer from content', async () => {
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    const reply = texts(
      await c.say('do you do syringe drivers? his lips have gone blue and he is not breathing properly'),
    ).join(' ');
    expect(reply).toMatch(/999/);
    expect(reply).not.toMatch(/community nurses visit adults/);
  });

  it('a question about a booked visit is not a general question', async () => {
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    const reply = texts(await c.say('do you know what time the district nurse visit is tomorrow?')).join(' ');
    expect(reply).not.toMatch(/community nurses visit adults/);
    expect(await queueModel(h.connection).countDocuments({ 'conversation.conversationId': c.id })).toBe(0);
  });
});
