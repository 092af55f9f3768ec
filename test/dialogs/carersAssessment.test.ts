import { queueModel } from '../../src/hub/queueModel';
import { secureMessageModel } from '../../src/integrations/notify/storedSecureMail';
import { createHarness, texts, type Harness } from '../support/dialogHarness';

const MEDWAY_NUMBER = '+441632960500';

describe("carers' assessment referrals to adult social care", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  const itemsOf = (id: string) => queueModel(h.connection).find({ 'conversation.conversationId': id }).lean();

  it("offers a carer's assessment, records it and sends it to the service's adult social care as a secure message", async () => {
    const c = h.conversation({ calledNumber: MEDWAY_NUMBER });
    await c.join();
    await c.say("I'm a carer");
    const offer = texts(await c.say("Can I get a carer's assessment? I need some support as a carer")).join(' ');
    expect(offer).toMatch(/Medway Council adult social care, carers' assessments can do a carer's assessment/);
    expect(texts(await c.say('yes please')).join(' ')).toMatch(/your name/);
    expect(texts(await c.say('Joan Clarke')).join(' ')).toMatch(/anything you'd like them to know/);
    await c.say('I look after my mum, nights are the hardest');
    const done = texts(await c.say('07700 900461')).join(' ');
    const [item] = await itemsOf(c.id);
    expect(done).toMatch(new RegExp(`passed your request .* \\(reference ${item.reference}\\)`));
    expect(done).toMatch(/01632 960544/);
    expect(item).toMatchObject({ kind: 'referral', service: 'medway', disposition: 'routine' });
    expect(item.summary.answers).toMatchObject({
      route: 'carers_assessment',
      carerName: 'Joan Clarke',
      notes: 'I look after my mum, nights are the hardest',
    });
    const sent = await secureMessageModel(h.connection)
      .findOne({ idempotencyKey: `carers:${item._id}` })
      .lean();
    expect(sent).toMatchObject({
      to: 'carers.assessments@medway.example.gov.uk',
      purpose: 'carers.assessment',
      subject: `Carer's assessment request from Medway and Swale Adult Community Services, reference ${item.reference}`,
    });
    expect(sent!.body).toMatch(/Carer: Joan Clarke/);
    expect(sent!.body).toMatch(/Call-back number: (\+44|0)7700 ?900 ?461/);
  });

  it('gives the carers’ support number and records nothing when the carer says no', async () => {
    const c = h.conversation();
    await c.join();
    await c.say("I'm a carer");
    await c.say('is there any support for carers?');
    expect(texts(await c.say('no thanks')).join(' ')).toMatch(/Wandsworth Carers' Centre on 020 7946 0444/);
    expect(await itemsOf(c.id)).toHaveLength(0);
  });

  it('leaves a carer in crisis with the red-flag route, not the offer', async () => {
    const c = h.conversation();
    await c.join();
    await c.say("I'm a carer");
    const reply = texts(await c.say("I look after my mum and I can't cope any more")).join(' ');
    expect(reply).not.toMatch(/carer's assessment/);
  });
});
