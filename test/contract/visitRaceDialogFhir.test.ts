import { randomUUID } from 'node:crypto';
import type { Appointment, Bundle, HealthcareService, Patient, Resource, Schedule, Slot } from '@medplum/fhirtypes';
import { AuditLog } from '../../src/hub/audit';
import { FhirClient, FhirRequestError } from '../../src/record/fhir/fhirClient';
import { FhirVisitBook, fhirRecordSystem } from '../../src/record/fhir/fhirRecord';
import { NHS_NUMBER_SYSTEM } from '../../src/record/fhir/terms';
import { actions, createHarness, texts, type Harness } from '../support/dialogHarness';
import { FHIR_START_TIMEOUT_MS, fhirTestServer } from '../support/fhirServer';

/**
 * The client the conversation's record uses, with one seam: something else may be written to the server just before
 * the conversation's next transaction goes out, so the server itself refuses it (If-Match), as it does when two people
 * take the last slot at once. Nothing the adapter does is replaced; the answers it gets are the server's.
 */
class InterleavedFhirClient extends FhirClient {
  meanwhile?: () => Promise<void>;
  /** Whether each transaction the server refused was refused as a version conflict (409 or 412). */
  readonly refused: boolean[] = [];

  override async transaction(entries: Bundle['entry']): Promise<Bundle> {
    const meanwhile = this.meanwhile;
    this.meanwhile = undefined;
    if (meanwhile) await meanwhile();
    try {
      return await super.transaction(entries);
    } catch (err) {
      if (err instanceof FhirRequestError) this.refused.push(err.isConflict);
      throw err;
    }
  }
}

/** A test NHS number (999 range) with a valid modulus 11 check digit. */
function nhsNumber(): string {
  for (;;) {
    const digits = `999${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    const sum = [...digits].reduce((total, d, i) => total + Number(d) * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return `${digits}${check === 11 ? 0 : check}`;
  }
}

// Whole days apart: two slots half a day apart can share a date and window, and so the label a person chooses by.
const day = (n: number) => new Date(Date.now() + n * 24 * 3600 * 1000).toISOString();
const put = (resource: Resource & { id: string }) => ({
  resource,
  request: { method: 'PUT' as const, url: `${resource.resourceType}/${resource.id}` },
});

describe('a visit move that loses a race on the FHIR record', () => {
  let fhir: FhirClient;
  let client: InterleavedFhirClient;
  let h: Harness;

  beforeAll(async () => {
    fhir = await fhirTestServer();
    client = new InterleavedFhirClient(fhir.baseUrl, undefined, 60000);
    h = await createHarness({ recordOn: (connection) => fhirRecordSystem(client, new AuditLog(connection)) });
  }, FHIR_START_TIMEOUT_MS);
  afterAll(() => h.close());

  /**
   * A team of its own with two free times, a patient with one visit in it, and another patient's visit in the same
   * team, so the times offered are exactly these two; nothing of the demo record is touched.
   */
  async function fixture() {
    const run = randomUUID().slice(0, 8);
    const team = `race-dialog-${run}`;
    const patient: Patient & { id: string } = {
      resourceType: 'Patient',
      id: `${team}-patient`,
      identifier: [{ system: NHS_NUMBER_SYSTEM, value: nhsNumber() }],
      name: [{ use: 'official', family: 'Okafor', given: ['Grace'] }],
      birthDate: '1940-05-17',
      address: [{ use: 'home', postalCode: 'SW18 1AA' }],
    };
    // The other visit's patient is the fixture's own too, so no demo patient's visits change.
    const neighbour: Patient & { id: string } = {
      resourceType: 'Patient',
      id: `${team}-neighbour`,
      name: [{ use: 'official', family: 'Adeyemi', given: ['Samuel'] }],
      birthDate: '1938-02-03',
    };
    const slot = (name: string, at: number, status: 'free' | 'busy'): Slot & { id: string } => ({
      resourceType: 'Slot',
      id: `${team}-${name}`,
      schedule: { reference: `Schedule/${team}` },
      status,
      start: day(at),
      end: day(at),
      comment: 'morning (9am to 12 noon)',
    });
    const visit = (name: string, who: string, slotId: string, at: number): Appointment & { id: string } => ({
      resourceType: 'Appointment',
      id: `${team}-${name}`,
      status: 'booked',
      description: 'District nurse visit',
      start: day(at),
      end: day(at),
      comment: 'morning (9am to 12 noon)',
      slot: [{ reference: `Slot/${slotId}` }],
      participant: [
        { actor: { reference: `Patient/${who}` }, status: 'accepted' },
        { actor: { reference: `HealthcareService/${team}` }, status: 'accepted' },
      ],
    });
    const slots = {
      own: slot('own', 2, 'busy'),
      other: slot('other', 1, 'busy'),
      first: slot('first', 3, 'free'),
      second: slot('second', 4, 'free'),
    };
    const visits = {
      own: visit('own', patient.id, slots.own.id, 2),
      other: visit('other', neighbour.id, slots.other.id, 1),
    };
    await fhir.transaction([
      put({ resourceType: 'HealthcareService', id: team, active: true, name: team } satisfies HealthcareService),
      put({
        resourceType: 'Schedule',
        id: team,
        active: true,
        actor: [{ reference: `HealthcareService/${team}` }],
      } satisfies Schedule),
      put(patient),
      put(neighbour),
      ...Object.values(slots).map(put),
      ...Object.values(visits).map(put),
    ]);
    return { patient, slots, visits };
  }

  /** The conversation up to the times offered for the person's only visit. */
  async function offeredTimes(nhs: string) {
    const c = h.conversation();
    await c.join();
    await c.say('I need to change my appointment');
    await c.say(nhs);
    const offered = actions(await c.say('17/05/1940'));
    return { c, offered };
  }

  it('the loser of the last slot hears that the time has just gone and chooses from the times free now', async () => {
    const { patient, slots, visits } = await fixture();
    const { c, offered } = await offeredTimes(patient.identifier![0].value!);
    expect(offered).toHaveLength(3);
    const [first, second] = offered;

    // Another person takes the first time between this person's choosing and the record being written.
    const otherBook = new FhirVisitBook(fhir, new AuditLog(h.connection));
    client.meanwhile = async () => {
      const taken = await otherBook.change(visits.other.id, slots.first.id, `other-${randomUUID()}`, {
        kind: 'staff',
        id: 'coordinator',
      });
      expect(taken.outcome).toBe('changed');
    };
    const refused = client.refused.length;
    const retry = await c.say(first);
    expect(client.refused.slice(refused)).toEqual([true]);
    expect(texts(retry).join(' ')).toMatch(/that time has just gone to someone else\. Here are the times still free/);
    expect(texts(retry).join(' ')).not.toMatch(/Someone else is changing this visit/);
    // Read fresh: the time taken is gone, and the time the other person left is free again.
    expect(actions(retry)).not.toContain(first);
    expect(actions(retry)).toEqual([expect.stringMatching(/morning/), second, 'Keep my visit']);

    expect(texts(await c.say(second)).join(' ')).toMatch(/now on/);
    const [own, other] = await Promise.all([
      fhir.read<Appointment>('Appointment', visits.own.id),
      fhir.read<Appointment>('Appointment', visits.other.id),
    ]);
    expect(own.slot![0].reference).toBe(`Slot/${slots.second.id}`);
    expect(other.slot![0].reference).toBe(`Slot/${slots.first.id}`);
    const status = async (id: string) => (await fhir.read<Slot>('Slot', id)).status;
    expect(await status(slots.own.id)).toBe('free');
    expect(await status(slots.first.id)).toBe('busy');
    expect(await status(slots.second.id)).toBe('busy');
  });

  it('a move refused while the visit was being written by someone else offers the times free now, not a dead end', async () => {
    const { patient, slots, visits } = await fixture();
    const { c, offered } = await offeredTimes(patient.identifier![0].value!);
    const [first, second] = offered;

    // A coordinator adds a note to the visit at the same moment: the server refuses the move (busy), the time is free.
    client.meanwhile = async () => {
      const visit = await fhir.read<Appointment>('Appointment', visits.own.id);
      await fhir.update({ ...visit, patientInstruction: 'Key safe by the back door' }, visit.meta!.versionId);
    };
    const refused = client.refused.length;
    const retry = await c.say(first);
    expect(client.refused.slice(refused)).toEqual([true]);
    expect(texts(retry).join(' ')).toMatch(/someone else was booking at the same moment\. These times are free now/);
    expect(texts(retry).join(' ')).not.toMatch(/Someone else is changing this visit/);
    expect(actions(retry)).toEqual([first, second, 'Keep my visit']);

    expect(texts(await c.say(first)).join(' ')).toMatch(/now on/);
    const own = await fhir.read<Appointment>('Appointment', visits.own.id);
    expect(own.slot![0].reference).toBe(`Slot/${slots.first.id}`);
    // Moved from the visit as it is now: the coordinator's note is kept.
    expect(own.patientInstruction).toBe('Key safe by the back door');
  });
});
