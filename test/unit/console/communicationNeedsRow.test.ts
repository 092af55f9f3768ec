import { summaryRows } from '../../../src/console/pages/viewModels';
import type { QueueItem } from '../../../src/hub/queueModel';

const at = new Date('2026-12-05T10:00:00Z');
const item = (summary: Partial<QueueItem['summary']>): QueueItem =>
  ({
    _id: 'item-1',
    kind: 'escalation',
    status: 'new',
    disposition: 'same_day',
    reference: 'FD-ABC-DEF',
    createdAt: at,
    deadline: new Date(at.getTime() + 3600000),
    channel: 'webchat',
    conversation: { channelId: 'webchat', conversationId: 'c1' },
    summary: { contact: { role: 'patient' }, problem: 'p', answers: {}, redFlags: [], ...summary },
    idempotencyKey: 'k',
    history: [],
    updatedAt: at,
  }) as QueueItem;

const needsRow = (i: QueueItem) => summaryRows(i, at).find((r) => r.key.text === 'Communication needs')?.value.text;

describe("the queue item's communication needs row", () => {
  it('says for each need whether it is on the patient record, and where', () => {
    const shown = needsRow(
      item({
        communicationNeeds: ['Deaf or hard of hearing', 'Text only - do not phone', 'Large print for anything written'],
        needsOnRecord: {
          deaf: { label: 'Deaf or hard of hearing', status: 'on_record', recordId: '123' },
          text_only: { label: 'Text only - do not phone', status: 'declined' },
        },
      }),
    );
    expect(shown).toBe(
      'Deaf or hard of hearing (on the patient record, 123); Text only - do not phone (not on the record: the ' +
        'patient said no); Large print for anything written (not on the record)',
    );
  });

  it('shows a need owed to the record as being added, and no row when there are none', () => {
    expect(needsRow(item({ needsOnRecord: { bsl: { label: 'BSL user', status: 'owed' } } }))).toBe(
      'BSL user (being added to the patient record)',
    );
    expect(needsRow(item({}))).toBeUndefined();
  });
});
