/** Latency figures for one kind of request, in milliseconds. */
export interface LatencySummary {
  count: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export class Latencies {
  private readonly samples: number[] = [];
  errors = 0;

  add(ms: number): void {
    this.samples.push(ms);
  }

  /** Times `fn`, counting a throw as an error (and rethrowing it). */
  async time<T>(fn: () => Promise<T>): Promise<T> {
    const start = process.hrtime.bigint();
    try {
      return await fn();
    } catch (err) {
      this.errors++;
      throw err;
    } finally {
      this.add(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }

  summary(): LatencySummary {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : 0;
    return {
      count: sorted.length,
      errors: this.errors,
      p50: round(at(0.5)),
      p95: round(at(0.95)),
      p99: round(at(0.99)),
      max: round(sorted[sorted.length - 1] ?? 0),
    };
  }
}

export const round = (n: number, places = 1) => Math.round(n * 10 ** places) / 10 ** places;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A pause like a person's between messages: uniform in [min, max] ms. */
export const thinkTime = (min: number, max: number) => sleep(min + Math.random() * (max - min));
