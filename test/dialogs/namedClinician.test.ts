import { loadServiceProfiles } from '../../src/content/services';
import { queueModel } from '../../src/hub/queueModel';
import { Rota } from '../../src/integrations/rota/rota';
import { ServiceRotas } from '../../src/integrations/rota/serviceRotas';
import { patientModel, type Patient } from '../../src/patients/patientModel';
import { actions, createHarness, texts, type Conversation, type Harness } from '../support/dialogHarness';

const MEDWAY_NUMBER = '+441632960500';
const KENT_NUMBER = '+441632960100';

/** A fictional Medway patient whose named Senior Community Clinician is on Medway's demo rota (day and night). */
const medwayPatient = (over: Partial<Patient>): Patient => ({
  _id: 'pat-test-medway',
  nhsNumber: '9990000018',
  givenName: 'Mabel',
  familyName: 'Thorne',
  dateOfBirth: '1941-06-02',
  postcode: 'ME45AA',
  mobile: '07700900991',
  housebound: true,
  conditions: ['COPD', 'heart failure', 'chronic kidney disease'],
  gpPractice: 'Chatham Central Practice',
  team: 'Chatham Central locality team',
  keyWorker: { name: 'Sara Khan', role: 'Senior Community Clinician', phone: '07700900833' },
  carers: [],
  carePlan: { reviewedOn: '2026-10-01', reviewDue: '2027-01-01', plans: [] },
  ...over,
});

/** Verified by NHS number and date of birth, then asks for the duty clinician, says no danger signs and uses their mobile. */
async function verifiedAndEscalated(c: Conversation, nhsNumber: string, dateOfBirth: string) {
  await c.join();
  await c.say('when is the nurse coming');
  await c.say(nhsNumber);
  await c.say(dateOfBirth);
  const asked = await c.say('I need the duty nurse urgently');
  expect(actions(asked)).toEqual(['Yes', 'No', 'Not sure']);
  await c.say('No');
  await c.say('No');
  return c.say('yes, call my mobile');
}

describe('urgent cases to the named Senior Community Clinician first (seed 003)', () => {
  // 10:00 on a Monday in London: Medway's day shift is Ada Okafor, Ben Hughes, Sara Khan, in that order.
  const DAY = new Date('2026-12-07T10:00:00Z');
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      now: () => DAY,
      dutyRoute: new ServiceRotas(loadServiceProfiles(), Rota.fromContent()),
    });
    await patientModel(h.connection).create([
      medwayPatient({}),
      medwayPatient({
        _id: 'pat-test-medway-2',
        nhsNumber: '9990000026',
        givenName: 'Walter',
        dateOfBirth: '1938-01-20',
        mobile: '07700900992',
        // Niall Ryan is on Medway's night shift only: at 10:00 he is not on duty.
        keyWorker: { name: 'Niall Ryan', role: 'Senior Community Clinician', phone: '07700900834' },
      }),
    ]);
  });
  afterAll(() => h.close());

  const itemOf = async (conversationId: string) =>
    (await queueModel(h.connection).find({ 'conversation.conversationId': conversationId }).lean()).find(
      (i) => i.kind === 'escalation',
    )!;

  it('goes to the patient’s named clinician when they are on duty, and the item says who was tried', async () => {
    const c = h.conversation({ calledNumber: MEDWAY_NUMBER });
    const said = texts(await verifiedAndEscalated(c, '9990000018', '02/06/1941')).join(' ');
    expect(said).toMatch(/Sara Khan, the duty clinician/);
    const item = await itemOf(c.id);
    expect(item.service).toBe('medway');
    expect(item.namedClinician).toMatchObject({ name: 'Sara Khan', role: 'Senior Community Clinician', onDuty: true });
    const routed = item.history.find((e) => e.action === 'routed');
    expect(routed?.note).toBe(
      'named clinician Sara Khan on duty, tried first: Sara Khan, then Ada Okafor, then Ben Hughes',
    );
  });

  it('keeps the rota order when the named clinician is not on this shift', async () => {
    const c = h.conversation({ calledNumber: MEDWAY_NUMBER });
    const said = texts(await verifiedAndEscalated(c, '9990000026', '20/01/1938')).join(' ');
    expect(said).toMatch(/Ada Okafor, the duty clinician/);
    const item = await itemOf(c.id);
    expect(item.namedClinician).toMatchObject({ name: 'Niall Ryan', onDuty: false });
    expect(item.history.find((e) => e.action === 'routed')?.note).toBe(
      'named clinician Niall Ryan not on duty now; duty rota: Ada Okafor, then Ben Hughes, then Sara Khan',
    );
  });

  it('is only where the service’s profile asks for it: an unverified caller and a Wandsworth patient get the rota', async () => {
    const unverified = h.conversation({ calledNumber: MEDWAY_NUMBER });
    await unverified.join();
    await unverified.say('I need the duty nurse urgently');
    await unverified.say('No');
    await unverified.say('No');
    await unverified.say('07700 900456');
    expect((await itemOf(unverified.id)).namedClinician).toBeUndefined();

    // Edith Clarke's key worker is on her record, but Wandsworth's spec names no such route.
    const wandsworth = h.conversation({ calledNumber: KENT_NUMBER });
    await verifiedAndEscalated(wandsworth, '9992345675', '14/03/1939');
    const item = await itemOf(wandsworth.id);
    expect(item.service).toBe('wandsworth');
    expect(item.namedClinician).toBeUndefined();
    expect(item.history.some((e) => e.action === 'routed')).toBe(false);
  });
});
