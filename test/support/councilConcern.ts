import type { QueueItem } from '../../src/hub/queueModel';
import type { TriageQueue } from '../../src/hub/triageQueue';
import type { SecureMessage, SecureMessagePort } from '../../src/integrations/notify/secureMessagePort';
import type { StoredSecureMail } from '../../src/integrations/notify/storedSecureMail';

/** The council's mail system refusing until it is told to accept: a real outage, from the outbox's side. */
export class FlakyMail implements SecureMessagePort {
  accepting = false;
  constructor(private readonly stored: StoredSecureMail) {}
  send(message: SecureMessage) {
    if (!this.accepting) return Promise.reject(Object.assign(new Error('refused'), { name: 'MailRefused' }));
    return this.stored.send(message);
  }
}

/** A neighbour's safeguarding concern for Medway, as the safeguarding dialog queues one. */
export function medwayConcern(queue: TriageQueue, key: string): Promise<QueueItem> {
  return queue.create({
    kind: 'safeguarding',
    disposition: 'same_day',
    channel: 'webchat',
    service: 'medway',
    conversation: { channelId: 'webchat', conversationId: key },
    summary: {
      contact: { role: 'carer', relationship: 'neighbour' },
      problem: 'safeguarding concern disclosed',
      answers: { disclosure: 'Her son takes her pension', immediateDanger: 'no' },
      redFlags: [],
    },
    idempotencyKey: key,
    createdBy: 'front-door-bot',
  });
}
