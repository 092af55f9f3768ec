import type { Activity } from 'botbuilder';
import { queueModel } from '../../src/hub/queueModel';
import { actions, createHarness, texts, type Harness } from '../support/dialogHarness';

function triage(a: Activity): Record<string, unknown> | undefined {
  return (a.channelData as { triage?: Record<string, unknown> } | undefined)?.triage;
}

function question(activities: Activity[]): Record<string, unknown> | undefined {
  return activities.map(triage).find((t) => t?.questionId);
}

describe('the assessment: danger signs asked first', () => {
  // Wednesday 25 November 2026, 15:00 in London: the hub is open.
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => new Date('2026-11-25T15:00:00Z') });
  });
  afterAll(() => h.close());

  it('asks the danger signs before any advice, marks each question, and a "yes" is the 999 instruction first', async () => {
    const c = h.conversation();
    await c.join();
    const first = await c.say('mum is really poorly');
    expect(texts(first).join(' ')).not.toMatch(/call you|advice|reference/i);
    expect(actions(first)).toEqual(['Yes', 'No', 'Not sure']);
    expect(question(first)).toEqual({
      questionId: 'ds-life',
      kind: 'danger_sign',
      yesDisposition: 'emergency_999',
      notSureDisposition: 'urgent_2h',
    });
    const replies = await c.say('yeah she is');
    expect(texts(replies)[0]).toMatch(/Call 999 now/);
    expect(triage(replies[0])).toEqual({ outcome: 'emergency_999' });
    const item = await queueModel(h.connection).findOne({ 'conversation.conversationId': c.id }).lean();
    expect(item).toMatchObject({ kind: 'escalation', disposition: 'emergency_999' });
    expect(item!.summary.answers['ds-life']).toBe('yes');
  });

  it('screens every answer: "no, but he\'s gone blue" is an emergency', async () => {
    const c = h.conversation();
    await c.join();
    await c.say("I'm worried about my dad");
    const replies = texts(await c.say("no, but he's gone blue"));
    expect(replies[0]).toMatch(/999/);
  });

  it('gives the suicide question its own wording, with 999 first and Samaritans', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I feel awful');
    const second = await c.say('nope');
    expect(texts(second).join(' ')).toMatch(/thoughts of ending their life/);
    const replies = texts(await c.say('Yes'));
    expect(replies[0]).toMatch(/^Call 999 now/);
    expect(replies[0]).toMatch(/Samaritans free on 116 123/);
  });

  it('"not sure" to a danger sign still asks the rest, then goes to the duty clinician, never to advice', async () => {
    const c = h.conversation();
    await c.join();
    // Vague on purpose: "not himself" is now a 2-hour finding of its own (issue 16) and would escalate before any answer.
    await c.say('my husband feels a bit rough today');
    const next = await c.say('not sure');
    expect(question(next)?.questionId).toBe('ds-sepsis_suicide');
    const replies = texts(await c.say('not that I know of')).join(' ');
    expect(replies).toMatch(/duty clinician/);
    expect(replies).not.toMatch(/Rest, keep drinking fluids/);
  });

  it('asks again once when the answer is not a yes or no, then counts it as not sure', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I have a rash on my arm');
    const again = await c.say('what do you mean');
    expect(texts(again).join(' ')).toMatch(/yes, no or not sure/);
    expect(question(again)?.questionId).toBe('ds-life');
    const next = await c.say('the nurse is coming tomorrow');
    expect(question(next)?.questionId).toBe('ds-sepsis_suicide');
    expect(texts(await c.say('No')).join(' ')).toMatch(/duty clinician/);
  });

  it('understands a danger sign answered with a description from what it says, without asking again (H185)', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('my dad has a chest infection');
    const next = await c.say("he's a bit wheezy but chatting away in full sentences");
    expect(texts(next).join(' ')).not.toMatch(/yes, no or not sure to that one/);
    expect(question(next)?.questionId).toBe('ds-sepsis_suicide');
  });

  it('does not take a description of the sign asked about for a no ("she\'s breathless" to "struggling to breathe?")', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('my mum has a chest infection');
    const next = await c.say("she's breathless");
    expect(question(next)?.questionId).not.toBe('ds-sepsis_suicide');
  });

  it('asks again when the person is unsure of something else ("not sure of her date of birth"), not counting it (H185)', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('my mum has a swollen ankle');
    const again = await c.say('not sure of her date of birth sorry');
    expect(question(again)?.questionId).toBe('ds-life');
    const next = await c.say('no');
    expect(question(next)?.questionId).toBe('ds-sepsis_suicide');
    const done = texts(await c.say('no')).join(' ');
    expect(done).not.toMatch(/duty clinician for you now/);
  });

  it('takes a name and date of birth given instead of a yes or no as details, not as a miss, and asks again', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('my big toe has gone hot and swollen again');
    const noted = await c.say('Ronald Ferris 08/05/1948 ME1 3TT');
    expect(texts(noted).join(' ')).toMatch(/noted those details.*answer my last question/);
    // It points back to the question rather than repeating the whole list a second time.
    expect(texts(noted).join(' ')).not.toMatch(/Sorry|Right now, is there any of these/);
    expect(question(noted)?.questionId).toBe('ds-life');
    expect(actions(noted)).toEqual(['Yes', 'No', 'Not sure']);
  });

  it('asks a question at most twice: a miss after the details were noted counts as not sure, not a third ask', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('my big toe has gone hot and swollen again');
    await c.say('Ronald Ferris 08/05/1948 ME1 3TT');
    // Set M: details, then anything else, had the same question a third time. Nobody could tell: not sure.
    const moved = await c.say('what do you mean');
    expect(texts(moved).join(' ')).not.toMatch(/Sorry, I need a yes|noted those details/);
    expect(question(moved)?.questionId).toBe('ds-sepsis_suicide');
  });

  it('notes details given after a miss as not sure too: the question is not asked a third time', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('my big toe has gone hot and swollen again');
    expect(texts(await c.say('what do you mean')).join(' ')).toMatch(/yes, no or not sure/);
    const moved = await c.say('you can ring me on 07700 900123');
    expect(texts(moved).join(' ')).not.toMatch(/noted those details/);
    expect(question(moved)?.questionId).toBe('ds-sepsis_suicide');
  });

  it('takes "sorry, I misread that, no" after the 999 message as the answer, without asking the question a third time', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('my big toe has gone hot and swollen again, I think it is my gout');
    await c.say('what do you mean');
    expect(texts(await c.say('yes')).join(' ')).toMatch(/Call 999 now/);
    const corrected = await c.say('sorry I misread that, NO, no chest pain, breathing fine');
    expect(texts(corrected).join(' ')).toMatch(/Thank you for correcting that/);
    expect(question(corrected)?.questionId).toBe('ds-sepsis_suicide');
    // The 999 item the "yes" made is still there for the team.
    const item = await queueModel(h.connection).findOne({ 'conversation.conversationId': c.id }).lean();
    expect(item).toMatchObject({ disposition: 'emergency_999' });
  });

  it('a new problem after the 999 message, with no "no" in it, is asked the danger signs from the start', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('mum is really poorly');
    expect(texts(await c.say('yes')).join(' ')).toMatch(/Call 999 now/);
    const replies = await c.say('hello, my leg is sore');
    expect(question(replies)?.questionId).toBe('ds-life');
  });

  it('does not read "he\'s not distressed" as a yes to the danger signs because the question also says "not"', async () => {
    const c = h.conversation();
    await c.join();
    await c.say("the syringe driver on my dad's pump keeps alarming");
    const replies = await c.say("He's settled at the moment, he's not distressed");
    expect(texts(replies).join(' ')).not.toMatch(/Call 999/);
    expect(texts(replies).join(' ')).toMatch(/yes, no or not sure/);
  });

  it('asks a discriminator chosen from what was said; its "yes" decides the disposition', async () => {
    const c = h.conversation();
    await c.join();
    // A catheter complaint with no finding of its own (a bag "empty since lunchtime" is now 2 hours by itself).
    await c.say("dad's catheter is bothering him today");
    await c.say('No');
    const asked = await c.say('No');
    expect(question(asked)).toMatchObject({ kind: 'discriminator', yesDisposition: 'urgent_2h' });
    expect(texts(asked).join(' ')).toMatch(/drained into the bag/);
    expect(texts(await c.say('I think so')).join(' ')).toMatch(/duty clinician/);
  });

  it('asks whether a head injury is on blood thinners (NICE NG232) and gives 999 on yes', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('my nan fell over and banged her head on the table');
    await c.say('No');
    const asked = await c.say('No');
    expect(texts(asked).join(' ')).toMatch(/blood thinner/);
    expect(texts(await c.say('yes she takes apixaban'))[0]).toMatch(/999/);
  });

  it('in hours, a clinical problem it cannot place gets general advice and a same-day referral, never 72 hours', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I feel unwell');
    await c.say('No');
    await c.say('No');
    // "Myself" answers the role question the welcome asked, so it is taken as the role, and the plan is offered.
    expect(texts(await c.say('Myself')).join(' ')).toMatch(/your own care plan/);
    const replies = texts(await c.say('No')).join(' ');
    expect(replies).toMatch(/Rest, keep drinking fluids/);
    const done = texts(await c.say('07700 900123')).join(' ');
    expect(done).toMatch(/within 24 hours/);
    expect(done).not.toMatch(/3 days|72 hours/);
    const item = await queueModel(h.connection).findOne({ 'conversation.conversationId': c.id }).lean();
    expect(item).toMatchObject({ kind: 'referral', disposition: 'same_day' });
    expect(item!.summary.problem).toBe('I feel unwell');
  });

  it('promises no call back to someone it cannot contact', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('my dressing is leaking');
    await c.say('No');
    await c.say('No');
    // "My dressing" is the speaker's own (issue 17): a patient, offered their own plan first.
    expect(texts(await c.say('No')).join(' ')).toMatch(/your own care plan/);
    expect(texts(await c.say('No')).join(' ')).toMatch(/What number can the nurse call you on/);
    const done = texts(await c.say('I only have this chat')).join(' ');
    expect(done).toMatch(/please call 020 7946 0000 \(demo\) today/);
    expect(done).not.toMatch(/will contact you/);
  });

  it('chooses advice by whole words: a weekend is not a catheter', async () => {
    const c = h.conversation();
    await c.join();
    await c.say("had a rough weekend, I've got a bit of a cold");
    await c.say('No');
    const replies = texts(await c.say('No')).join(' ');
    expect(replies).toMatch(/colds and sore throats/);
    expect(replies).not.toMatch(/tubing|catheter/i);
  });

  it('does not assess a booking that is not about a health problem', async () => {
    const c = h.conversation();
    await c.join();
    const replies = await c.say('I need to change my appointment');
    expect(question(replies)).toBeUndefined();
  });
});

describe('the assessment out of hours', () => {
  // Wednesday 25 November 2026, 22:00 in London: the hub is closed.
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => new Date('2026-11-25T22:00:00Z') });
  });
  afterAll(() => h.close());

  it('puts a clinical problem it cannot place through to the duty clinician', async () => {
    const c = h.conversation();
    await c.join();
    await c.say("I'm worried about mum");
    await c.say('No');
    await c.say('No');
    const replies = texts(await c.say("I don't know")).join(' ');
    expect(replies).toMatch(/passing it to the duty clinician/);
    const done = await c.say('07700 900123');
    const handoff = done.find((a) => a.type === 'event' && a.name === 'handoff.initiate');
    expect(handoff?.value).toMatchObject({ target: 'duty_clinician', disposition: 'same_day' });
  });
});

describe('the assessment on the phone and by text', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ now: () => new Date('2026-11-25T15:00:00Z') });
  });
  afterAll(() => h.close());

  it('on the phone offers keypad choices with a spoken question, and understands spoken answers', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900789' });
    await c.join();
    const first = await c.say("my wife's had a fall");
    expect(actions(first)).toEqual(['Yes', 'No', 'Not sure']);
    const spoken = first.map((a) => a.speak ?? '').join(' ');
    expect(spoken).toMatch(/struggling to breathe/);
    expect(spoken).not.toMatch(/•/);
    await c.say('nah');
    const replies = await c.say('no');
    expect(replies.some((a) => a.name === 'handoff.initiate')).toBe(true);
  });

  it('on the phone, details given instead of an answer are noted and the whole question is spoken again', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '+447700900789' });
    await c.join();
    await c.say('my chest is rattly and I am coughing up green phlegm');
    const noted = await c.say('Brian Tolley, 22/10/1949');
    const spoken = noted.map((a) => a.speak ?? '').join(' ');
    expect(spoken).toMatch(/noted those details.*struggling to breathe/);
    expect(actions(noted)).toEqual(['Yes', 'No', 'Not sure']);
  });

  it('by text uses the SMS wording, without bullets', async () => {
    const c = h.conversation({ channelId: 'sms', callerNumber: '07700900123' });
    const first = texts(await c.say('my leg ulcer smells')).join(' ');
    expect(first).toMatch(/struggling to breathe or blue lips; chest pain/);
    expect(first).not.toMatch(/•/);
  });
});
