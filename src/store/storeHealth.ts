/**
 * Whether the store answers, as this instance last saw it. A failed store call reports itself here; from then on the
 * store-free safety paths answer at once instead of each waiting out the driver's timeout, and a probe pings the store
 * until it answers again, when `onRecovered` listeners run (to write what was held in memory meanwhile).
 */
export class StoreHealth {
  private down = false;
  private probing?: NodeJS.Timeout;
  private readonly recovered: Array<() => void> = [];

  constructor(
    private readonly ping: () => Promise<boolean>,
    private readonly probeMs = 1000,
  ) {}

  isDown(): boolean {
    return this.down;
  }

  /** A store call failed: check at once whether the store answers, and treat it as down if not. */
  async reportFailure(): Promise<void> {
    if (this.down) return;
    if (await this.ping()) return;
    this.markDown();
  }

  markDown(): void {
    if (this.down) return;
    this.down = true;
    this.probing ??= setInterval(() => void this.probe(), this.probeMs);
    this.probing.unref();
  }

  onRecovered(listener: () => void): void {
    this.recovered.push(listener);
  }

  /** Runs the listeners again, e.g. to retry writing what is still held after a write failed. */
  retry(): void {
    if (!this.down) for (const listener of this.recovered) listener();
  }

  stop(): void {
    if (this.probing) clearInterval(this.probing);
    this.probing = undefined;
  }

  private async probe(): Promise<void> {
    if (!(await this.ping())) return;
    this.down = false;
    this.stop();
    for (const listener of this.recovered) listener();
  }
}
