import type { AuditLog } from '../../src/hub/audit';
import type { RecordSystem } from '../../src/record/ports';

export const EDITH = { nhsNumber: '9992345675', dateOfBirth: '1939-03-14', name: 'Edith Clarke', postcode: 'sw17 0qt' };
export const ARTHUR = { nhsNumber: '9993456780', dateOfBirth: '1945-11-02' };
const bot = { kind: 'bot' as const, id: 'front-door', channel: 'contract-test' };

/** What each adapter's test file provides: the record on the demo data, and a way to add visits for a race. */
export interface ContractFixture {
  record: RecordSystem;
  /** The audit trail the record system's changes to visits are written to. */
  audit: AuditLog;
  /** Adds `count` booked visits for Arthur's team, each on its own slot, and one lone free slot: for a race. */
  raceFixture(count: number): Promise<{ visitIds: string[]; lastSlotId: string }>;
}

/** The same checks for every record adapter: what the dialogs and the hub rely on, whichever system is behind. */
export function recordContract(fixture: () => ContractFixture): void {
  let record: RecordSystem;
  let audit: AuditLog;
  beforeAll(() => {
    ({ record, audit } = fixture());
  });
  const audited = async (visitIds: string[]) =>
    (await Promise.all(visitIds.map((id) => audit.forSubject('appointment', id)))).flat();

  it('finds a patient by NHS number and by name, date of birth and postcode', async () => {
    const byNumber = await record.directory.findByNhsNumber(EDITH.nhsNumber);
    expect(byNumber).toMatchObject({ givenName: 'Edith', familyName: 'Clarke', dateOfBirth: EDITH.dateOfBirth });
    const byDemographics = await record.directory.findByDemographics(EDITH);
    expect(byDemographics.map((p) => p._id)).toEqual([byNumber!._id]);
    expect(await record.directory.findByDemographics({ ...EDITH, postcode: 'SW18 2PU' })).toEqual([]);
    expect(await record.directory.findByNhsNumber('9990000018')).toBeNull();
  });

  it('verifies the whole claim only, for the patient and for a recorded carer', async () => {
    const yes = await record.directory.verify({ nhsNumber: EDITH.nhsNumber, dateOfBirth: EDITH.dateOfBirth });
    expect(yes).toMatchObject({ verified: true, patient: { givenName: 'Edith', mobile: '07700900123' } });
    expect(await record.directory.verify({ nhsNumber: EDITH.nhsNumber, dateOfBirth: '1939-03-15' })).toEqual({
      verified: false,
    });
    const byName = await record.directory.verify({
      name: 'edith clarke',
      dateOfBirth: EDITH.dateOfBirth,
      postcode: 'SW170QT',
    });
    expect(byName.verified).toBe(true);
    const carer = await record.directory.verify(
      { nhsNumber: EDITH.nhsNumber, dateOfBirth: EDITH.dateOfBirth, carerName: 'Joan Clarke' },
      true,
    );
    expect(carer.verified).toBe(true);
    const stranger = await record.directory.verify(
      { nhsNumber: EDITH.nhsNumber, dateOfBirth: EDITH.dateOfBirth, carerName: 'Sam Jones' },
      true,
    );
    expect(stranger.verified).toBe(false);
  });

  it("reads a patient's active risk, safeguarding and lone-worker alerts, and none for a patient without", async () => {
    const arthur = (await record.directory.findByNhsNumber('9993456780'))!;
    // Each names the known risk it is (content/risk-alerts.yaml): the FHIR record has it from the Flag's codes.
    expect((await record.directory.findById(arthur._id))!.alerts).toEqual([
      {
        category: 'lone-worker',
        risk: 'dog_at_property',
        text: 'Large dog at the property. Ask for it to be shut away before going in.',
      },
      {
        category: 'risk',
        risk: 'lives_alone',
        text: 'Lives alone, no carer. Nobody else at home to let the team in or raise the alarm.',
      },
    ]);
    const edith = (await record.directory.findByNhsNumber(EDITH.nhsNumber))!;
    expect((await record.directory.findById(edith._id))!.alerts ?? []).toEqual([]);
  });

  it("reads the care plan's zones, key worker, review date and whether the patient is housebound", async () => {
    const edith = (await record.directory.findByNhsNumber(EDITH.nhsNumber))!;
    const plan = (await record.carePlans.planOf(edith._id))!;
    expect(plan.reviewDue).toBe('2027-01-01');
    expect(plan.keyWorker).toEqual({ name: 'Grace Okafor', role: 'Community Matron', phone: '07700900301' });
    const breathing = plan.plans.find((p) => p.id === 'breathlessness')!;
    expect(breathing.title).toBe('My breathing (COPD)');
    expect(breathing.triggers).toContain('wheez');
    expect(breathing.zones.amber.do).toMatch(/rescue pack/);
    expect(breathing.zones.red.call).toBe('Call 999.');
    const full = (await record.directory.findById(edith._id))!;
    expect(full.carePlan.plans.map((p) => p.id).sort()).toEqual(['breathlessness', 'swollen-ankles']);
    expect(full.keyWorker.name).toBe('Grace Okafor');
    // Communication needs and risks: Edith is housebound (visits at home), Marjorie is not.
    expect(full.housebound).toBe(true);
    const marjorie = (await record.directory.findByNhsNumber('9994567918'))!;
    expect((await record.directory.findById(marjorie._id))!.housebound).toBe(false);
    expect(await record.directory.mobileOf(edith._id)).toBe('07700900123');
  });

  it('lists visits, offers free slots, moves a visit once (retries included), frees the old slot and audits it', async () => {
    const arthur = (await record.directory.findByNhsNumber(ARTHUR.nhsNumber))!;
    const visits = await record.visits.upcoming(arthur._id);
    expect(visits.map((v) => v.visitType)).toEqual([
      'District nurse visit (catheter care)',
      'District nurse visit (diabetes review)',
      'District nurse visit (catheter change)',
    ]);
    const visit = visits[0];
    const offers = await record.visits.freeSlots(visit);
    expect(offers).toHaveLength(4);
    expect(new Set(offers.map((s) => `${s.start.toISOString()}|${s.window}`)).size).toBe(4);
    expect(offers.every((s) => s.start.getTime() !== visit.start.getTime())).toBe(true);

    const moved = await record.visits.change(visit._id, offers[0]._id, 'contract-move-1', bot);
    expect(moved.outcome).toBe('changed');
    expect(moved.appointment!.start.toISOString()).toBe(offers[0].start.toISOString());
    const retried = await record.visits.change(visit._id, offers[0]._id, 'contract-move-1', bot);
    expect(retried.outcome).toBe('changed');
    expect((await record.visits.find(visit._id))!.slotId).toBe(offers[0]._id);
    expect(await record.visits.change(visit._id, offers[0]._id, 'contract-move-2', bot)).toMatchObject({
      outcome: 'unchanged',
    });
    const oldSlot = (await record.visits.findSlot(visit.slotId))!;
    expect(await record.visits.freeSlotInWindow(oldSlot)).toBeDefined();
    expect(await record.visits.change('no-such-visit', offers[1]._id, 'contract-move-3', bot)).toEqual({
      outcome: 'not_found',
    });
    // Audited once, by the request that moved it: not by its retry, nor by the one that changed nothing.
    expect(await audited([visit._id])).toMatchObject([
      {
        action: 'appointment.changed',
        actor: { kind: 'bot', id: 'front-door' },
        channel: 'contract-test',
        detail: { fromSlot: visit.slotId, toSlot: offers[0]._id },
      },
    ]);
  });

  it('cancels a visit once, frees its slot and audits it', async () => {
    const arthur = (await record.directory.findByNhsNumber(ARTHUR.nhsNumber))!;
    const [, second] = await record.visits.upcoming(arthur._id);
    const cancelled = await record.visits.cancel(second._id, 'feeling better', 'contract-cancel-1', bot);
    expect(cancelled.outcome).toBe('cancelled');
    expect((await record.visits.cancel(second._id, 'feeling better', 'contract-cancel-1', bot)).outcome).toBe(
      'cancelled',
    );
    expect((await record.visits.upcoming(arthur._id)).map((v) => v._id)).not.toContain(second._id);
    expect((await record.visits.find(second._id))!.status).toBe('cancelled');
    expect((await record.visits.cancel(second._id, 'again', 'contract-cancel-2', bot)).outcome).toBe('not_found');
    expect(await audited([second._id])).toMatchObject([
      { action: 'appointment.cancelled', actor: { id: 'front-door' }, detail: { reason: 'feeling better' } },
    ]);
  });

  it('gives the last slot to exactly one of ten people taking it at once', async () => {
    const { visitIds, lastSlotId } = await fixture().raceFixture(10);
    const results = await Promise.all(
      visitIds.map((id, n) => record.visits.change(id, lastSlotId, `contract-race-${n}`, bot)),
    );
    const outcomes = results.map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'changed')).toHaveLength(1);
    expect(outcomes.every((o) => o === 'changed' || o === 'slot_taken' || o === 'busy')).toBe(true);
    const holders = (await Promise.all(visitIds.map((id) => record.visits.find(id)))).filter(
      (v) => v!.slotId === lastSlotId,
    );
    expect(holders).toHaveLength(1);
    // Only the winner changed a visit, so only the winner is in the audit trail.
    expect((await audited(visitIds)).map((e) => [e.action, e.subject.id])).toEqual([
      ['appointment.changed', holders[0]!._id],
    ]);
  });

  it('sends a referral once per key', async () => {
    const arthur = (await record.directory.findByNhsNumber(ARTHUR.nhsNumber))!;
    const referral = {
      key: 'contract-referral-1',
      reference: 'FD-CONTRACT1',
      patientId: arthur._id,
      kind: 'referral' as const,
      priority: 'urgent' as const,
      reason: 'Catheter blocked, no urine for 6 hours',
      requester: 'London Ambulance Service crew',
      occurrenceBy: new Date(Date.now() + 2 * 3600 * 1000),
      summary: 'Crew on scene; observations normal; needs a catheter change today.',
    };
    const first = await record.referrals.send(referral);
    expect(first.id).toBeTruthy();
    expect(await record.referrals.send(referral)).toEqual(first);
    // Sent again with more said (a handover given piecemeal): still the one referral.
    expect(await record.referrals.send({ ...referral, summary: `${referral.summary} NEWS2 3.` })).toEqual(first);
  });

  it("files a contact summary to the patient's record once per key", async () => {
    const edith = (await record.directory.findByNhsNumber(EDITH.nhsNumber))!;
    const summary = {
      key: 'contract-contact-1',
      patientId: edith._id,
      at: new Date('2026-12-01T10:00:00Z'),
      channel: 'webchat',
      reference: 'FD-CONTRACT2',
      text: 'Asked when the nurse is coming; told Tuesday morning.',
    };
    const filed = await record.contacts.file(summary);
    expect(filed.id).toBeTruthy();
    expect(await record.contacts.file(summary)).toEqual(filed);
    const contacts = (await record.contacts.contactsOf(edith._id)).filter((c) => c.key === summary.key);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      id: filed.id,
      channel: 'webchat',
      reference: 'FD-CONTRACT2',
      text: summary.text,
    });
  });

  it("files a communication need to the patient's record once per patient and need, retries included", async () => {
    const marjorie = (await record.directory.findByNhsNumber('9994567918'))!;
    const bsl = {
      patientId: marjorie._id,
      need: 'bsl',
      label: 'British Sign Language user (offer a BSL interpreter or video relay)',
      contactBy: 'SignVideo BSL video relay: https://signvideo.co.uk/',
      at: new Date('2026-12-01T10:00:00Z'),
    };
    const filed = await record.needs.file(bsl);
    expect(filed.id).toBeTruthy();
    // A retry after a lost answer, and the same need told again in another conversation: still the one record.
    expect(await record.needs.file(bsl)).toEqual(filed);
    expect(await record.needs.file({ ...bsl, at: new Date('2026-12-02T09:00:00Z') })).toEqual(filed);
    const interpreter = await record.needs.file({
      patientId: marjorie._id,
      need: 'interpreter',
      label: 'Needs an interpreter',
      language: 'pl',
      languageName: 'Polish',
      at: new Date('2026-12-01T10:00:00Z'),
    });
    expect(interpreter.id).not.toEqual(filed.id);
    const needs = await record.needs.needsOf(marjorie._id);
    expect(needs.filter((n) => n.need === 'bsl' || n.need === 'interpreter')).toEqual([
      { id: filed.id, need: 'bsl', label: bsl.label, contactBy: bsl.contactBy },
      {
        id: interpreter.id,
        need: 'interpreter',
        label: 'Needs an interpreter',
        language: 'pl',
        languageName: 'Polish',
      },
    ]);
    // Another patient's record has none of them.
    const edith = (await record.directory.findByNhsNumber(EDITH.nhsNumber))!;
    expect((await record.needs.needsOf(edith._id)).map((n) => n.id)).not.toContain(filed.id);
  });
}
