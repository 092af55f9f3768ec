/**
 * Counts long-lived connections (event streams) per key, such as a session or an address, so one client cannot hold
 * an unbounded number open: each is a socket and a timer's work on this instance.
 */
export class ConnectionCounter {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Counts one more for the key, or returns false (counting nothing) if it already has `max`. */
  take(key: string): boolean {
    const now = this.open.get(key) ?? 0;
    if (now >= this.max) return false;
    this.open.set(key, now + 1);
    return true;
  }

  release(key: string): void {
    const left = (this.open.get(key) ?? 1) - 1;
    if (left > 0) this.open.set(key, left);
    else this.open.delete(key);
  }
}
