import { queueModel, type QueueItem } from '../../src/hub/queueModel';
import { demoRecordSystem } from '../../src/record/demo/demoRecord';
import type { RecordOutbox, RecordingTriageQueue } from '../../src/record/recordOutbox';
import { actions, createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';
import { verifyAsArthur, verifyAsEdith } from '../support/verify';

const QUESTION = /Shall we add this to your record so every team knows\?/;

/**
 * Issue 18 / 22 item 5: a verified patient's communication needs go on their record only when they say yes, through
 * the record outbox; no keeps them on today's queue item, which shows which.
 */
describe('asking whether a communication need may go on the record', () => {
  let h: Harness;
  let outbox: RecordOutbox;
  beforeAll(async () => {
    h = await createHarness();
    outbox = (h.deps.queue as RecordingTriageQueue).outbox;
  });
  afterAll(() => h.close());

  const needsOnRecord = (patientId: string) => demoRecordSystem(h.connection).needs.needsOf(patientId);
  const itemOf = async (c: Conversation) =>
    (await queueModel(h.connection).findOne({ 'conversation.conversationId': c.id }).lean()) as QueueItem;

  it('asks a verified patient at the end of the task, and files the need on yes, once the record accepts it', async () => {
    const c = h.conversation();
    await c.join();
    await c.say("I'm deaf, when is the nurse coming?");
    const answered = await verifyAsArthur(c);
    expect(texts(answered).join('\n')).toMatch(/District nurse visit \(catheter care\)/);
    expect(texts(answered).at(-1)).toMatch(QUESTION);
    expect(texts(answered).at(-1)).toMatch(/Deaf or hard of hearing/);
    expect(actions(answered)).toEqual(['Yes', 'No']);
    // Not filed before the answer.
    expect(await outbox.find(`need:${c.id}:deaf`)).toBeNull();

    const told = texts(await c.say('yes please'));
    expect(told[0]).toMatch(/We'll add it to your record/);
    expect(await outbox.find(`need:${c.id}:deaf`)).toMatchObject({
      kind: 'need',
      need: { patientId: 'pat-arthur-bennett', need: 'deaf', label: 'Deaf or hard of hearing' },
    });
    await outbox.drain();
    expect(await needsOnRecord('pat-arthur-bennett')).toEqual([
      { id: 'pat-arthur-bennett:deaf', need: 'deaf', label: 'Deaf or hard of hearing' },
    ]);

    // Asked once per need: the next task ends without the question.
    expect(texts(await c.say('when is the nurse coming?')).join('\n')).not.toMatch(QUESTION);
  });

  it('keeps a need on the queue item only when the patient says no, and the item says so', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('when is the nurse coming?');
    await verifyAsEdith(c);
    await c.say('I use sign language, can I speak to a real person please');
    const handedOff = texts(await c.say('Reply in this chat'));
    expect(handedOff.join('\n')).toMatch(/reply here in this chat/);
    expect(handedOff.at(-1)).toMatch(QUESTION);

    expect(texts(await c.say('no thanks'))[0]).toMatch(/it won't go on your record/);
    await outbox.drain();
    expect(await outbox.find(`need:${c.id}:bsl`)).toBeNull();
    expect((await needsOnRecord('pat-edith-clarke')).map((n) => n.need)).not.toContain('bsl');
    const item = await itemOf(c);
    expect(item.summary.communicationNeeds).toContain(
      'British Sign Language user (offer a BSL interpreter or video relay)',
    );
    expect(item.summary.needsOnRecord).toEqual({
      bsl: { label: 'British Sign Language user (offer a BSL interpreter or video relay)', status: 'declined' },
    });
  });

  it("shows on the hand-off's item that the need is owed and then on the record, with the video relay link from content", async () => {
    const c = h.conversation();
    await c.join();
    await c.say('when is the nurse coming?');
    await verifyAsEdith(c);
    await c.say('I use sign language, can I speak to a real person please');
    expect(texts(await c.say('Reply in this chat')).at(-1)).toMatch(QUESTION);
    await c.say('yes');
    const write = await outbox.find(`need:${c.id}:bsl`);
    expect(write!.need!.contactBy).toMatch(/^SignVideo BSL video relay: https:\/\//);
    const item = await itemOf(c);
    expect(write!.queueItemId).toBe(item._id);
    await outbox.drain();
    const after = await itemOf(c);
    expect(after.summary.needsOnRecord!.bsl).toMatchObject({ status: 'on_record', recordId: 'pat-edith-clarke:bsl' });
    expect(after.history.map((e) => e.action)).toContain('communication needs to go on the record');
  });

  it('files the language of an interpreter the patient asked for', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('when is the nurse coming? I need a Polish interpreter');
    const answered = texts(await verifyAsArthur(c));
    expect(answered.at(-1)).toMatch(/Needs an interpreter \(Polish\)/);
    await c.say('yes');
    expect((await outbox.find(`need:${c.id}:interpreter`))!.need).toMatchObject({
      need: 'interpreter',
      language: 'pl',
      languageName: 'Polish',
    });
  });

  it('never asks a person who was not verified, and files nothing for them', async () => {
    const c = h.conversation();
    await c.join();
    await c.say("I'm deaf, when is the nurse coming?");
    await c.say('9992345675');
    const refused = texts(await c.say('01/01/1950')).join('\n');
    expect(refused).not.toMatch(QUESTION);
    expect(await outbox.find(`need:${c.id}:deaf`)).toBeNull();
  });

  it('takes a new request instead of an answer as no answer: nothing filed, and not asked again', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('text only please, when is the nurse coming?');
    expect(texts(await verifyAsArthur(c)).at(-1)).toMatch(QUESTION);
    const next = texts(await c.say('I need to change my appointment')).join('\n');
    expect(next).not.toMatch(/your record/);
    expect(await outbox.find(`need:${c.id}:text_only`)).toBeNull();
  });

  it('asks on the phone line too, in words for the phone', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900789' });
    await c.join();
    await c.say('I am hard of hearing, when is the nurse coming?');
    const asked = await verifyAsArthur(c);
    const question = asked.filter((a) => a.type === 'message').at(-1)!;
    expect(question.speak).toMatch(/Shall we add this to your record so every team knows\? Say yes or no\./);
    expect(texts(await c.say('yes'))[0]).toMatch(/We'll add it to your record/);
    expect(await outbox.find(`need:${c.id}:deaf`)).toMatchObject({ need: { patientId: 'pat-arthur-bennett' } });
  });

  it('does not ask on a call being put through to a person: the caller would not hear it', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900789' });
    await c.join();
    await c.say('when is the nurse coming?');
    await verifyAsArthur(c);
    const putThrough = await c.say('I am hard of hearing, can I speak to a real person please');
    expect(putThrough.some((a) => a.type === 'event' && a.name === 'handoff.initiate')).toBe(true);
    expect(texts(putThrough).join('\n')).not.toMatch(QUESTION);
    expect((await itemOf(c)).summary.communicationNeeds).toContain('Deaf or hard of hearing');
  });
});
