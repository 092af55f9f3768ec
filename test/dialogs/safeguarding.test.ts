import { queueModel, type QueueItem } from '../../src/hub/queueModel';
import { secureMessageModel } from '../../src/integrations/notify/storedSecureMail';
import { createHarness, texts, type Harness } from '../support/dialogHarness';

/** A Wednesday morning, when every council's safeguarding team is open (Monday to Friday 9 to 5). */
const IN_HOURS = new Date('2026-12-09T11:00:00Z');
const SATURDAY = new Date('2026-12-12T11:00:00Z');
const CHRISTMAS_DAY = new Date('2026-12-25T11:00:00Z');
const KENT_NUMBER = '+441632960100';

describe('safeguarding', () => {
  let h: Harness;
  let clock = IN_HOURS;
  beforeAll(async () => {
    h = await createHarness({ now: () => clock });
  });
  beforeEach(() => (clock = IN_HOURS));
  afterAll(() => h.close());

  const itemOf = async (conversationId: string) =>
    (await queueModel(h.connection).findOne({ 'conversation.conversationId': conversationId }).lean()) as QueueItem;

  /** The message the outbox sent the council, once the item says so: the drain runs in the background. */
  async function councilMessageFor(item: QueueItem) {
    for (let i = 0; i < 50; i++) {
      if ((await itemOf(item.conversation.conversationId)).council?.sentAt) {
        return (await secureMessageModel(h.connection)
          .findOne({ idempotencyKey: `council:${item._id}` })
          .lean())!;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('no message reached the council');
  }

  async function disclose(options: { calledNumber?: string } = {}) {
    const c = h.conversation(options);
    await c.join();
    await c.say("I'm worried my neighbour's son is taking her money and shouting at her");
    await c.say('No');
    const next = texts(await c.say('He takes her bank card every week and she is scared of him')).join(' ');
    return { c, next, item: await itemOf(c.id) };
  }

  // Issue 17 (sets F to I read): people who tell what happened before they are asked were asked it again.
  it('does not ask what happened of someone who told it instead of answering the danger question', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I need to report something about my uncle');
    const next = texts(
      await c.say(
        'his lodger keeps taking his pension and shouts at him when he asks for it back, he seems frightened of him',
      ),
    ).join(' ');
    expect(next).not.toMatch(/in your own words/i);
    const item = await itemOf(c.id);
    expect(item.kind).toBe('safeguarding');
    expect(item.summary.answers.disclosure).toMatch(/taking his pension/);
  });

  it('does not ask what happened when the first message told it, and adds a number given afterwards to the item', async () => {
    const c = h.conversation();
    await c.join();
    await c.say(
      'the lady across the road is being pushed around by her nephew, I saw him grab her arm and she has bruises all over',
    );
    const next = texts(await c.say('no')).join(' ');
    expect(next).not.toMatch(/in your own words/i);
    expect(next).toMatch(/passed this to/);
    const added = texts(await c.say('you can reach me on 07700 900987')).join(' ');
    expect(added).toMatch(/added that to your request/);
    expect(JSON.stringify(await itemOf(c.id))).toMatch(/07700 900987/);
  });

  it("acknowledges, checks immediate danger, keeps the disclosure in the person's words and says what happens next", async () => {
    const c = h.conversation();
    await c.join();
    const first = texts(await c.say("I'm worried my neighbour's son is taking her money and shouting at her")).join(
      ' ',
    );
    expect(first).toMatch(/Thank you for telling us/);
    expect(first).toMatch(/immediate danger/);
    expect(texts(await c.say('No')).join(' ')).toMatch(/in your own words/i);
    const next = texts(await c.say('He takes her bank card every week and she is scared of him')).join(' ');
    expect(next).toMatch(/passed this to Wandsworth Council adult social care, safeguarding and to our hub/);
    expect(next).toMatch(/within one working day/);
    // In the council's hours nobody is sent elsewhere.
    expect(next).not.toMatch(/Emergency Duty Team|office is closed/);
    const item = await queueModel(h.connection).findOne({ 'conversation.conversationId': c.id }).lean();
    expect(item!.kind).toBe('safeguarding');
    expect(item!.summary.answers.disclosure).toContain('He takes her bank card every week and she is scared of him');
    expect(item!.summary.answers.disclosure).toContain('taking her money');
  });

  it('tells them to call 999 when someone is in immediate danger', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I think my dad is being abused by his carer');
    expect(texts(await c.say('Yes')).join(' ')).toMatch(/call 999 now/i);
  });

  it('marks the danger question as a danger sign and reads answers as people give them ("nah")', async () => {
    const c = h.conversation();
    await c.join();
    const asked = await c.say('my neighbour keeps taking money from her purse');
    const question = asked.find((a) => (a.channelData as { triage?: unknown } | undefined)?.triage);
    expect((question!.channelData as { triage: unknown }).triage).toEqual({
      questionId: 'safeguarding-danger',
      kind: 'danger_sign',
      yesDisposition: 'emergency_999',
      notSureDisposition: 'urgent_2h',
    });
    expect(question!.suggestedActions?.actions.map((a) => a.title)).toEqual(['Yes', 'No', 'Not sure']);
    const next = texts(await c.say('nah')).join(' ');
    expect(next).toMatch(/in your own words/i);
    expect(next).not.toMatch(/999/);
  });

  it('does not read a phone number given to the danger question as a yes', async () => {
    for (const number of ['07700 900456', 'yes my number is 07700 900456']) {
      const c = h.conversation();
      await c.join();
      await c.say("I'm worried my neighbour's son is taking her money and shouting at her");
      const reply = texts(await c.say(number)).join(' ');
      expect(reply).not.toMatch(/call 999 now/i);
      expect(reply).toMatch(/yes, no or not sure/);
      expect(texts(await c.say('no')).join(' ')).toMatch(/in your own words/i);
    }
  });

  it('asks once more when the answer is neither, then counts it as not sure: the 999 advice, never a loop', async () => {
    const c = h.conversation();
    await c.join();
    await c.say("I'm worried about what her son does to her when he visits");
    expect(texts(await c.say('the weather is awful')).join(' ')).toMatch(/yes, no or not sure/);
    const after = texts(await c.say('the weather is awful')).join(' ');
    expect(after).toMatch(/might be in danger now, call 999/);
    expect(after).toMatch(/in your own words/i);
    await c.say('he shouts at her and takes her pension');
    const item = await queueModel(h.connection).findOne({ 'conversation.conversationId': c.id }).lean();
    expect(item).toMatchObject({ kind: 'safeguarding', disposition: 'urgent_2h' });
    expect(item!.summary.answers.immediateDanger).toBe('not sure');
  });

  it("sends the concern to the service's council safeguarding destination, in the person's words, and the item shows it was sent", async () => {
    const { item } = await disclose({ calledNumber: KENT_NUMBER });
    expect(item.service).toBe('kent');
    const message = await councilMessageFor(item);
    expect(message).toMatchObject({
      to: 'cru.adults@kent.example.gov.uk',
      toName: 'Central Referral Unit (adults)',
      purpose: 'safeguarding.concern',
    });
    expect(message.subject).toContain(item.reference);
    expect(message.body).toContain('He takes her bank card every week and she is scared of him');
    expect(message.body).toContain('Immediate danger: no');
    // Nothing about the adult the bot did not check is passed on as if it were.
    expect(message.body).toContain('Not checked against the record');
    const after = await itemOf(item.conversation.conversationId);
    expect(after.council).toMatchObject({ destination: 'Central Referral Unit (adults)', messageId: message._id });
    expect(after.council!.sentAt).toBeDefined();
    expect(after.history.map((e) => e.action)).toContain('sent to the council');
  });

  it.each([
    ['on a Saturday', SATURDAY],
    ['on Christmas Day (a bank holiday, a Friday)', CHRISTMAS_DAY],
  ])("names the council's out-of-hours team %s, and still sends the concern", async (_when, at) => {
    clock = at;
    const { next, item } = await disclose();
    expect(next).toMatch(/Their office is closed \(open Monday to Friday 9am to 5pm\)/);
    expect(next).toMatch(/Call Social care Emergency Duty Team on 020 7946 0222/);
    expect(next).toMatch(/call 999/);
    expect((await councilMessageFor(item)).to).toBe('safeguarding.adults@wandsworth.example.gov.uk');
  });

  it("names Kent's own out-of-hours team out of hours, not another council's", async () => {
    clock = SATURDAY;
    const { next } = await disclose({ calledNumber: KENT_NUMBER });
    expect(next).toMatch(/passed this to Central Referral Unit \(adults\)/);
    expect(next).toMatch(/Call Kent social care out-of-hours service on 01632 960122/);
  });
});
