import { queueModel } from '../../src/hub/queueModel';
import { actions, createHarness, texts, type Harness } from '../support/dialogHarness';

describe('identity before anything personal', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('verifies a patient by NHS number and date of birth, then discloses their visits', async () => {
    const c = h.conversation();
    await c.join();
    expect(texts(await c.say('when is the nurse coming')).join(' ')).toMatch(/check who you are/);
    await c.say('9992345675');
    const replies = texts(await c.say('14/03/1939'));
    expect(replies.join('\n')).toMatch(/Thank you, Edith/);
    expect(replies.join('\n')).toMatch(/Community matron home visit/);
  });

  it('takes an NHS number given late, in answer to the name, as the number: not as a name, and no postcode asked', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('when is the nurse coming');
    // "Myself" to the number question, as if answering whose care it is: the name question follows.
    expect(texts(await c.say('Myself')).join(' ')).toMatch(/full name/);
    expect(texts(await c.say('9992345675')).join(' ')).toMatch(/date of birth/);
    expect(texts(await c.say('14/03/1939')).join('\n')).toMatch(/Thank you, Edith/);
  });

  it('asks whose care it is with exactly the answers it offers as buttons', async () => {
    // No join: the welcome did not ask the role (as on SMS), so the identity check asks it.
    const c = h.conversation();
    const asked = await c.say('I need to change an appointment');
    // A question naming health professionals with no button for them left a professional with nothing to press.
    expect(texts(asked).join(' ')).not.toMatch(/professional/i);
    expect(texts(asked).join(' ')).toMatch(/your own care, or are you a carer or relative/);
    expect(actions(asked)).toEqual(['Myself', "I'm a carer"]);
  });

  it('verifies by name, date of birth and postcode when the NHS number is not known', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('when is my next visit');
    expect(texts(await c.say("I don't know")).join(' ')).toMatch(/full name/);
    // Name, date of birth, postcode: the order people give them in.
    expect(texts(await c.say('Arthur Bennett')).join(' ')).toMatch(/date of birth/);
    expect(texts(await c.say('2 November 1945')).join(' ')).toMatch(/postcode/);
    expect(texts(await c.say('SW18 2PU')).join(' ')).toMatch(/Thank you, Arthur/);
  });

  // Issue 17, set B (spent): people without the number answer its question with what they have; asking for the
  // number again was a loop.
  it('takes a name and date of birth given instead of the NHS number, and asks only for the postcode', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('when is my next visit');
    const asked = texts(await c.say('Arthur Bennett, 2 November 1945')).join(' ');
    expect(asked).not.toMatch(/NHS number|full name|date of birth/);
    expect(asked).toMatch(/postcode/);
    expect(texts(await c.say('SW18 2PU')).join(' ')).toMatch(/Thank you, Arthur/);
  });

  it('takes a name written before a date of birth in the request itself, and asks only for the postcode', async () => {
    const c = h.conversation();
    await c.join();
    const asked = texts(await c.say('I need to know when my next visit is. Arthur Bennett, born 02/11/1945')).join(' ');
    expect(asked).toMatch(/name and date of birth you've already given/);
    expect(asked).toMatch(/NHS number/);
    const next = texts(await c.say("I don't know")).join(' ');
    expect(next).not.toMatch(/full name|date of birth/);
    expect(next).toMatch(/postcode/);
    expect(texts(await c.say('SW18 2PU')).join(' ')).toMatch(/Thank you, Arthur/);
  });

  it('takes a postcode given instead of the NHS number, and does not take "Yes Please" for a name', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('when is my next visit');
    expect(texts(await c.say('Yes Please')).join(' ')).toMatch(/NHS number/);
    expect(texts(await c.say('SW18 2PU')).join(' ')).toMatch(/full name/);
    await c.say('Arthur Bennett');
    expect(texts(await c.say('2 November 1945')).join(' ')).toMatch(/Thank you, Arthur/);
  });

  it("counts the caller's number as a factor on the phone", async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900123' });
    await c.say('when is my next visit');
    await c.say("I don't know");
    expect(texts(await c.say('Edith Clarke')).join(' ')).toMatch(/date of birth/);
    expect(texts(await c.say('14 March 1939')).join(' ')).toMatch(/postcode/);
    // Postcode not given: the number she is calling from stands in for it.
    expect(texts(await c.say("I don't know")).join(' ')).toMatch(/Thank you, Edith/);
  });

  it('gives the same answer for an unknown NHS number as for a wrong date of birth', async () => {
    const unknown = h.conversation();
    await unknown.join();
    await unknown.say('when is my next visit');
    await unknown.say('9434765919');
    const a = texts(await unknown.say('14/03/1939'));

    const wrongDob = h.conversation();
    await wrongDob.join();
    await wrongDob.say('when is my next visit');
    await wrongDob.say('9992345675');
    const b = texts(await wrongDob.say('15/03/1939'));
    expect(a[0]).toBe(b[0]);
    expect(a[0]).toMatch(/couldn't match/);
  });

  it('stops disclosure after three failures and offers a person, for the rest of the conversation', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('when is my next visit');
    await c.say('9992345675');
    expect(texts(await c.say('01/01/1950')).join(' ')).toMatch(/try once more/);
    // After a failed match only the detail put right is given again (issue 17): two more wrong dates.
    expect(texts(await c.say('02/01/1950')).join(' ')).toMatch(/try once more/);
    const locked = await c.say('03/01/1950');
    expect(texts(locked).join(' ')).toMatch(/can't confirm those details/);
    expect(actions(locked)).toContain('Speak to someone');

    const again = texts(await c.say('when is my next visit')).join(' ');
    expect(again).toMatch(/can't confirm those details/);
    expect(again).not.toMatch(/visit on|home visit/i);
  });

  it.each([
    ['directline', undefined],
    ['sms', '+447700900981'],
    ['voice', '+447700900982'],
  ])(
    'on %s: details not on the record, said back and confirmed, are checked by a person now, not left to a command',
    async (channelId, callerNumber) => {
      const c = h.conversation({ channelId, callerNumber });
      await c.join();
      await c.say('when is my catheter nurse coming');
      await c.say('Margaret Hughes');
      await c.say('5 May 1950');
      expect(texts(await c.say('SW11 4RT')).join(' ')).toMatch(/If they are all right, a person can check/);
      const reply = texts(await c.say('yes that is all right')).join(' ');
      expect(reply).toMatch(/asking a person to check/);
      expect(reply).not.toMatch(/reply "speak to someone"|Say speak to someone/);
      const item = await queueModel(h.connection).findOne({ 'conversation.conversationId': c.id }).lean();
      expect(item?.kind).toBe('escalation');
      expect(item?.provisional).toBeFalsy();
      expect(item?.summary.answers.reason).toMatch(/identity not confirmed/);
    },
  );

  it('a plain no to the say-back is not taken as wanting a person: the way to one is offered', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('when is my catheter nurse coming');
    await c.say('Margaret Hughes');
    await c.say('5 May 1950');
    await c.say('SW11 4RT');
    expect(texts(await c.say('no')).join(' ')).toMatch(/can't confirm those details/);
    expect(await queueModel(h.connection).countDocuments({ 'conversation.conversationId': c.id })).toBe(0);
  });

  it('verifies a carer who is a recorded contact, and refuses one who is not', async () => {
    const joan = h.conversation();
    await joan.join();
    await joan.say("I'm a carer");
    await joan.say("when is mum's next visit");
    await joan.say('9992345675');
    await joan.say('14 March 1939');
    expect(texts(await joan.say('Joan Clarke')).join(' ')).toMatch(/Thank you, Joan/);

    const stranger = h.conversation();
    await stranger.join();
    await stranger.say("I'm a carer");
    await stranger.say("when is mum's next visit");
    await stranger.say('9992345675');
    await stranger.say('14 March 1939');
    expect(texts(await stranger.say('Jane Smith')).join(' ')).toMatch(/couldn't match/);
  });

  it('does not ask a carer who gave only their first name for their surname: it is checked against the contacts (H236)', async () => {
    const joan = h.conversation({ channelId: 'sms', callerNumber: '07700900991' });
    await joan.join();
    await joan.say("Hi this is Joan, Edith Clarke's daughter. When is mum's next visit?");
    await joan.say('9992345675');
    const asked = texts(await joan.say('14 March 1939')).join(' ');
    expect(asked).not.toMatch(/surname|full name/);
    expect(asked).toMatch(/Thank you, Joan\. I've confirmed/);
  });

  it('lets a carer who does not give their own name go on, recorded by relationship, without asking it again', async () => {
    const c = h.conversation();
    await c.join();
    await c.say("I need to move my mum's visit");
    await c.say('9992345675');
    expect(texts(await c.say('14/03/1939')).join(' ')).toMatch(/your own full name/);
    const answered = texts(await c.say("I'm her daughter, does it matter?")).join(' ');
    expect(answered).toMatch(/confirmed Edith's details/);
    expect(answered).not.toMatch(/couldn't match|full name|NHS number/);
    expect(answered).toMatch(/Which visit/);
    // Whoever takes it from here sees who they are talking to.
    await c.say('can I speak to a person please');
    const item = await queueModel(h.connection).findOne({ 'conversation.conversationId': c.id }).lean();
    expect(item!.summary.answers.carer).toBe(
      'a carer (said: "daughter"), name not given, not confirmed as a recorded contact',
    );
  });
});
