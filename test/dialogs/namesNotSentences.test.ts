import { createHarness, texts, type Harness } from '../support/dialogHarness';

// Issue 17 (H235, H236): a name must look like a name. A sentence about a visit is never checked or read back as the
// patient's name; a name said with how it is spelt and who the caller is ("… with an e, she's my mum, I'm …") gives
// the patient's name and the caller's first name; a carer's first name is enough, without their surname asked.

const NOW = new Date('2026-12-07T10:00:00Z');

describe('names, not sentences', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => NOW });
  });
  afterAll(() => h.close());

  it('on the phone: the patient named with a spelling aside and the caller’s first name, at the NHS number question', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900721' });
    await c.join();
    await c.say('hello i need to cancel a visit for my mother');
    const reply = texts(await c.say('its edith clarke with an e shes my mother im joan')).join(' ');
    expect(reply).not.toMatch(/full name/);
    expect(
      texts(await c.say('the fourteenth of march nineteen thirty nine postcode s w one seven zero q t')).join(' '),
    ).toMatch(/Thank you, Joan/);
  });

  it.each([
    ['voice', '+447700900722'],
    ['sms', '+447700900723'],
  ])(
    'on %s: a sentence about the visit at the last name question is not read back as the name',
    async (channelId, callerNumber) => {
      const c = h.conversation({ channelId, callerNumber });
      await c.join();
      await c.say('i want to move my visit');
      await c.say('dont know it');
      await c.say('second of november nineteen forty five');
      await c.say('sw18 2pu');
      const reply = texts(await c.say('the later visit if the nurse can come friday afternoon instead please')).join(
        ' ',
      );
      expect(reply).not.toMatch(/name the later visit|couldn't match/);
    },
  );

  it('in web chat: a carer who gives only their first name is not asked for their surname', async () => {
    const c = h.conversation({ channelId: 'directline' });
    await c.join();
    await c.say("I'd like to check when my father's nurse is coming");
    const reply = texts(await c.say('Arthur Bennett, 2 November 1945, SW18 2PU. I am his son, Paul.')).join(' ');
    expect(reply).not.toMatch(/surname|own full name/);
    expect(reply).toMatch(/Thank you, Paul/);
  });
});
