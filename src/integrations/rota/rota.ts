import { z } from 'zod';
import { readContentFile, reviewSchema } from '../../content/readContentFile';
import { localTime } from '../../content/services';
import type { DutyClinician, DutyRoute } from '../../dialogs/dialogDeps';
import type { Logger } from '../../observability/logger';
import type { RotaSource } from './rotaStore';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const rotaSchema = z.object({
  review: reviewSchema,
  clinicians: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        role: z.string().min(1),
        band: z.number().int().min(6, 'duty clinicians must be Band 6 or above'),
        phone: z.string().regex(/^0\d{10}$/, 'must be a UK number of 11 digits starting with 0, e.g. 07700900801'),
        /** Their console sign-in, so a call-back from the console rings their rota phone. */
        email: z.email({ error: 'must be an email address' }).optional(),
      }),
    )
    .min(3),
  shifts: z
    .array(z.object({ days: z.array(z.enum(DAYS)).min(1), from: time, to: time, order: z.array(z.string()).min(1) }))
    .min(1),
});
export type RotaContent = z.infer<typeof rotaSchema>;

export interface RostedClinician extends DutyClinician {
  id: string;
  role: string;
  band: number;
}

/**
 * What the schema cannot say: every shift names clinicians on the rota, and each clinician id is used once. Returns the
 * problem with the field it is in, or undefined.
 */
export function rotaProblem(content: RotaContent): { path: string; message: string } | undefined {
  const ids = content.clinicians.map((c) => c.id);
  const duplicate = ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (duplicate >= 0) return { path: `clinicians.${duplicate}.id`, message: `${ids[duplicate]} is used twice` };
  for (const [s, shift] of content.shifts.entries()) {
    for (const [o, id] of shift.order.entries()) {
      if (!ids.includes(id)) return { path: `shifts.${s}.order.${o}`, message: `names unknown clinician ${id}` };
    }
  }
  return undefined;
}

/**
 * Who is on duty at `at` by these shifts (Europe/London), first to be tried first: a shift whose end is not after its
 * start runs past midnight into the next day. Shared by the rota in content and the roster read from the record.
 */
export function onDutyIn(rota: Pick<RotaContent, 'clinicians' | 'shifts'>, at: Date): RostedClinician[] {
  const { day, minutes: now } = localTime(at, TIME_ZONE);
  const today = DAYS.indexOf(day as (typeof DAYS)[number]);
  const yesterday = DAYS[(today + 6) % 7];
  const ids: string[] = [];
  for (const shift of rota.shifts) {
    const from = minutes(shift.from);
    const to = minutes(shift.to);
    const overnight = from >= to;
    const coversToday =
      shift.days.includes(day as (typeof DAYS)[number]) && (overnight ? now >= from : now >= from && now < to);
    const coversFromYesterday = overnight && shift.days.includes(yesterday) && now < to;
    if (coversToday || coversFromYesterday) for (const id of shift.order) if (!ids.includes(id)) ids.push(id);
  }
  return ids.flatMap((id) => {
    const c = rota.clinicians.find((x) => x.id === id);
    return c ? [{ id: c.id, name: c.name, role: c.role, band: c.band, phone: c.phone }] : [];
  });
}

export interface RotaStoreOptions {
  /** How long a read of the current version is used before reading again (other instances' edits show within this). */
  cacheMs?: number;
  /** How long a transfer waits for the store before going on with the last rota it knew. */
  timeoutMs?: number;
  logger?: Logger;
}

const TIME_ZONE = 'Europe/London';
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/**
 * The duty rota: who is on duty at a moment, in fallback order. A shift may run past midnight (20:00-08:00); it then
 * belongs to the day it starts on.
 */
export class Rota implements DutyRoute {
  /** The last rota known: the file's until the store answers, then the store's latest version. */
  private content: RotaContent;
  private version?: number;
  private source?: RotaSource;
  private options: Required<Omit<RotaStoreOptions, 'logger'>> & { logger?: Logger } = {
    cacheMs: 5000,
    timeoutMs: 1500,
  };
  private readAt = -Infinity;
  private reading?: Promise<void>;

  constructor(content: RotaContent) {
    const problem = rotaProblem(content);
    if (problem) throw new Error(`rota: ${problem.path}: ${problem.message}`);
    this.content = content;
  }

  static fromContent(file = 'demo/rota.yaml'): Rota {
    return new Rota(readContentFile(file, rotaSchema));
  }

  /**
   * Reads the rota from the store from now on (admins edit it in the console). The content it was made with stays as
   * the fail-safe: until the store answers, and whenever it does not, the last rota known is used.
   */
  useStore(source: RotaSource, options: RotaStoreOptions = {}): void {
    this.source = source;
    this.options = { ...this.options, ...options };
    this.readAt = -Infinity;
  }

  /** The next onDuty reads the store again (after an edit on this instance). */
  invalidate(): void {
    this.readAt = -Infinity;
  }

  /** The rota in use and its store version (undefined while it is the file's content). */
  current(): { content: RotaContent; version?: number } {
    return { content: this.content, version: this.version };
  }

  /** The current stored version, read at most once per cache period; undefined while it is the file's content. */
  async latestVersion(): Promise<number | undefined> {
    if (this.source && Date.now() - this.readAt >= this.options.cacheMs) await this.refresh();
    return this.version;
  }

  /** On duty at `at` from the current stored version, read at most once per cache period; never fails for the store. */
  async onDuty(at: Date): Promise<RostedClinician[]> {
    await this.latestVersion();
    return this.onDutySync(at);
  }

  /** Reads the latest version now (shared by concurrent callers), giving up after the timeout. */
  async refresh(): Promise<void> {
    if (!this.source) return;
    this.reading ??= this.read(this.source).finally(() => (this.reading = undefined));
    await this.reading;
  }

  private async read(source: RotaSource): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const latest = await Promise.race([
        source.current(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('rota store did not answer in time')), this.options.timeoutMs);
        }),
      ]);
      if (latest && latest._id !== this.version) {
        this.content = latest.content;
        this.version = latest._id;
      }
    } catch (err) {
      // The duty clinician must still be reachable: carry on with the last rota known, and say so in the logs.
      this.options.logger?.warn({ err, event: 'rota.store_unavailable' }, 'using the last known rota');
    } finally {
      clearTimeout(timer);
      this.readAt = Date.now();
    }
  }

  /** Store-free: the last rota known, for the fail-safe paths that run when the database is down. */
  onDutySync(at: Date): RostedClinician[] {
    return onDutyIn(this.content, at);
  }

  clinicians(): RotaContent['clinicians'] {
    return this.content.clinicians;
  }
}
