import { auditAction, label } from '../../src/console/pages/labels';

describe('console labels', () => {
  it('names every outbox purpose and audit action in words, never as its code', () => {
    expect(label('purpose', 'clinician.alert')).toBe('Alert to the duty clinician');
    expect(label('purpose', 'conversation.message')).toBe('Reply from the hub in an SMS conversation');
    expect(auditAction('login')).toBe('Signed in');
    expect(auditAction('queue.list')).toBe('Looked at the queue');
    // An action this file does not list is still read as words.
    expect(auditAction('queue_item.claim')).toBe('Queue item: claim');
    expect(auditAction('queue_item.bulk_close')).toBe('Queue item: bulk close');
  });
});
