import { queueModel } from '../../src/hub/queueModel';
import { loadReportContent } from '../../src/reports/reportContent';
import { sourceOf } from '../../src/reports/serviceReport';
import { createHarness, texts, type Harness } from '../support/dialogHarness';

describe('hospital discharge referrals', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  /** A ward nurse's discharge referral, one answer at a time; every reply, the last one last. */
  async function refer(gpPractice: string, channelId?: string) {
    const c = h.conversation(channelId ? { channelId } : {});
    await c.join();
    await c.say("I'm a professional");
    const replies = [
      texts(await c.say("I'd like to make a discharge referral please")).join(' '),
      texts(await c.say("Gunning Ward, St George's Hospital")).join(' '),
      texts(await c.say('Arthur Bennett')).join(' '),
      texts(await c.say('2 November 1945')).join(' '),
      texts(await c.say('999 345 6780')).join(' '),
      texts(await c.say('KT2 6QY')).join(' '),
      texts(await c.say(gpPractice)).join(' '),
      texts(await c.say('Thursday morning')).join(' '),
      texts(await c.say('Daily dressings for a leg wound and help with his catheter')).join(' '),
      texts(await c.say('A hospital bed and a commode, both ordered')).join(' '),
      texts(await c.say('Sister Amara Okoye on 020 7946 0999')).join(' '),
    ];
    const items = await queueModel(h.connection).find({ 'conversation.conversationId': c.id }).lean();
    return { replies, items };
  }

  it('takes ward, patient, discharge date, needs, equipment and key contact, and queues it from a hospital with the 48-hour target', async () => {
    const { replies, items } = await refer('Dr Shah at Putney Heath');
    expect(replies[0]).toMatch(/Which hospital and ward/);
    expect(replies[4]).toMatch(/home postcode/);
    expect(replies[5]).toMatch(/Which GP practice/);
    expect(replies[6]).toMatch(/expected to be discharged/);
    expect(replies[7]).toMatch(/care will they need/);
    expect(replies[8]).toMatch(/equipment/);
    expect(replies[9]).toMatch(/key contact on the ward/);
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(replies.at(-1)).toMatch(new RegExp(`reference ${item.reference}.*contact the\\s+ward within 48 hours`));
    expect(item).toMatchObject({ kind: 'referral', service: 'wandsworth', disposition: 'routine' });
    expect(item.deadline.getTime() - item.createdAt.getTime()).toBe(48 * 3600 * 1000);
    expect(item.summary.patient).toMatchObject({
      name: 'Arthur Bennett',
      dateOfBirth: '1945-11-02',
      postcode: 'KT2 6QY',
    });
    expect(item.summary.answers).toMatchObject({
      ward: "Gunning Ward, St George's Hospital",
      gpPractice: 'Putney Heath Medical Centre',
      dischargeDate: 'Thursday morning',
      needs: 'Daily dressings for a leg wound and help with his catheter',
      equipment: 'A hospital bed and a commode, both ordered',
      keyContact: 'Sister Amara Okoye on 020 7946 0999',
      source: 'hospital',
    });
    expect(item.summary.callbackNumber).toBe('02079460999');
    // The commissioners' report counts it under "Hospital (ward or discharge team)".
    expect(sourceOf(item, loadReportContent().sources)).toBe('hospital');
  });

  it('goes to the service of the practice named, with that service’s target where its profile has none for discharge', async () => {
    const { items } = await refer('Chatham Central Practice');
    expect(items).toHaveLength(1);
    expect(items[0].service).toBe('medway');
    // Medway's profile names no discharge target: the routine disposition's 72 hours (content/triage).
    expect(items[0].deadline.getTime() - items[0].createdAt.getTime()).toBe(72 * 3600 * 1000);
  });

  it('leaves a crew’s handover about a discharged patient who is now unwell with the duty clinician route', async () => {
    const c = h.conversation();
    await c.join();
    await c.say("I'm a professional");
    const reply = texts(
      await c.say('Paramedic here, patient discharged from the ward yesterday, now confused and short of breath'),
    ).join(' ');
    expect(reply).not.toMatch(/discharge referral/);
    const items = await queueModel(h.connection).find({ 'conversation.conversationId': c.id }).lean();
    expect(items.map((i) => i.disposition)).toContain('emergency_999');
  });

  it('works on the phone line too, where every question has a spoken form', async () => {
    const { replies, items } = await refer('Tooting Bec', 'voice');
    expect(replies.at(-1)).toMatch(/within 48 hours/);
    expect(items[0]).toMatchObject({ channel: 'voice', service: 'wandsworth' });
  });
});
