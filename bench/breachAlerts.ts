import mongoose from 'mongoose';

const HOUR_MS = 3600000;

export interface BreachAlertFigures {
  /** Queue items whose (shortened) target had passed when counted. */
  itemsPastTarget: number;
  /** Of those, marked breached by a sweep. */
  itemsBreached: number;
  /** Breach alerts sent (clinician.alert SMS in the outbox, which every sent SMS passes through first). */
  alertsSent: number;
  /** Items with at least one alert. */
  itemsAlerted: number;
  /** The most alerts any one item got: the SMS naming it, and the "alerted" entries in its history. */
  maxAlertsPerItem: number;
  maxAlertEntriesPerItem: number;
  /** Items alerted more than once, by either count: the bench fails on any. */
  itemsAlertedTwice: string[];
  /** Per clinician (masked number), the most alerts in any hour. */
  perClinicianPerHour: Record<string, number>;
}

/** 07700900801 → "…0801": enough to tell the rota's clinicians apart in a report. */
const masked = (phone: string) => `…${phone.slice(-4)}`;

/** The most timestamps within any window of `windowMs`. */
function mostInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/**
 * Counts, from the store, the breach alerts the instances' sweeps sent while the bench ran. An alert is attributed to
 * its item by the console link in its text, not by its idempotency key, so a change that made the key differ between
 * sweeps (and so sent twice) would be counted, not hidden; the item's own history is counted as a second witness.
 */
export async function countBreachAlerts(uri: string, dbName: string, now: Date): Promise<BreachAlertFigures> {
  const connection = await mongoose.createConnection(uri, { dbName }).asPromise();
  try {
    const db = connection.db!;
    const items = await db
      .collection<{ _id: string; deadline: Date; risk?: string; history: { action: string }[] }>('queue_items')
      .find({ deadline: { $lte: now } })
      .toArray();
    const alerts = await db
      .collection<{ to: string; body: string; createdAt: Date }>('outbox')
      .find({ purpose: 'clinician.alert' })
      .toArray();
    const perItem = new Map<string, number>();
    for (const alert of alerts) {
      const id = /\/items\/([^\s/]+)/.exec(alert.body)?.[1] ?? `unattributed ${alert.body.slice(0, 40)}`;
      perItem.set(id, (perItem.get(id) ?? 0) + 1);
    }
    const entries = new Map(items.map((i) => [String(i._id), i.history.filter((e) => e.action === 'alerted').length]));
    const twice = new Set([
      ...[...perItem].filter(([, n]) => n > 1).map(([id]) => id),
      ...[...entries].filter(([, n]) => n > 1).map(([id]) => id),
    ]);
    const byClinician = new Map<string, number[]>();
    for (const alert of alerts) {
      const key = masked(alert.to);
      byClinician.set(key, [...(byClinician.get(key) ?? []), alert.createdAt.getTime()]);
    }
    return {
      itemsPastTarget: items.length,
      itemsBreached: items.filter((i) => i.risk === 'breached').length,
      alertsSent: alerts.length,
      itemsAlerted: perItem.size,
      maxAlertsPerItem: Math.max(0, ...perItem.values()),
      maxAlertEntriesPerItem: Math.max(0, ...entries.values()),
      itemsAlertedTwice: [...twice],
      perClinicianPerHour: Object.fromEntries(
        [...byClinician].map(([clinician, times]) => [clinician, mostInWindow(times, HOUR_MS)]),
      ),
    };
  } finally {
    await connection.close();
  }
}

/** The latest deadline of the bench's open items with `disposition`, to wait for before counting. */
export async function latestDeadline(uri: string, dbName: string, disposition: string): Promise<Date | undefined> {
  const connection = await mongoose.createConnection(uri, { dbName }).asPromise();
  try {
    const [latest] = await connection
      .db!.collection<{ deadline: Date }>('queue_items')
      .find({ disposition })
      .sort({ deadline: -1 })
      .limit(1)
      .toArray();
    return latest?.deadline;
  } finally {
    await connection.close();
  }
}
