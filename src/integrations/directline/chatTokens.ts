import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A conversation token (for the REST API) or a stream token (only to open the WebSocket named in streamUrl). */
export type TokenKind = 'conversation' | 'stream';

export interface TokenClaims {
  kind: TokenKind;
  conversationId: string;
  /** The user id the page was given; the server writes it into every activity the token posts. */
  userId: string;
  /** Seconds since the epoch. */
  expiresAt: number;
  /** The service whose chat page started the conversation (/s/<id>); the server puts it on every activity. */
  service?: string;
}

export type TokenCheck =
  { ok: true; claims: TokenClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'wrong_kind' };

const KIND_CODES: Record<TokenKind, string> = { conversation: 'c', stream: 's' };

/**
 * Signed, self-contained tokens, so any instance can check one without the store: base64url(JSON claims) + "." +
 * HMAC-SHA256. The key is derived from SESSION_SECRET with a purpose label, so a console session signature can never
 * pass as a chat token or the other way round.
 */
export class ChatTokens {
  private readonly key: Buffer;

  constructor(
    sessionSecret: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = createHmac('sha256', sessionSecret).update('front-door/direct-line-token/v1').digest();
  }

  issue(kind: TokenKind, conversationId: string, userId: string, lifetimeSeconds: number, service?: string): string {
    const payload = {
      k: KIND_CODES[kind],
      c: conversationId,
      u: userId,
      ...(service ? { s: service } : {}),
      e: Math.floor(this.now() / 1000) + lifetimeSeconds,
      // Two tokens issued in the same second for the same conversation still differ.
      n: randomBytes(6).toString('base64url'),
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  check(token: string, kind: TokenKind): TokenCheck {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined || token.length > 1024) return { ok: false, reason: 'malformed' };
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
    let payload: { k?: unknown; c?: unknown; u?: unknown; e?: unknown; s?: unknown };
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof payload;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (typeof payload.c !== 'string' || typeof payload.u !== 'string' || typeof payload.e !== 'number') {
      return { ok: false, reason: 'malformed' };
    }
    if (payload.k !== KIND_CODES[kind]) return { ok: false, reason: 'wrong_kind' };
    if (payload.e <= Math.floor(this.now() / 1000)) return { ok: false, reason: 'expired' };
    const service = typeof payload.s === 'string' ? payload.s : undefined;
    return {
      ok: true,
      claims: {
        kind,
        conversationId: payload.c,
        userId: payload.u,
        expiresAt: payload.e,
        ...(service ? { service } : {}),
      },
    };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

/** Conversation ids and user ids: random, URL-safe, not guessable. */
export function newConversationId(): string {
  return randomBytes(18).toString('base64url');
}

export function newUserId(): string {
  return `dl_${randomBytes(12).toString('base64url')}`;
}
