import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { Request } from 'restify';

/** Which proxies in front of Front Door are believed: none, the nearest `hops`, or those at these addresses. */
export type TrustProxy = { hops: number } | { addresses: string[] };

const CLIENT = Symbol('clientAddress');

/**
 * Reads TRUST_PROXY: `false` (none), `true` (one hop), a hop count, or a comma-separated list of proxy addresses.
 * Returns undefined for anything else.
 */
export function parseTrustProxy(value: string): TrustProxy | undefined {
  const text = value.trim();
  if (text === 'false' || text === '0') return { hops: 0 };
  if (text === 'true') return { hops: 1 };
  if (/^\d{1,2}$/.test(text)) return { hops: Number(text) };
  const addresses = text.split(',').map((a) => a.trim());
  return addresses.length && addresses.every((a) => isIP(a)) ? { addresses } : undefined;
}

/**
 * The address a request came from. `X-Forwarded-For` is read from the right: each proxy appends the address it was
 * reached from, so only the entries our own proxies wrote can be believed; anything to their left is whatever the
 * client chose to send, which is why the leftmost entry must never be taken (one client could pose as many).
 */
export function resolveClientAddress(
  req: { socket?: { remoteAddress?: string }; header(name: string): string | undefined },
  trust: TrustProxy,
): string {
  const peer = normalise(req.socket?.remoteAddress ?? 'unknown');
  const header = req.header('x-forwarded-for');
  if (!header || ('hops' in trust && trust.hops === 0)) return peer;
  const forwarded = header
    .split(',')
    .map((a) => normalise(a.trim()))
    .filter(Boolean);
  if ('hops' in trust) {
    // The peer is the nearest proxy; the client is the entry the furthest trusted proxy wrote.
    return forwarded[forwarded.length - trust.hops] ?? forwarded[0] ?? peer;
  }
  let client = peer;
  while (trust.addresses.includes(client) && forwarded.length) client = forwarded.pop()!;
  return client;
}

/** Remembers the client address for the rest of the request (server.ts sets it first thing). */
export function setClientAddress(req: Request, address: string): void {
  (req as unknown as Record<symbol, string>)[CLIENT] = address;
}

/** The client address server.ts resolved, or the socket's peer for a request that did not pass through it. */
export function clientAddress(req: Request): string {
  return (req as unknown as Record<symbol, string | undefined>)[CLIENT] ?? req.socket?.remoteAddress ?? 'unknown';
}

/** The same for a WebSocket upgrade, which arrives as a plain Node request. */
export function upgradeAddress(req: IncomingMessage, trust: TrustProxy): string {
  return resolveClientAddress(
    { socket: req.socket, header: (name) => [req.headers[name.toLowerCase()]].flat()[0] },
    trust,
  );
}

function normalise(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
