import type { Response } from 'restify';
import { ConnectionCounter } from '../http/connectionCounter';
import { answerTooMany } from '../http/tooMany';
import type { TriageQueue } from '../hub/triageQueue';
import type { Logger } from '../observability/logger';

const HEARTBEAT_MS = 15000;
/** A person has a console or two open; ten tabs is already more than anyone uses (issue 21 item 5). */
export const MAX_STREAMS_PER_SESSION = 10;
/** A hub's staff may share one address behind the trust's proxy. */
export const MAX_STREAMS_PER_ADDRESS = 100;
/** How long a refused client is asked to wait; its EventSource retries on its own. */
const RETRY_AFTER_MS = 30000;

/**
 * Server-Sent Events telling consoles the queue changed. The store has no change streams (embedded store), so one
 * poller per instance reads the queue's newest `updatedAt` every `intervalMs` and pings every console connected to
 * this instance when it moves; a change made on any instance reaches every console within about a second. The event
 * carries no patient data: the console refetches the queue (audited) when it hears it.
 */
export class QueueChangeStream {
  private readonly clients = new Set<Response>();
  private timer?: NodeJS.Timeout;
  private last?: number;
  private lastBeat = Date.now();
  private polling = false;
  private readonly perSession = new ConnectionCounter(MAX_STREAMS_PER_SESSION);
  private readonly perAddress = new ConnectionCounter(MAX_STREAMS_PER_ADDRESS);

  constructor(
    private readonly queue: TriageQueue,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  /** Opens a stream for a signed-in session from an address, or answers 429 if either holds too many already. */
  open(res: Response, session: string, address: string): void {
    if (!this.perSession.take(session)) {
      return answerTooMany(res, RETRY_AFTER_MS, 'Too many live console streams open for you. Close a tab.');
    }
    if (!this.perAddress.take(address)) {
      this.perSession.release(session);
      return answerTooMany(res, RETRY_AFTER_MS, 'Too many live console streams from this address.');
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 2000\nevent: change\ndata: ${JSON.stringify({ at: this.last ?? null })}\n\n`);
    this.clients.add(res);
    res.once('close', () => {
      this.perSession.release(session);
      this.perAddress.release(address);
      this.clients.delete(res);
      if (this.clients.size === 0) this.stopPolling();
    });
    this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
  }

  /** Ends every stream (shutdown waits for open requests, and these never end by themselves). */
  stop(): void {
    this.stopPolling();
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const at = (await this.queue.lastChange())?.getTime() ?? 0;
      if (at !== this.last) {
        this.last = at;
        this.broadcast(`event: change\ndata: ${JSON.stringify({ at })}\n\n`);
      } else if (Date.now() - this.lastBeat > HEARTBEAT_MS) {
        // A comment line keeps proxies from closing an idle stream.
        this.broadcast(': still here\n\n');
      }
    } catch (err) {
      this.logger.warn({ err, event: 'console.live_poll_failed' }, 'queue change poll failed');
    } finally {
      this.polling = false;
    }
  }

  private broadcast(chunk: string): void {
    this.lastBeat = Date.now();
    for (const res of this.clients) res.write(chunk);
  }
}
