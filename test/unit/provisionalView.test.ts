import type { QueueItem } from '../../src/hub/queueModel';
import { queueRowView, summaryRows } from '../../src/console/pages/viewModels';

// Issue 17: an item queued while Front Door was still asking is labelled so on the queue and the item page, and its
// clock runs like any other's (the people who left part-way are the ones it exists for).

const created = new Date('2026-11-25T22:00:00Z');
function item(over: Partial<QueueItem>): QueueItem {
  return {
    _id: 'i1',
    kind: 'escalation',
    status: 'new',
    disposition: 'urgent_2h',
    reference: 'FD-ABC-123',
    createdAt: created,
    deadline: new Date(created.getTime() + 2 * 3600000),
    channel: 'webchat',
    conversation: { channelId: 'webchat', conversationId: 'c1' },
    summary: { contact: { role: 'carer' }, problem: 'catheter blocked', answers: {}, redFlags: [] },
    idempotencyKey: 'k1',
    history: [{ at: new Date(created.getTime() + 60000), by: 'Front Door', action: 'assessment_updated' }],
    updatedAt: created,
    ...over,
  };
}

describe('a provisional item on the console', () => {
  const now = new Date(created.getTime() + 5 * 60000);

  it('is labelled "Assessment not finished" with when Front Door last asked, and keeps its target', () => {
    const row = queueRowView(item({ provisional: 'assessment' }), now, false);
    expect(row.provisional?.text).toBe('Assessment not finished');
    expect(row.provisional?.detail).toMatch(/still asking at 22:01.*left part-way/);
    expect(row.target).toMatchObject({ state: 'on_track' });
    const rows = summaryRows(item({ provisional: 'assessment' }), now);
    expect(rows.map((r) => r.key.text)).toContain('Assessment not finished');
  });

  it('is breached like any other item when nobody contacts the person in time', () => {
    const late = new Date(created.getTime() + 3 * 3600000);
    expect(queueRowView(item({ provisional: 'handover' }), late, false)).toMatchObject({
      provisional: { text: 'Handover not finished' },
      target: { state: 'breached' },
    });
  });

  it('is not labelled once settled or finished', () => {
    expect(queueRowView(item({}), now, false).provisional).toBeUndefined();
    expect(queueRowView(item({ provisional: 'assessment', status: 'closed' }), now, false).provisional).toBeUndefined();
    expect(summaryRows(item({}), now).map((r) => r.key.text)).not.toContain('Assessment not finished');
  });
});
