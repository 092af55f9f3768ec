/**
 * Token buckets per key (a conversation, an IP address), held by each instance: with N instances a client can reach
 * at most N times the limit, which is enough to stop a flood or a runaway client without a store write per request.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    /** Requests allowed in a burst, and per period once the burst is spent. */
    private readonly limit: number,
    private readonly periodMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100000,
  ) {
    this.perMs = limit / periodMs;
  }

  /** Takes one request from the key's bucket; returns 0 if allowed, else the milliseconds until one is. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit, at: now };
    bucket.tokens = Math.min(this.limit, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    // The least recently used bucket goes first; it is the most likely to be full again anyway.
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    this.forgetIdle(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.perMs);
  }

  /** How many keys (addresses, conversations) are held. */
  get size(): number {
    return this.buckets.size;
  }

  /**
   * Retention of rate-limit keys (README: "Retention"): a key unused for a whole period has a full bucket again, the
   * same as no bucket, so it is forgotten then rather than held until the key limit pushes it out. Buckets are kept
   * least recently used first, so only the front is looked at.
   */
  private forgetIdle(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.at < this.periodMs) return;
      this.buckets.delete(key);
    }
  }
}
