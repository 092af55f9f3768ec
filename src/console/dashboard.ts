import type { Connection } from 'mongoose';
import { queueModel } from '../hub/queueModel';
import type { TriageQueue } from '../hub/triageQueue';
import type { ChannelTranscripts } from '../store/channelTranscripts';

export interface Dashboard {
  since: Date;
  contacts: number;
  contactsByChannel: Record<string, number>;
  queueByKind: Record<string, number>;
  /** Items per service id (items made before services are the default service's). */
  queueByService: Record<string, number>;
  queueByDisposition: Record<string, number>;
  escalations: number;
  breaches: number;
  feedbackOverdue: number;
  /** Per disposition: how long until a person first made contact, against the target. */
  firstResponse: {
    disposition: string;
    count: number;
    medianMinutes: number;
    targetMinutes?: number;
    withinTarget: number;
  }[];
  /** Conversations that never needed a queue item: the bot (or the guidance it gave) was enough. */
  resolvedWithoutPerson: number;
}

/**
 * The hub's numbers over a window. Counted in the process over projected fields rather than with $group, so they are
 * the same on every store we run on; a window of days of contacts is small enough for that.
 */
export async function dashboard(
  connection: Connection,
  transcripts: Pick<ChannelTranscripts, 'conversationsSince'>,
  queue: TriageQueue,
  days: number,
  now: Date,
  scope: { services?: (string | null)[]; defaultService: string } = { defaultService: '' },
): Promise<Dashboard> {
  const since = new Date(now.getTime() - days * 86400000);
  const conversations = await transcripts.conversationsSince(since);
  const items = await queueModel(connection)
    .find({ createdAt: { $gte: since }, ...(scope.services ? { service: { $in: scope.services } } : {}) })
    .select({
      service: 1,
      kind: 1,
      disposition: 1,
      risk: 1,
      createdAt: 1,
      firstResponseAt: 1,
      feedbackDue: 1,
      feedbackGivenAt: 1,
      conversation: 1,
    })
    .lean()
    .exec();

  const count = (values: string[]) =>
    values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
  const withItem = new Set(items.map((i) => `${i.conversation.channelId}|${i.conversation.conversationId}`));
  const selfServed = conversations.filter((c) => !withItem.has(`${c.channelId}|${c.id}`)).length;

  const responded = items.filter((i) => i.firstResponseAt);
  const firstResponse = [...new Set(responded.map((i) => i.disposition))].sort().map((disposition) => {
    const minutes = responded
      .filter((i) => i.disposition === disposition)
      .map((i) => (i.firstResponseAt!.getTime() - i.createdAt.getTime()) / 60000)
      .sort((a, b) => a - b);
    const targetMinutes = queue.targetMinutes(disposition);
    return {
      disposition,
      count: minutes.length,
      medianMinutes: Math.round(minutes[Math.floor((minutes.length - 1) / 2)] * 10) / 10,
      targetMinutes,
      withinTarget: minutes.filter((m) => targetMinutes === undefined || m <= targetMinutes).length,
    };
  });

  return {
    since,
    contacts: conversations.length,
    contactsByChannel: count(conversations.map((c) => c.channelId)),
    queueByKind: count(items.map((i) => i.kind)),
    queueByService: count(items.map((i) => i.service ?? scope.defaultService)),
    queueByDisposition: count(items.map((i) => i.disposition)),
    escalations: items.filter((i) => i.kind === 'escalation').length,
    breaches: items.filter((i) => i.risk === 'breached').length,
    feedbackOverdue: items.filter((i) => i.feedbackDue && !i.feedbackGivenAt && i.feedbackDue < now).length,
    firstResponse,
    resolvedWithoutPerson: conversations.length ? Math.round((selfServed / conversations.length) * 1000) / 10 : 0,
  };
}
