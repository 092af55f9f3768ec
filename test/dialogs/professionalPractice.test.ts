import type { Activity } from 'botbuilder';
import { loadServiceProfiles } from '../../src/content/services';
import { queueModel } from '../../src/hub/queueModel';
import { Rota } from '../../src/integrations/rota/rota';
import { ServiceRotas } from '../../src/integrations/rota/serviceRotas';
import { actions, createHarness, texts, type Harness } from '../support/dialogHarness';

type Channel = { channelId?: string; callerNumber?: string; line?: string };
const WEB_CHAT: Channel = {};
const PHONE: Channel = { channelId: 'voice', callerNumber: '07700900351', line: 'professional' };
const PRACTICE_QUESTION = /couldn't place that GP practice/;

// A crew's handover with everything but the practice, which each test adds in its own words.
const CREW =
  'paramedic, LAS, call sign Alpha 12, 84-year-old fall, NHS 943 476 5919, RR 22 sats 93 pulse 98 temp 37.9 alert, needs rapid response';

describe('the professional route establishes the GP practice and decides eligibility by it (issue 20, H56)', () => {
  // 10:00 on a Monday in London: every service's day shift is on.
  const DAY = new Date('2026-12-07T10:00:00Z');
  const dutyRoute = new ServiceRotas(loadServiceProfiles(), Rota.fromContent());
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => DAY, dutyRoute });
    // The demo data and the store's indexes: slow only on a loaded machine.
  }, 120000);
  afterAll(() => h.close());

  /** Plays the turns until the bot hands over or stops; every reply, the hand-off and the conversation's item. */
  async function play(channel: Channel, turns: string[]) {
    const c = h.conversation(channel);
    if (channel.line) await c.say('');
    else await c.join();
    const replies: Activity[] = [];
    let handoff: Activity | undefined;
    for (const said of turns) {
      const answer = await c.say(said);
      replies.push(...answer);
      handoff = answer.find((a) => a.name === 'handoff.initiate');
      if (handoff) break;
    }
    const items = await queueModel(h.connection).find({ 'conversation.conversationId': c.id }).lean();
    return { c, replies, handoff, items, said: texts(replies).join('\n') };
  }

  const dutyOf = async (service: string) => (await dutyRoute.onDuty(DAY, service))[0].name;

  describe.each([
    ['web chat', WEB_CHAT],
    ['the phone line', PHONE],
  ])('on %s', (_name, channel) => {
    it("hands a patient of another service's practice to that service's duty clinician, in the same turns", async () => {
      // Wandsworth's line (the default), a patient of a Medway practice who is in Wandsworth: accepted by Medway.
      const run = await play(channel, [`${CREW}, registered at Chatham Central Practice`, 'SW18 2PU']);
      expect(run.handoff).toBeDefined();
      expect(run.said).toMatch(/GP practice Chatham Central Practice/);
      expect(run.said).toMatch(/Chatham Central Practice is looked after by Medway/);
      expect(run.said).toContain(await dutyOf('medway'));
      expect(run.said).not.toMatch(PRACTICE_QUESTION);
      expect(run.items).toHaveLength(1);
      expect(run.items[0]).toMatchObject({ service: 'medway', kind: 'referral', disposition: 'urgent_2h' });
      expect(run.items[0].summary.answers).toMatchObject({
        gpPractice: 'Chatham Central Practice',
        eligibility: 'registered_out_of_area',
      });
    });

    it('reads the practice from its ODS code', async () => {
      const run = await play(channel, [CREW, 'NHS 943 476 5919 at home ME4 4TR, GP practice Z90301', 'put me through']);
      expect(run.handoff).toBeDefined();
      expect(run.items[0]).toMatchObject({ service: 'medway' });
      expect(run.items[0].summary.answers).toMatchObject({
        gpPractice: 'Chatham Central Practice',
        eligibility: 'registered',
      });
    });

    it('asks once for a practice it cannot place, then says where to go and puts nobody through', async () => {
      const run = await play(channel, [`${CREW}, SW18 2PU, registered at Brook Lane Surgery`, 'Brook Lane in Leeds']);
      expect(texts(run.replies).filter((t) => PRACTICE_QUESTION.test(t))).toHaveLength(1);
      expect(run.handoff).toBeUndefined();
      expect(run.said).toMatch(/isn't a practice of any service this line covers/);
      expect(run.said).toMatch(/urgent community response .* for that practice's area/);
      expect(run.said).toMatch(/call 999/);
      expect(run.said).toMatch(/put me through/);
      // The referral taken so far stays for the hub to see who was turned away, no longer in progress.
      expect(run.items).toHaveLength(1);
      expect(run.items[0].provisional).toBeUndefined();
      expect(run.items[0].summary.answers.eligibility).toBe('own_gp');
      expect(run.items[0].summary.problem).toBeDefined();
      // It takes the outcome it was given: closed as not accepted, not left open as a 2-hour referral to breach.
      expect(run.items[0]).toMatchObject({ status: 'closed', outcomeCode: 'not_accepted' });
    });
  });

  it('reads an ODS code said on the phone, digit by digit', async () => {
    const run = await play(PHONE, [
      CREW,
      'at home ME4 4TR, GP practice code Z nine zero three zero one',
      'put me through',
    ]);
    expect(run.handoff).toBeDefined();
    expect(run.items[0]).toMatchObject({ service: 'medway' });
    expect(run.items[0].summary.answers.gpPractice).toBe('Chatham Central Practice');
  });

  // A GP's handover: their own practice first, then the patient, with no word on where the patient is registered.
  const GP =
    "I'm a GP at Tooting Bec Surgery, calling about a patient, NHS 943 476 5919, at home ME4 4TR, 84, fall, RR 22 sats 93 pulse 98 temp 37.9 alert, needs rapid response";

  it("never takes a GP's own practice for the patient's: the handover goes on with the practice not known", async () => {
    const run = await play(WEB_CHAT, [GP, 'put me through']);
    expect(run.handoff).toBeDefined();
    expect(run.said).not.toMatch(/GP practice Tooting Bec/);
    // Who rang, from where, is kept as theirs; the patient's practice is for the hub to check (the line's service).
    expect(run.items[0].summary.contact.organisation).toMatch(/Tooting Bec Surgery/i);
    expect(run.items[0]).toMatchObject({ service: 'wandsworth' });
    expect(run.items[0].summary.answers.gpPractice).toBeUndefined();
  });

  it('takes the GP’s own practice when they say the patient is theirs, in the handover or as the answer', async () => {
    const inline = await play(WEB_CHAT, [`${GP}, one of our patients`, 'put me through']);
    expect(inline.handoff).toBeDefined();
    expect(inline.items[0].summary.answers).toMatchObject({
      gpPractice: 'Tooting Bec Surgery',
      eligibility: 'registered_out_of_area',
    });
    // Asked about a practice it could not place, "ours" is the GP's own.
    const answered = await play(PHONE, [`${GP}, registered at Brook Lane Surgery`, 'ours', 'put me through']);
    expect(answered.said).toMatch(PRACTICE_QUESTION);
    expect(answered.handoff).toBeDefined();
    expect(answered.items[0].summary.answers.gpPractice).toBe('Tooting Bec Surgery');
  });

  it('takes "put me through" after being told where to go to the duty clinician, in case the practice was misheard', async () => {
    const run = await play(WEB_CHAT, [
      `${CREW}, SW18 2PU, registered at Brook Lane Surgery`,
      'Brook Lane in Leeds',
      'put me through',
    ]);
    expect(run.handoff).toBeDefined();
  });

  it('offers the practices as buttons when the words fit several, and takes the one chosen', async () => {
    const c = h.conversation(WEB_CHAT);
    await c.join();
    const asked = await c.say(`${CREW}, SW18 2PU, GP is the Park surgery`);
    expect(texts(asked).join('\n')).toMatch(PRACTICE_QUESTION);
    expect(actions(asked)).toEqual(expect.arrayContaining(['Balham Park Surgery', 'Rainham Park Practice']));
    const handed = await c.say('Rainham Park Practice');
    expect(handed.find((a) => a.name === 'handoff.initiate')).toBeDefined();
    const [item] = await queueModel(h.connection).find({ 'conversation.conversationId': c.id }).lean();
    expect(item).toMatchObject({ service: 'medway' });
    expect(item.summary.answers.gpPractice).toBe('Rainham Park Practice');
  });

  it("follows the profile's rule for an unregistered patient: Medway accepts its residents, Wandsworth does not", async () => {
    const medway = await play(PHONE, [`${CREW}, not registered with a GP, at home ME4 4TR`, 'put me through']);
    expect(medway.handoff).toBeDefined();
    expect(medway.items[0]).toMatchObject({ service: 'medway' });
    expect(medway.items[0].summary.answers.eligibility).toBe('unregistered_resident');

    const wandsworth = await play(WEB_CHAT, [`${CREW}, she has no GP, at home SW17 0QT`]);
    expect(wandsworth.handoff).toBeUndefined();
    expect(wandsworth.said).toMatch(/doesn't take unregistered residents/);
    expect(wandsworth.said).toMatch(/register them, without proof of address/);
    expect(wandsworth.items[0].summary.answers.eligibility).toBe('register_with_gp');
    expect(wandsworth.items[0]).toMatchObject({ status: 'closed', outcomeCode: 'not_accepted' });
  });

  it('never takes a place name for the practice, and never holds up a handover that names none', async () => {
    const run = await play(WEB_CHAT, [`${CREW}, at home in Chatham, ME4 4TR`, 'put me through']);
    expect(run.handoff).toBeDefined();
    expect(run.said).not.toMatch(PRACTICE_QUESTION);
    expect(run.said).not.toMatch(/GP practice Chatham/);
    // No practice named: the postcode and the hub decide, as before (the conversation's service).
    expect(run.items[0]).toMatchObject({ service: 'wandsworth' });
    expect(run.items[0].summary.answers.gpPractice).toBeUndefined();
  });
});
