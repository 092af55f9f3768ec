/** Polls `probe` until it returns a value (a throw counts as not yet), or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Waits, on real timers, until `done()` holds (fails after about `timeoutMs`): for work an app does in the background
 * (a wait's end claimed in the store, then calls placed), in tests whose Date is held still by clockAt.
 */
export async function until(done: () => boolean, timeoutMs = 15000): Promise<void> {
  for (let waited = 0; !done(); waited += 50) {
    if (waited > timeoutMs) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
