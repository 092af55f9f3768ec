import { summaryRows } from '../../../src/console/pages/viewModels';
import type { NamedClinicianOnItem, QueueItem } from '../../../src/hub/queueModel';

const at = new Date('2026-12-07T10:00:00Z');
const item = (namedClinician?: NamedClinicianOnItem): QueueItem =>
  ({
    _id: 'item-1',
    kind: 'escalation',
    status: 'new',
    disposition: 'urgent_2h',
    reference: 'FD-ABC-DEF',
    createdAt: at,
    deadline: new Date(at.getTime() + 7200000),
    channel: 'webchat',
    service: 'medway',
    conversation: { channelId: 'webchat', conversationId: 'c1' },
    summary: { contact: { role: 'patient' }, problem: 'p', answers: {}, redFlags: [] },
    idempotencyKey: 'k',
    history: [],
    updatedAt: at,
    ...(namedClinician ? { namedClinician } : {}),
  }) as QueueItem;

const namedRow = (i: QueueItem) => summaryRows(i, at).find((r) => r.key.text === 'Named clinician')?.value.text;

describe("the queue item's named clinician row", () => {
  const sara = { name: 'Sara Khan', role: 'Senior Community Clinician' };

  it('says whether the named clinician was on duty and tried first', () => {
    expect(namedRow(item({ ...sara, onDuty: true }))).toBe(
      'Sara Khan (Senior Community Clinician): on duty, tried first',
    );
    expect(namedRow(item({ ...sara, onDuty: false }))).toBe(
      "Sara Khan (Senior Community Clinician): not on duty when routed, so the duty rota's order was used",
    );
    expect(namedRow(item(sara))).toBe('Sara Khan (Senior Community Clinician): not routed yet');
  });

  it('is not shown for an item with no named clinician', () => {
    expect(namedRow(item())).toBeUndefined();
  });
});
