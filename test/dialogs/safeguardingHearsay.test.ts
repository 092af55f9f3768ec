import { createHarness, texts, type Harness } from '../support/dialogHarness';

// Issue 16 item (a), H183: a fall told as someone's doubted explanation of their injuries is a safeguarding
// disclosure, not a fall now, so it is not turned into the danger-sign questions.
describe('a doubted account of a fall, told by someone worried about abuse', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => new Date('2026-12-09T11:00:00Z') });
  });
  afterAll(() => h.close());

  it('goes to the safeguarding route, not to the falls questions', async () => {
    const c = h.conversation();
    await c.join();
    const first = texts(
      await c.say('My neighbour has grip marks on her arms again, she says she tripped but her son shouts at her'),
    ).join(' ');
    expect(first).toMatch(/Thank you for telling us/);
    expect(first).not.toMatch(/needs an ambulance/);
  });

  it('still asks the danger signs for a fall told by the person who fell', async () => {
    const c = h.conversation();
    await c.join();
    const first = texts(await c.say('mum rang, she says she tripped over the rug this afternoon')).join(' ');
    expect(first).toMatch(/duty clinician|needs an ambulance/);
  });
});
