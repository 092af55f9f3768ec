import { appointmentModels } from '../../src/appointments/appointmentModels';
import { AuditLog } from '../../src/hub/audit';
import { outboxModel } from '../../src/integrations/notify/outbox';
import { actions, createHarness, texts, type Harness } from '../support/dialogHarness';
import { verifyAsArthur, verifyAsEdith } from '../support/verify';

describe('appointments', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it('lists upcoming visits', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('when is the nurse coming?');
    const replies = texts(await verifyAsArthur(c)).join('\n');
    expect(replies).toMatch(/District nurse visit \(catheter care\)/);
    expect(replies).toMatch(/District nurse visit \(diabetes review\)/);
  });

  it('answers a question about one listed visit with its day and window, not the whole list again', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('when is the nurse coming?');
    expect(texts(await verifyAsArthur(c)).join('\n')).toMatch(/Upcoming visits:/);
    // Two catheter visits: the one that is tomorrow is the one asked about.
    const tomorrow = texts(await c.say('the catheter one, is that tomorrow?')).join('\n');
    expect(tomorrow).toMatch(
      /^Yes, that's tomorrow: your District nurse visit \(catheter care\) is \w+ \d+ \w+, morning/,
    );
    expect(tomorrow).not.toMatch(/Upcoming visits|diabetes review|catheter change/);
    const today = texts(await c.say('is the diabetes nurse coming today?')).join('\n');
    expect(today).toMatch(
      /^No, your District nurse visit \(diabetes review\) is not today: it is on \w+ \d+ \w+, afternoon/,
    );

    const d = h.conversation();
    await d.join();
    await d.say('what time is the matron coming?');
    const matron = texts(await verifyAsEdith(d)).join('\n');
    expect(matron).toMatch(/Your Community matron home visit is on \w+ \d+ \w+, morning \(/);
    expect(matron).not.toMatch(/Upcoming visits|Heart failure/);
  });

  it('changes a visit to an offered free slot, audits it and confirms by SMS', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I need to change my appointment');
    const visits = await verifyAsEdith(c);
    const visitChoices = actions(visits);
    expect(visitChoices).toHaveLength(2);
    const slots = await c.say(visitChoices[0]);
    const offered = actions(slots);
    expect(offered.length).toBeGreaterThanOrEqual(2);
    const done = texts(await c.say(offered[0])).join(' ');
    expect(done).toMatch(new RegExp(`now on ${offered[0].replace(/[()]/g, '.')}`));

    const moved = await appointmentModels(h.connection).appointments.findById('appt-edith-1').lean();
    expect(moved!.label).toBe(offered[0].split(', ')[1]);
    expect((await new AuditLog(h.connection).forSubject('appointment', 'appt-edith-1')).map((a) => a.action)).toEqual([
      'appointment.changed',
    ]);
    const sms = await outboxModel(h.connection).find({ to: '07700900123', purpose: 'appointment.confirmation' }).lean();
    expect(sms).toHaveLength(1);
    expect(sms[0].body).toMatch(/Community matron home visit is now on/);
  });

  it('takes "goodbye" after a visit is moved as the end of the chat, not as a reason for the danger-sign questions', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I need to change my appointment');
    await c.say('999 456 7918');
    const slots = await c.say('22/07/1951');
    const done = texts(await c.say(actions(slots).filter((a) => a !== 'Keep my visit')[0])).join(' ');
    expect(done).toMatch(/^Done\./);
    const bye = texts(await c.say('goodbye')).join(' ');
    expect(bye).toMatch(/Take care/);
    expect(bye).not.toMatch(/ambulance|Right now, is there any of these/);

    // The same word as the whole of a first message still goes through the danger signs: with nothing before it, a
    // goodbye may be a last message (content/red-flags/lexicon.yaml, farewell).
    const first = h.conversation();
    await first.join();
    await first.say('Myself');
    expect(texts(await first.say('goodbye')).join(' ')).toMatch(/Right now, is there any of these/);
  });

  it('offers times for an only visit in the turn it is listed, without reading the visit again', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I need to change my appointment');
    await c.say('999 456 7918');
    const find = jest.spyOn(h.deps.appointments, 'find');
    try {
      const replies = await c.say('22/07/1951');
      expect(texts(replies).join(' ')).toMatch(/Leg ulcer clinic \(dressing\)/);
      expect(actions(replies)).toContain('Keep my visit');
      expect(find).not.toHaveBeenCalled();
    } finally {
      find.mockRestore();
    }
  });

  it('offers fresh times when every place in the chosen window is taken while the person is choosing', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I want to move my visit');
    const visits = await verifyAsEdith(c);
    const offered = actions(await c.say(actions(visits)[1]));
    const visit = (await appointmentModels(h.connection).appointments.findById('appt-edith-2').lean())!;
    const [wanted] = await h.deps.appointments.freeSlots(visit, new Date());

    // Meanwhile other callers fill every remaining place in that window.
    const { appointments } = appointmentModels(h.connection);
    for (let n = 0; ; n++) {
      const free = await h.deps.appointments.freeSlotInWindow(wanted);
      if (!free) break;
      const other = `appt-other-${n}`;
      await appointments.create({ ...visit, _id: other, patientId: 'pat-other', slotId: `unbooked-${other}` });
      const result = await h.deps.appointments.change(other, free._id, `other-${other}`, { kind: 'staff', id: 'test' });
      expect(result.outcome).toBe('changed');
    }

    const retry = await c.say(offered[0]);
    expect(texts(retry).join(' ')).toMatch(/that time has just gone/);
    const fresh = actions(retry);
    expect(fresh).not.toContain(offered[0]);
    expect(texts(await c.say(fresh[0])).join(' ')).toMatch(/now on/);
    const windowSlots = await appointmentModels(h.connection)
      .slots.find({ team: wanted.team, start: wanted.start })
      .lean();
    const windowBookings = await appointmentModels(h.connection).bookings.countDocuments({
      _id: { $in: windowSlots.map((s) => s._id) },
    });
    expect(windowBookings).toBe(windowSlots.length);
    expect((await appointments.findById('appt-edith-2').lean())!.start).not.toEqual(wanted.start);
  });

  it('says why a change did not happen: times kept being taken, or the visit changed; a busy record offers times again', async () => {
    const change = jest.spyOn(h.deps.appointments, 'change');
    try {
      // Every time the person picks is taken first (a busy evening): fresh times three times, then an honest answer.
      change.mockResolvedValue({ outcome: 'slot_taken' });
      const c = h.conversation();
      await c.join();
      await c.say('I need to change my appointment');
      let offered = await c.say(actions(await verifyAsEdith(c))[0]);
      for (let attempt = 0; attempt < 3; attempt++) {
        offered = await c.say(actions(offered)[0]);
        expect(texts(offered).join(' ')).toMatch(/that time has just gone/);
      }
      const last = texts(await c.say(actions(offered)[0])).join(' ');
      expect(last).toMatch(/keep being booked by other people/);
      expect(last).not.toMatch(/Someone else is changing this visit/);

      const said = async (outcome: 'not_found' | 'busy') => {
        change.mockResolvedValue({ outcome });
        const d = h.conversation();
        await d.join();
        await d.say('I need to change my appointment');
        const times = await d.say(actions(await verifyAsEdith(d))[0]);
        return { times: actions(times), after: await d.say(actions(times)[0]) };
      };
      expect(texts((await said('not_found')).after).join(' ')).toMatch(/That visit has changed since we started/);
      // Another booking written at the same moment: the time chosen is still free, so it is offered again with the rest.
      const busy = await said('busy');
      expect(texts(busy.after).join(' ')).toMatch(/someone else was booking at the same moment/);
      expect(texts(busy.after).join(' ')).not.toMatch(/Someone else is changing this visit/);
      expect(actions(busy.after)).toEqual(busy.times);
    } finally {
      change.mockRestore();
    }
  });

  it('cancels a visit with a reason after confirmation, and sends an SMS', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('I need to cancel my appointment');
    const visits = await verifyAsArthur(c);
    await c.say(actions(visits)[2]);
    const confirm = await c.say("I'm going into hospital");
    expect(texts(confirm).join(' ')).toMatch(/Cancel the visit on/);
    const done = texts(await c.say('Yes')).join(' ');
    expect(done).toMatch(/is cancelled/);
    const visit = await appointmentModels(h.connection).appointments.findById('appt-arthur-3').lean();
    expect(visit).toMatchObject({ status: 'cancelled', cancelReason: "I'm going into hospital" });
    expect(await outboxModel(h.connection).countDocuments({ purpose: 'appointment.cancellation' })).toBe(1);
  });

  it('keeps the visit when the person says no to cancelling', async () => {
    const c = h.conversation();
    await c.join();
    await c.say('cancel my visit please');
    const visits = await verifyAsArthur(c);
    await c.say(actions(visits)[0]);
    await c.say('feeling better');
    expect(texts(await c.say('No')).join(' ')).toMatch(/haven't changed anything/);
    expect((await appointmentModels(h.connection).appointments.findById('appt-arthur-1').lean())!.status).toBe(
      'booked',
    );
  });
});
