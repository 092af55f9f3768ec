import { queueModel } from '../../src/hub/queueModel';
import { secureMessageModel } from '../../src/integrations/notify/storedSecureMail';
import type { SecureMessage, SecureMessagePort } from '../../src/integrations/notify/secureMessagePort';
import { StoredSecureMail } from '../../src/integrations/notify/storedSecureMail';
import type { RecordingTriageQueue } from '../../src/record/recordOutbox';
import { createHarness, texts, type Harness } from '../support/dialogHarness';
import { eventually } from '../support/eventually';

/** Adult social care's mailbox refusing until it is told to accept: an outage, from the outbox's side. */
class FlakyMail implements SecureMessagePort {
  accepting = false;
  attempts = 0;
  constructor(private readonly stored: StoredSecureMail) {}
  send(message: SecureMessage) {
    this.attempts += 1;
    if (!this.accepting) return Promise.reject(Object.assign(new Error('refused'), { name: 'MailRefused' }));
    return this.stored.send(message);
  }
}

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
    // Owed in the outbox with the item and sent by its drain (the app's runs every few seconds; here, on demand).
    const sent = await eventually(async () => {
      await (h.deps.queue as RecordingTriageQueue).outbox.drain();
      const found = await secureMessageModel(h.connection)
        .findOne({ idempotencyKey: `carers:${item._id}` })
        .lean();
      return found ?? undefined;
    }, 10000);
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

  it("retries the carer's request through the outbox while the mailbox is down, and delivers it once when it is back", async () => {
    let clock = new Date('2026-12-09T11:00:00Z');
    let mail: FlakyMail | undefined;
    const down = await createHarness({
      now: () => clock,
      secureMail: {
        send: (m) => mail!.send(m),
      },
    });
    try {
      mail = new FlakyMail(new StoredSecureMail(down.connection));
      const outbox = (down.deps.queue as RecordingTriageQueue).outbox;
      const c = down.conversation({ calledNumber: MEDWAY_NUMBER });
      await c.join();
      await c.say("I'm a carer");
      await c.say("Can I get a carer's assessment? I need some support as a carer");
      await c.say('yes please');
      await c.say('Joan Clarke');
      await c.say('no');
      const done = texts(await c.say('07700 900461')).join(' ');
      const [item] = await queueModel(down.connection).find({ 'conversation.conversationId': c.id }).lean();
      expect(done).toContain(item.reference);
      const delivered = () =>
        secureMessageModel(down.connection).countDocuments({ idempotencyKey: `carers:${item._id}` });
      await outbox.drain();
      expect(mail.attempts).toBeGreaterThan(0);
      expect(await delivered()).toBe(0);

      // Back up, and past the back-off: delivered; later drains (and another instance's) send nothing more.
      mail.accepting = true;
      clock = new Date(clock.getTime() + 10 * 60000);
      await outbox.drain();
      expect(await delivered()).toBe(1);
      const attempts = mail.attempts;
      clock = new Date(clock.getTime() + 60 * 60000);
      await outbox.drain();
      expect(mail.attempts).toBe(attempts);
      expect(await delivered()).toBe(1);
    } finally {
      await down.close();
    }
  });
});
