import type { Appointment, Communication, ServiceRequest, Slot } from '@medplum/fhirtypes';
import { AuditLog } from '../../src/hub/audit';
import { queueModel } from '../../src/hub/queueModel';
import type { FhirClient } from '../../src/record/fhir/fhirClient';
import { fhirRecordSystem } from '../../src/record/fhir/fhirRecord';
import { HUB_REFERENCE_SYSTEM } from '../../src/record/fhir/terms';
import type { RecordingTriageQueue } from '../../src/record/recordOutbox';
import { actions, createHarness, texts, type Harness } from '../support/dialogHarness';
import { FHIR_START_TIMEOUT_MS, fhirTestServer } from '../support/fhirServer';

/** The README's sample conversations with RECORD_SYSTEM=fhir: what they change is read back from HAPI. */
describe("Edith's and Arthur's README conversations on the FHIR record", () => {
  let fhir: FhirClient;
  let h: Harness;

  beforeAll(async () => {
    fhir = await fhirTestServer();
    h = await createHarness({ recordOn: (connection) => fhirRecordSystem(fhir, new AuditLog(connection)) });
  }, FHIR_START_TIMEOUT_MS);
  afterAll(() => h.close());

  const filed = () => (h.deps.queue as RecordingTriageQueue).outbox.drain();

  it('Edith moves a visit: the Appointment, its new Slot and its old Slot change on the server', async () => {
    const before = await fhir.read<Appointment>('Appointment', 'appt-edith-1');
    const c = h.conversation();
    await c.join();
    await c.say('I need to change my appointment');
    await c.say('999 234 5675');
    const visits = actions(await c.say('14/03/1939'));
    expect(visits[0]).toMatch(/morning \(9am to 12 noon\)/);
    const offered = actions(await c.say(visits[0]));
    expect(offered.length).toBeGreaterThanOrEqual(2);
    expect(texts(await c.say(offered[0])).join(' ')).toMatch(
      /Done\. Your visit \(Community matron home visit\) is now on/,
    );

    const after = await fhir.read<Appointment>('Appointment', 'appt-edith-1');
    expect(Number(after.meta!.versionId)).toBe(Number(before.meta!.versionId) + 1);
    expect(after.slot![0].reference).not.toBe(before.slot![0].reference);
    expect(offered[0]).toContain(after.comment);
    const [oldSlot, newSlot] = await Promise.all(
      [before, after].map((a) => fhir.read<Slot>('Slot', a.slot![0].reference!.split('/')[1])),
    );
    expect(oldSlot.status).toBe('free');
    expect(newSlot.status).toBe('busy');
    // Changed in the FHIR record, audited in ours, as a change to the demo record is.
    expect(await new AuditLog(h.connection).forSubject('appointment', 'appt-edith-1')).toMatchObject([
      {
        action: 'appointment.changed',
        actor: { kind: 'bot' },
        channel: 'test',
        detail: { fromSlot: before.slot![0].reference!.split('/')[1], toSlot: after.slot![0].reference!.split('/')[1] },
      },
    ]);

    // The conversation's task ended with Edith verified: its summary is filed to her record.
    await filed();
    const contacts = await h.deps.directory
      .findByNhsNumber('9992345675')
      .then((edith) => fhirRecordSystem(fhir, new AuditLog(h.connection)).contacts.contactsOf(edith!._id));
    const contact = contacts.find((k) => k.text.includes(c.id));
    expect(contact).toMatchObject({ channel: 'test', patientId: 'pat-edith-clarke' });
    expect(contact!.text).toMatch(/with the patient \(identity verified\)/);
  });

  it("Joan, Edith's carer, gets the amber zone of Edith's plan from the CarePlan, and the contact is filed", async () => {
    const c = h.conversation();
    await c.join();
    await c.say("I'm a carer");
    await c.say("mum's cough is worse and she's using her inhaler a lot more");
    // The danger signs come first (issue 16), then one question about the complaint, then the offer of her plan.
    await c.say('No');
    await c.say('No');
    expect(texts(await c.say('No')).join(' ')).toMatch(/care plan/);
    await c.say('Yes');
    await c.say('9992345675');
    await c.say('14 March 1939');
    const advice = texts(await c.say('Joan Clarke')).join('\n');
    expect(advice).toMatch(/From Edith's care plan \(My breathing \(COPD\)\)/);
    expect(advice).toMatch(/AMBER: I am more breathless than usual/);
    expect(advice).toMatch(/Start my rescue pack/);
    // Before the team is asked to call, the number to call (issue 16: no promise we cannot keep).
    expect(advice).toMatch(/number/);
    await c.say('07700 900123');

    const item = await queueModel(h.connection).findOne({ 'conversation.conversationId': c.id }).lean();
    await filed();
    const [communication] = await fhir.search<Communication>(
      'Communication',
      { identifier: `${HUB_REFERENCE_SYSTEM}|${item!.reference}` },
      { fresh: true },
    );
    expect(communication).toMatchObject({ subject: { reference: 'Patient/pat-edith-clarke' }, status: 'completed' });
    expect(communication.payload![0].contentString).toContain('carePlan: breathlessness');
    const shown = await queueModel(h.connection).findById(item!._id).lean();
    expect(shown!.history.map((e) => e.note)).toContain(`Communication/${communication.id}`);
  });

  it('an ambulance crew hands Arthur over: a rapid-response ServiceRequest and Task due within two hours', async () => {
    const c = h.conversation({ channelId: 'voice', callerNumber: '07700900999', line: 'professional' });
    let handoff;
    for (const said of [
      'LAS crew here, need to hand over a patient for rapid response',
      'paramedic, London Ambulance Service, call sign Romeo 12',
      'NHS number 999 345 6780, at home, SW18 2PU',
      'fall at home no injury, more confused than usual, possible UTI',
      'resp rate 22, sats 95 percent on air, systolic 105, pulse 98, temp 38.1, alert',
      'Rapid response',
    ]) {
      handoff = (await c.say(said)).find((a) => a.name === 'handoff.initiate');
      if (handoff) break;
    }
    expect(handoff).toBeDefined();
    const item = await queueModel(h.connection).findById(handoff!.value.queueItemId).lean();
    await filed();
    const [request] = await fhir.search<ServiceRequest>(
      'ServiceRequest',
      { identifier: `${HUB_REFERENCE_SYSTEM}|${item!.reference}` },
      { fresh: true },
    );
    expect(request).toMatchObject({
      status: 'active',
      intent: 'order',
      priority: 'asap',
      requester: { reference: '#requester', display: expect.stringMatching(/professional/) },
      occurrencePeriod: { end: item!.deadline.toISOString() },
    });
    expect(new Date(request.occurrencePeriod!.end!).getTime() - item!.createdAt.getTime()).toBe(120 * 60000);
    expect(request.note![0].text).toMatch(/more confused than usual/);
    // The crew as the record can hold them: their call sign, and their service as an Organization.
    expect(request.contained).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          resourceType: 'PractitionerRole',
          id: 'requester',
          identifier: [expect.objectContaining({ value: expect.stringMatching(/Romeo 12/i) })],
        }),
        expect.objectContaining({
          resourceType: 'Organization',
          name: expect.stringMatching(/^(LAS|London Ambulance Service)$/),
        }),
      ]),
    );
    // What a crew says about a patient is a claim, not a verified identity: nothing is filed to Arthur's record.
    expect(request.subject).toEqual({ display: 'Patient not verified' });
    const [task] = await fhir.search('Task', { focus: `ServiceRequest/${request.id}` }, { fresh: true });
    expect(task).toMatchObject({ status: 'requested', priority: 'asap' });
    const arthursContacts = await fhirRecordSystem(fhir, new AuditLog(h.connection)).contacts.contactsOf(
      'pat-arthur-bennett',
    );
    expect(arthursContacts.filter((k) => k.text.includes(c.id))).toEqual([]);
  });
});
