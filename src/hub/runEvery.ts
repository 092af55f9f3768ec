/**
 * Runs `task` every `intervalMs` until the returned stop function is called; a run that is still going when the next
 * is due is not overlapped (sweeps over the store can take longer than their interval when the store is slow). The
 * timer never keeps the process alive.
 */
export function runEvery(
  intervalMs: number,
  task: () => Promise<unknown>,
  onError: (err: unknown) => void,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch(onError)
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
