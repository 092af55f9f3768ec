import { createHarness, texts, type Harness } from '../support/dialogHarness';

const MEDWAY_NUMBER = '+441632960500';

describe('the service a conversation belongs to', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  const servicesOfItems = async (conversationId: string) =>
    (await h.deps.queue.findByConversation('test', conversationId)).map((i) => i.service);

  it('is the service of the number called, for everything the conversation queues', async () => {
    const c = h.conversation({ calledNumber: MEDWAY_NUMBER });
    await c.join();
    await c.say('I want to speak to a person');
    expect(await servicesOfItems(c.id)).toEqual(['medway']);
  });

  it('becomes the service the verified patient’s GP practice is registered with', async () => {
    // Edith Clarke is registered at Tooting Bec Surgery, a Wandsworth practice, and rang Medway's number.
    const c = h.conversation({ calledNumber: MEDWAY_NUMBER });
    await c.join();
    await c.say('when is the nurse coming');
    await c.say('9992345675');
    await c.say('14/03/1939');
    await c.say('I want to speak to a person');
    const services = await servicesOfItems(c.id);
    expect(services.length).toBeGreaterThan(0);
    expect(services.every((s) => s === 'wandsworth')).toBe(true);
  });

  it("welcomes in the service's own words where its profile has them, keeping the 999 instruction", async () => {
    const medway = texts(await h.conversation({ calledNumber: MEDWAY_NUMBER }).join());
    expect(medway[0]).toMatch(/^Hello, this is Front Door for Medway and Swale community health services\./);
    expect(medway[0]).toMatch(/call 999 now/);
    // A service without its own welcome has the shared one.
    const wandsworth = texts(await h.conversation().join());
    expect(wandsworth[0]).toMatch(/^Hello, this is Front Door for community health services\./);
  });
});
