import type {
  Appointment,
  Communication,
  Flag,
  OperationOutcome,
  Patient,
  ServiceRequest,
  Slot,
  Task,
} from '@medplum/fhirtypes';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { CommunicationNeeds } from '../../src/dialogs/communicationNeeds';
import { FhirClient } from '../../src/record/fhir/fhirClient';
import { demoTransactionBundle } from '../../src/record/fhir/demoBundle';
import {
  INTERPRETER_REQUIRED_EXTENSION,
  NEED_KEY_SYSTEM,
  OPERATION_EXTENSION,
  REFERRAL_KEY_SYSTEM,
  CALL_SIGN_SYSTEM,
  SNOMED_SYSTEM,
} from '../../src/record/fhir/terms';
import { fhirRecordSystem } from '../../src/record/fhir/fhirRecord';
import { RecordUnavailableError, type RecordSystem } from '../../src/record/ports';
import { freePort } from '../../src/store/freePort';
import { AuditLog } from '../../src/hub/audit';
import { closeTestDatabase, openTestDatabase } from '../support/testDatabase';
import { FHIR_START_TIMEOUT_MS, fhirTestServer } from '../support/fhirServer';
import { EDITH, recordContract } from './recordContract';

describe('the record contract on the FHIR R4 adapter (a real HAPI FHIR server)', () => {
  let fhir: FhirClient;
  let record: RecordSystem;
  // Our own audit trail, on the embedded store: changes made in the FHIR record are audited there too.
  let connection: Connection;
  let audit: AuditLog;

  beforeAll(async () => {
    fhir = await fhirTestServer();
    connection = await openTestDatabase();
    audit = new AuditLog(connection);
    record = fhirRecordSystem(fhir, audit);
  }, FHIR_START_TIMEOUT_MS);
  afterAll(() => closeTestDatabase(connection));

  recordContract(() => ({
    record,
    audit,
    async raceFixture(count) {
      const run = randomUUID().slice(0, 8);
      const day = (n: number) => new Date(Date.now() + (40 + n) * 24 * 3600 * 1000).toISOString();
      const entries = [];
      const visitIds: string[] = [];
      for (let n = 0; n < count; n++) {
        const slot: Slot = {
          resourceType: 'Slot',
          id: `race-${run}-slot-${n}`,
          schedule: { reference: 'Schedule/wandsworth-north' },
          status: 'busy',
          start: day(n),
          end: day(n),
          comment: 'morning',
        };
        const visit: Appointment = {
          resourceType: 'Appointment',
          id: `race-${run}-visit-${n}`,
          status: 'booked',
          description: 'District nurse visit',
          start: day(n),
          end: day(n),
          slot: [{ reference: `Slot/${slot.id}` }],
          participant: [
            { actor: { reference: 'Patient/pat-arthur-bennett' }, status: 'accepted' },
            { actor: { reference: 'HealthcareService/wandsworth-north' }, status: 'accepted' },
          ],
        };
        entries.push(slot, visit);
        visitIds.push(visit.id!);
      }
      const last: Slot = {
        resourceType: 'Slot',
        id: `race-${run}-last`,
        schedule: { reference: 'Schedule/wandsworth-north' },
        status: 'free',
        start: day(count + 1),
        end: day(count + 1),
        comment: 'morning',
      };
      entries.push(last);
      await fhir.transaction(
        entries.map((resource) => ({
          resource,
          request: { method: 'PUT' as const, url: `${resource.resourceType}/${resource.id}` },
        })),
      );
      return { visitIds, lastSlotId: last.id! };
    },
  }));

  it('finds and verifies a person among more than a page of people born on the same day at the same postcode', async () => {
    // A day of this run's own (no demo patient shares it), 130 people born on it in one postcode, the one looked for
    // written last, so the first page of any plain search does not hold them.
    const run = randomUUID().slice(0, 8);
    const birthDate = new Date(Date.UTC(1900, 0, 1) + Math.floor(Math.random() * 9000) * 86400000)
      .toISOString()
      .slice(0, 10);
    const person = (n: number, given: string, family: string): Patient & { id: string } => ({
      resourceType: 'Patient',
      id: `same-day-${run}-${n}`,
      name: [{ use: 'official', family, given: [given] }],
      birthDate,
      address: [{ use: 'home', postalCode: n % 2 ? 'SW18 1AA' : 'SW181AA' }],
    });
    const others = Array.from({ length: 130 }, (_, n) => person(n, `Given${n}`, `Family${n}`));
    const wanted = person(130, 'Winifred', 'Ashdown');
    await fhir.transaction(
      [...others, wanted].map((resource) => ({
        resource,
        request: { method: 'PUT' as const, url: `Patient/${resource.id}` },
      })),
    );

    const found = await record.directory.findByDemographics({
      name: 'Ashdown Winifred',
      dateOfBirth: birthDate,
      postcode: 'sw18 1aa',
    });
    expect(found.map((p) => p._id)).toEqual([wanted.id]);
    const verified = await record.directory.verify({
      name: 'Winifred Ashdown',
      dateOfBirth: birthDate,
      postcode: 'SW181AA',
    });
    expect(verified).toMatchObject({ verified: true, patient: { _id: wanted.id } });
    // Another postcode is not them.
    expect(
      await record.directory.findByDemographics({
        name: 'Winifred Ashdown',
        dateOfBirth: birthDate,
        postcode: 'SW18 2PU',
      }),
    ).toEqual([]);
  }, 120000);

  it('replaces a referral sent again under its key: one ServiceRequest and one Task, saying the latest, first date kept', async () => {
    const authoredAt = new Date(Date.now() - 10 * 60000);
    const referral = {
      key: `fhir-referral-update-${randomUUID().slice(0, 8)}`,
      reference: 'FD-UPDATE1',
      kind: 'referral' as const,
      priority: 'asap' as const,
      reason: 'professional handover in progress',
      requester: 'paramedic, London Ambulance Service',
      occurrenceBy: new Date(Date.now() + 2 * 3600 * 1000),
      authoredAt,
      summary: 'Problem: fall.',
    };
    const first = await record.referrals.send(referral);
    const again = await record.referrals.send({
      ...referral,
      priority: 'stat',
      reason: 'professional handover: rapid response',
      summary: 'Problem: fall, more confused than usual. NEWS2 7.',
    });
    expect(again).toEqual(first);
    const key = `${REFERRAL_KEY_SYSTEM}|${referral.key}`;
    const requests = await fhir.search<ServiceRequest>('ServiceRequest', { identifier: key }, { fresh: true });
    expect(requests.map((r) => [r.id, r.priority, r.note?.[0].text, r.authoredOn])).toEqual([
      [first.id, 'stat', 'Problem: fall, more confused than usual. NEWS2 7.', authoredAt.toISOString()],
    ]);
    const tasks = await fhir.search<Task>('Task', { identifier: key }, { fresh: true });
    expect(tasks.map((t) => [t.focus?.reference, t.description])).toEqual([
      [`ServiceRequest/${first.id}`, 'professional handover: rapid response'],
    ]);
  });

  it('writes referrals as ServiceRequest + Task, contacts as Communication and visits as Appointment, all valid R4', async () => {
    const sent = await record.referrals.send({
      key: 'fhir-referral-validate',
      reference: 'FD-VALID1',
      patientId: 'pat-edith-clarke',
      kind: 'escalation',
      priority: 'asap',
      reason: 'More breathless than usual',
      requester: 'Patient',
      requestedBy: { role: 'patient' },
      occurrenceBy: new Date(Date.now() + 2 * 3600 * 1000),
      summary: 'Amber zone of the breathing plan.',
    });
    const request = await fhir.read('ServiceRequest', sent.id);
    expect(request).toMatchObject({
      status: 'active',
      intent: 'order',
      priority: 'asap',
      subject: { reference: 'Patient/pat-edith-clarke' },
      requester: { reference: 'Patient/pat-edith-clarke' },
    });
    // A crew's referral: who they are as a reference the record can hold, not only words.
    const crew = await record.referrals.send({
      key: `fhir-referral-crew-${randomUUID().slice(0, 8)}`,
      reference: 'FD-CREW1',
      kind: 'referral',
      priority: 'asap',
      reason: 'Fall at home, more confused than usual',
      requester: 'professional, London Ambulance Service, Romeo 12',
      requestedBy: { role: 'professional', organisation: 'London Ambulance Service', callSign: 'Romeo 12' },
      occurrenceBy: new Date(Date.now() + 2 * 3600 * 1000),
      summary: 'Crew on scene.',
    });
    const crewRequest = await fhir.read<ServiceRequest>('ServiceRequest', crew.id);
    expect(crewRequest.requester).toEqual({
      reference: '#requester',
      display: 'professional, London Ambulance Service, Romeo 12',
    });
    const contained = Object.fromEntries((crewRequest.contained ?? []).map((r) => [`#${r.id}`, r]));
    expect(contained['#requester']).toMatchObject({
      resourceType: 'PractitionerRole',
      identifier: [{ system: CALL_SIGN_SYSTEM, value: 'Romeo 12' }],
      organization: { reference: '#requester-organisation' },
    });
    expect(contained['#requester-organisation']).toMatchObject({
      resourceType: 'Organization',
      name: 'London Ambulance Service',
    });
    const [task] = await fhir.search('Task', { focus: `ServiceRequest/${sent.id}` }, { fresh: true });
    expect(task).toMatchObject({ status: 'requested', for: { reference: 'Patient/pat-edith-clarke' } });

    const filed = await record.contacts.file({
      key: 'fhir-contact-validate',
      patientId: 'pat-edith-clarke',
      at: new Date(),
      channel: 'webchat',
      text: 'Asked about her care plan.',
    });
    const communication = await fhir.read('Communication', filed.id);
    const [visit] = await record.visits.upcoming('pat-edith-clarke');
    const written = [
      request,
      crewRequest,
      task,
      communication,
      await fhir.read('Appointment', visit._id),
      await fhir.read(
        'Slot',
        (await fhir.read<Appointment>('Appointment', visit._id)).slot![0].reference!.split('/')[1],
      ),
      ...(await fhir.search('CarePlan', { subject: 'Patient/pat-edith-clarke' })),
      ...(await fhir.search('Flag', { subject: 'Patient/pat-edith-clarke' })),
      // Visits as the adapter leaves them: moved and cancelled by the contract above, with the operation extension.
      ...(
        await fhir.search<Appointment>('Appointment', { patient: 'Patient/pat-arthur-bennett' }, { fresh: true })
      ).filter((a) => a.extension?.some((e) => e.url === OPERATION_EXTENSION)),
      await fhir.read('Patient', 'pat-edith-clarke'),
    ];
    expect(written.filter((r) => r.resourceType === 'Appointment').length).toBeGreaterThanOrEqual(3);
    for (const resource of written) {
      const outcome: OperationOutcome = await fhir.validate(resource);
      const errors = (outcome.issue ?? []).filter((i) => i.severity === 'error' || i.severity === 'fatal');
      expect({ resource: `${resource.resourceType}/${resource.id}`, errors }).toEqual({
        resource: `${resource.resourceType}/${resource.id}`,
        errors: [],
      });
    }
  });

  it('codes a need in SNOMED CT where content gives a concept, reads it back, and the Flag is valid R4', async () => {
    const needs = CommunicationNeeds.load();
    const patientId = `coded-need-${randomUUID().slice(0, 8)}`;
    await fhir.update<Patient>({ resourceType: 'Patient', id: patientId, birthDate: '1944-02-09' });
    for (const need of ['text_only', 'large_print']) {
      const snomed = needs.snomed(need);
      await record.needs.file({
        patientId,
        need,
        label: needs.label(need),
        at: new Date(),
        ...(snomed ? { snomed } : {}),
      });
    }
    const onRecord = await record.needs.needsOf(patientId);
    expect(onRecord.map((n) => [n.need, n.snomed])).toEqual([
      // Large print has no concept that says exactly it: our own code only.
      ['large_print', undefined],
      ['text_only', { code: '936701000000103', display: 'Requires contact by short message service text message' }],
    ]);
    // R4 has no code search parameter for Flag: the SNOMED-coded one is picked from the patient's.
    const flags = (await fhir.search<Flag>('Flag', { subject: `Patient/${patientId}` }, { fresh: true })).filter((f) =>
      f.code.coding?.some((c) => c.system === SNOMED_SYSTEM && c.code === '936701000000103'),
    );
    expect(flags).toHaveLength(1);
    const outcome: OperationOutcome = await fhir.validate(flags[0]);
    expect((outcome.issue ?? []).filter((i) => i.severity === 'error' || i.severity === 'fatal')).toEqual([]);
  });

  it("codes risk alert Flags in SNOMED CT, reads another system's coded Flags as our risks and needs, valid R4", async () => {
    // Arthur's seeded alerts: lives alone coded (SNOMED CT 105529008, then ours), the dog with our code only.
    const arthurs = await fhir.search<Flag>('Flag', { subject: 'Patient/pat-arthur-bennett' }, { fresh: true });
    const livesAlone = arthurs.find((f) => f.code.coding?.some((c) => c.code === 'lives_alone'))!;
    expect(livesAlone.code.coding?.map((c) => c.code)).toEqual(['105529008', 'lives_alone']);
    const dog = arthurs.find((f) => f.code.coding?.some((c) => c.code === 'dog_at_property'))!;
    expect(dog.code.coding).toHaveLength(1);
    for (const flag of [livesAlone, dog]) {
      const outcome: OperationOutcome = await fhir.validate(flag);
      expect((outcome.issue ?? []).filter((i) => i.severity === 'error' || i.severity === 'fatal')).toEqual([]);
    }
    // Flags another system wrote, coded only in SNOMED CT, with no category of ours: read as what they say.
    const patientId = `foreign-flags-${randomUUID().slice(0, 8)}`;
    await fhir.update<Patient>({ resourceType: 'Patient', id: patientId, birthDate: '1939-03-14' });
    const foreign = (code: string, display: string): Flag => ({
      resourceType: 'Flag',
      status: 'active',
      code: { coding: [{ system: SNOMED_SYSTEM, code, display }] },
      subject: { reference: `Patient/${patientId}` },
    });
    await fhir.create(foreign('105529008', 'Lives alone'));
    await fhir.create(foreign('315594003', 'Interpreter needed'));
    await fhir.create({ ...foreign('15188001', 'Hearing loss'), status: 'inactive' });
    const patient = (await record.directory.findById(patientId))!;
    expect(patient.alerts).toEqual([{ category: 'risk', risk: 'lives_alone', text: 'Lives alone' }]);
    const needs = await record.needs.needsOf(patientId);
    expect(needs.map((n) => [n.need, n.snomed?.code])).toEqual([['interpreter', '315594003']]);
  });

  it("writes a need as one valid Flag, and an interpreter's language on the Patient with interpreterRequired", async () => {
    // A patient of this test's own, so the language added is known to be ours.
    const patientId = `needs-${randomUUID().slice(0, 8)}`;
    await fhir.update<Patient>({
      resourceType: 'Patient',
      id: patientId,
      name: [{ use: 'official', family: 'Nowak', given: ['Zofia'] }],
      birthDate: '1941-05-06',
      communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'en' }] }, preferred: true }],
    });
    const need = {
      patientId,
      need: 'interpreter',
      label: 'Needs an interpreter',
      language: 'pl',
      languageName: 'Polish',
      at: new Date(),
    };
    const filed = await record.needs.file(need);
    expect(await record.needs.file(need)).toEqual(filed);
    const flags = await fhir.search<Flag>(
      'Flag',
      { identifier: `${NEED_KEY_SYSTEM}|${patientId}:interpreter` },
      { fresh: true },
    );
    expect(flags.map((f) => [f.id, f.status, f.subject.reference, f.code.text])).toEqual([
      [filed.id, 'active', `Patient/${patientId}`, 'Needs an interpreter: Polish'],
    ]);
    const patient = await fhir.read<Patient>('Patient', patientId);
    // Added once (the retry changed nothing), beside the language already there, which stays the preferred one.
    expect(patient.communication).toEqual([
      { language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'en' }] }, preferred: true },
      {
        language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'pl', display: 'Polish' }], text: 'Polish' },
        preferred: false,
      },
    ]);
    expect(patient.extension).toEqual([{ url: INTERPRETER_REQUIRED_EXTENSION, valueBoolean: true }]);
    expect(patient.meta?.versionId).toBe('2');
    for (const resource of [flags[0], patient]) {
      const outcome: OperationOutcome = await fhir.validate(resource);
      const errors = (outcome.issue ?? []).filter((i) => i.severity === 'error' || i.severity === 'fatal');
      expect({ resource: resource.resourceType, errors }).toEqual({ resource: resource.resourceType, errors: [] });
    }
  });

  it("HAPI's $validate rejects a resource that breaks base R4, so the validation tests above can fail", async () => {
    // A Task with neither status nor intent (both 1..1) and a Communication with a status outside its required code set.
    const invalid = [
      { resourceType: 'Task', for: { reference: 'Patient/pat-edith-clarke' } } as Task,
      { resourceType: 'Communication', status: 'filed-away' } as unknown as Communication,
    ];
    for (const resource of invalid) {
      const errors = (await fhir.validate(resource)).issue?.filter(
        (i) => i.severity === 'error' || i.severity === 'fatal',
      );
      expect({ resource: resource.resourceType, rejected: (errors?.length ?? 0) > 0 }).toEqual({
        resource: resource.resourceType,
        rejected: true,
      });
    }
  });

  it('seeds teams, services, schedules, key workers, their roles and Flags as valid R4 (read back from the server)', async () => {
    const types = ['Organization', 'HealthcareService', 'Schedule', 'Practitioner', 'PractitionerRole', 'Flag'];
    const seeded = demoTransactionBundle()
      .entry.map((e) => e.resource!)
      .filter((r) => types.includes(r.resourceType));
    expect(new Set(seeded.map((r) => r.resourceType))).toEqual(new Set(types));
    for (const { resourceType, id } of seeded) {
      const resource = await fhir.read(resourceType, id!);
      const outcome: OperationOutcome = await fhir.validate(resource);
      const errors = (outcome.issue ?? []).filter((i) => i.severity === 'error' || i.severity === 'fatal');
      expect({ resource: `${resourceType}/${id}`, errors }).toEqual({ resource: `${resourceType}/${id}`, errors: [] });
    }
  });

  it('fails clearly when the record system cannot be reached', async () => {
    const down = fhirRecordSystem(new FhirClient(`http://127.0.0.1:${await freePort()}/fhir`, undefined, 2000), audit);
    await expect(down.directory.verify({ nhsNumber: EDITH.nhsNumber, dateOfBirth: EDITH.dateOfBirth })).rejects.toThrow(
      RecordUnavailableError,
    );
    await expect(
      down.contacts.file({ key: 'k', patientId: 'p', at: new Date(), channel: 'webchat', text: 't' }),
    ).rejects.toThrow(RecordUnavailableError);
    await expect(
      down.needs.file({ patientId: 'p', need: 'text_only', label: 'Text only', at: new Date() }),
    ).rejects.toThrow(RecordUnavailableError);
  });
});
