import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../observability/logger';
import type { ActivityLog } from './activityLog';

export interface StreamGrant {
  conversationId: string;
  watermark: number;
}

interface Subscriber {
  socket: WebSocket;
  watermark: number;
  alive: boolean;
}

export interface StreamOptions {
  /** How often every open stream looks for activities written by other instances. */
  pollMs: number;
  /** An empty message this often keeps proxies from closing a quiet socket; a missed pong closes a dead one. */
  keepAliveMs: number;
  logger: Logger;
}

const PAGE_SIZE = 100;
/** Open sockets one conversation may have (a few tabs), and one address (a household or ward behind one NAT). */
export const MAX_SOCKETS_PER_CONVERSATION = 5;
export const MAX_SOCKETS_PER_ADDRESS = 100;

/** Where directlinejs opens the streamUrl we give it. */
export const STREAM_PATH = /^\/v3\/directline\/conversations\/([A-Za-z0-9_-]{1,64})\/stream$/;

/**
 * The WebSocket side of Direct Line. Each socket gets activity sets `{activities, watermark}` from the store: at once
 * when this instance wrote them (`nudge`), and from a poll of the store for those written by other instances, so a
 * socket on one instance sees what a post to another produced. Nothing is delivered from memory alone.
 */
export class ActivityStreams {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly delivering = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly perAddress = new Map<string, number>();

  constructor(
    private readonly log: Pick<ActivityLog, 'since'>,
    private readonly options: StreamOptions,
  ) {}

  /** Takes over WebSocket upgrades for stream URLs; `authorize` checks the stream token, or refuses with 403. */
  attach(
    server: HttpServer,
    authorize: (url: URL) => StreamGrant | undefined,
    addressOf: (req: IncomingMessage) => string = (req) => req.socket.remoteAddress ?? 'unknown',
  ): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!STREAM_PATH.test(url.pathname)) return refuse(socket, 404, 'Not Found');
      const grant = authorize(url);
      if (!grant) return refuse(socket, 403, 'Forbidden');
      const address = addressOf(req);
      if (
        (this.subscribers.get(grant.conversationId)?.size ?? 0) >= MAX_SOCKETS_PER_CONVERSATION ||
        (this.perAddress.get(address) ?? 0) >= MAX_SOCKETS_PER_ADDRESS
      ) {
        return refuse(socket, 429, 'Too Many Requests', 'Retry-After: 30\r\n');
      }
      this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
      socket.once('close', () => {
        const left = (this.perAddress.get(address) ?? 1) - 1;
        if (left > 0) this.perAddress.set(address, left);
        else this.perAddress.delete(address);
      });
      this.wss.handleUpgrade(req, socket, head, (ws) => this.subscribe(grant, ws));
    });
    this.timers.push(setInterval(() => this.pollAll(), this.options.pollMs).unref());
    this.timers.push(setInterval(() => this.keepAlive(), this.options.keepAliveMs).unref());
  }

  /** Activities for this conversation were just stored by this instance. */
  /** Whether a WebSocket on this instance follows the conversation. */
  watching(conversationId: string): boolean {
    return this.subscribers.has(conversationId);
  }

  nudge(conversationId: string): void {
    if (this.subscribers.has(conversationId)) void this.deliver(conversationId);
  }

  /** Closes every socket with "going away", so clients reconnect to another instance. */
  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    for (const set of this.subscribers.values()) for (const s of set) s.socket.close(1001, 'server shutting down');
    this.subscribers.clear();
    this.wss.close();
  }

  private subscribe(grant: StreamGrant, socket: WebSocket): void {
    const subscriber: Subscriber = { socket, watermark: grant.watermark, alive: true };
    const set = this.subscribers.get(grant.conversationId) ?? new Set<Subscriber>();
    set.add(subscriber);
    this.subscribers.set(grant.conversationId, set);
    socket.on('pong', () => (subscriber.alive = true));
    // directlinejs sends empty messages as its own keep-alive; the stream carries nothing from the client.
    socket.on('message', () => undefined);
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      set.delete(subscriber);
      if (!set.size) this.subscribers.delete(grant.conversationId);
    });
    // Whatever was written since the client's watermark, before anything new.
    void this.deliver(grant.conversationId);
  }

  /** One delivery per conversation at a time; a nudge during one runs another right after it. */
  private deliver(conversationId: string): Promise<void> {
    const running = this.delivering.get(conversationId);
    if (running) {
      this.dirty.add(conversationId);
      return running;
    }
    const run = (async () => {
      do {
        this.dirty.delete(conversationId);
        await this.deliverOnce(conversationId).catch((err: unknown) => {
          this.options.logger.error({ err, event: 'directline.stream_failed' }, 'could not read activities');
        });
      } while (this.dirty.has(conversationId));
    })().finally(() => this.delivering.delete(conversationId));
    this.delivering.set(conversationId, run);
    return run;
  }

  private async deliverOnce(conversationId: string): Promise<void> {
    for (;;) {
      const subscribers = [...(this.subscribers.get(conversationId) ?? [])];
      if (!subscribers.length) return;
      const from = Math.min(...subscribers.map((s) => s.watermark));
      const page = await this.log.since(conversationId, from, PAGE_SIZE);
      if (!page.activities.length) return;
      for (const s of subscribers) {
        const fresh = page.activities.slice(Math.max(0, s.watermark - from));
        if (!fresh.length || s.socket.readyState !== s.socket.OPEN) continue;
        s.socket.send(JSON.stringify({ activities: fresh, watermark: String(page.watermark) }));
        s.watermark = page.watermark;
      }
      if (page.activities.length < PAGE_SIZE) return;
    }
  }

  private pollAll(): void {
    for (const conversationId of this.subscribers.keys()) void this.deliver(conversationId);
  }

  private keepAlive(): void {
    for (const set of this.subscribers.values()) {
      for (const s of set) {
        if (!s.alive) {
          s.socket.terminate();
          continue;
        }
        s.alive = false;
        s.socket.ping();
        s.socket.send('');
      }
    }
  }
}

function refuse(socket: Duplex, status: number, reason: string, headers = ''): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${headers}Connection: close\r\nContent-Length: 0\r\n\r\n`);
}
