import { queueModel } from '../../src/hub/queueModel';
import { actions, createHarness, texts, type Harness } from '../support/dialogHarness';

/** Issue 17: an escalation is queued the moment it is decided; the call-back route is chosen with the person. */
describe('call-back route', () => {
  let night: Harness;
  let day: Harness;
  beforeAll(async () => {
    night = await createHarness({ now: () => new Date('2026-11-25T22:00:00Z') });
    // A Wednesday at 16:30 in London: the hub is open until 20:00.
    day = await createHarness({ now: () => new Date('2026-11-25T16:30:00Z') });
  });
  afterAll(async () => {
    await night.close();
    await day.close();
  });

  const itemsOf = (h: Harness, id: string) =>
    queueModel(h.connection).find({ 'conversation.conversationId': id }).lean();

  it('has the escalation in the queue before asking for a number, so leaving at that question loses nothing', async () => {
    const c = night.conversation();
    await c.join();
    await c.say('I need the duty nurse urgently');
    await c.say('no');
    const asked = texts(await c.say('no')).join(' ');
    expect(asked).toMatch(/What number can they call you back on/);
    const [item] = await itemsOf(night, c.id);
    expect(item).toMatchObject({ kind: 'escalation', disposition: 'urgent_2h', status: 'new' });
    expect(item.summary.contactRoute).toBeUndefined();
  });

  it('keeps someone with only the chat in the chat, and says so on the item', async () => {
    const c = night.conversation();
    await c.join();
    await c.say('I need the duty nurse urgently');
    await c.say('no');
    expect(actions(await c.say('no'))).toContain('Reply in this chat');
    const told = texts(await c.say("I don't have a phone, I only have this chat")).join(' ');
    expect(told).toMatch(/reply here in this chat/);
    expect(told).not.toMatch(/call you on|number you are contacting us from/);
    const [item] = await itemsOf(night, c.id);
    expect(item.summary.contactRoute).toBe('stay_in_chat');
    expect(item.history.map((e: { action: string }) => e.action)).toContain('contact_route');
  });

  it('never offers a deaf person a phone call, and records the need on the item', async () => {
    const c = night.conversation();
    await c.join();
    const asked = await c.say('I am deaf, can I text someone instead of calling?');
    expect(texts(asked).join(' ')).toMatch(/We won't phone you/);
    const told = texts(await c.say('text me on 07700 900321 please')).join(' ');
    expect(told).toMatch(/text you on 07700\s?900321 \(they will not phone\)/);
    const [item] = await itemsOf(night, c.id);
    expect(item.summary).toMatchObject({ contactRoute: 'text' });
    expect(item.summary.communicationNeeds).toEqual(expect.arrayContaining(['Deaf or hard of hearing']));
  });

  it('promises a person within the hub target while the hub is open, not a 72-hour call back', async () => {
    const c = day.conversation();
    await c.join();
    await c.say('Can I speak to a real person?');
    const told = texts(await c.say('07700 900654')).join(' ');
    expect(told).toMatch(/coordinator/);
    expect(told).toMatch(/within 30 minutes/);
    expect(told).not.toMatch(/72 hours|3 days/);
    const [item] = await itemsOf(day, c.id);
    expect(item.deadline.getTime() - item.createdAt.getTime()).toBe(30 * 60000);
    expect(item.summary).toMatchObject({ contactRoute: 'number_given' });
  });
});
