import { queueModel } from '../../src/hub/queueModel';
import { loadConfig } from '../../src/config';
import { createRecordSystem } from '../../src/record/recordSystem';
import { freePort } from '../../src/store/freePort';
import { actions, createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

/** Nothing a person sees may leak how the system failed. */
const INTERNAL = /error|exception|stack|fhir|http|127\.0\.0\.1|econnrefused|fetch failed|record system|undefined/i;

/** Every clinical contact starts with the danger signs (issue 16): both answered "no" here. */
async function noDangerSigns(c: Conversation, opening: string): Promise<string[]> {
  const first = await c.say(opening);
  expect(actions(first)).toEqual(['Yes', 'No', 'Not sure']);
  return [...texts(first), ...texts(await c.say('No')), ...texts(await c.say('No'))];
}

/**
 * RECORD_SYSTEM=fhir, configured as an operator would, pointing at a port nothing listens on: the record is down, and
 * the safety path must not notice.
 */
describe('a conversation while the FHIR record cannot be reached', () => {
  let h: Harness;
  beforeAll(async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      LOG_LEVEL: 'silent',
      RECORD_SYSTEM: 'fhir',
      FHIR_BASE_URL: `http://127.0.0.1:${await freePort()}/fhir`,
    });
    h = await createHarness({
      now: () => new Date('2026-11-25T22:00:00Z'),
      recordOn: (connection) => createRecordSystem(config, connection),
    });
  });
  afterAll(() => h.close());

  it('still tells a person reporting an emergency to call 999', async () => {
    const c = h.conversation();
    await c.join();
    const said = texts(await c.say("my husband has collapsed and isn't breathing")).join('\n');
    expect(said).toMatch(/999/);
    expect(said).not.toMatch(INTERNAL);
  });

  it('still puts an urgent escalation on the queue and says by when', async () => {
    const c = h.conversation();
    await c.join();
    const asked = await noDangerSigns(c, 'I need the duty nurse urgently');
    const replies = await c.say('07700 900456');
    const said = [...asked, ...texts(replies)].join('\n');
    expect(said).toMatch(/within 2 hours/);
    expect(said).not.toMatch(INTERNAL);
    const handoff = replies.find((a) => a.type === 'event' && a.name === 'handoff.initiate');
    const item = await queueModel(h.connection).findById(handoff?.value?.queueItemId).lean();
    expect(item).toMatchObject({ kind: 'escalation', disposition: 'urgent_2h', status: 'new' });
  });

  it('gives an unwell patient who tries to identify themselves safe advice and a referral, not a failure', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('Myself');
    const seen = await noDangerSigns(c, "my cough is worse and I'm using my inhaler more");
    seen.push(...texts(await c.say('No')));
    expect(seen.join(' ')).toMatch(/care plan/);
    seen.push(...texts(await c.say('Yes')));
    seen.push(...texts(await c.say('9992345675')));
    const advice = texts(await c.say('14 March 1939')).join('\n');
    expect(advice).toMatch(/can't check your record|cannot check your record/i);
    expect(advice).toMatch(/999/);
    // Not verified, so no mobile from the record: she is asked for a number, and the team gets the referral.
    expect(advice).toMatch(/What number/);
    const referred = texts(await c.say('07700 900123')).join('\n');
    expect(referred).toMatch(/reference FD-/);
    expect([...seen, advice, referred].join('\n')).not.toMatch(INTERNAL);
    const item = await queueModel(h.connection).findOne({ 'conversation.conversationId': c.id }).lean();
    expect(item).toMatchObject({ kind: 'referral', status: 'new' });
    expect(item!.summary.patient?.verified).not.toBe(true);
  });

  it('points someone asking about their visits to a person instead of failing', async () => {
    const c = h.conversation();
    await c.join();
    // The welcome asked whose care it is and she went straight to her visit: she is not asked it again (issue 17).
    expect(texts(await c.say('when is the nurse coming?')).join('\n')).toMatch(/NHS number/);
    await c.say('9992345675');
    const said = texts(await c.say('14 March 1939')).join('\n');
    expect(said).toMatch(/can't check your record|cannot check your record/i);
    expect(said).toMatch(/speak to someone|call/i);
    expect(said).not.toMatch(INTERNAL);
  });
});
