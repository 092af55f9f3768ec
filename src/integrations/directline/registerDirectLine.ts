import { timingSafeEqual } from 'node:crypto';
import type { Activity, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { failSafeOnTurnError } from '../../bot/adapter';
import type { KeptState } from '../../store/stateCache';
import type { ServiceDirectory } from '../../content/serviceDirectory';
import type { BotRuntime } from '../../bot/runtime';
import { ActivityLog } from './activityLog';
import { ActivityStreams, STREAM_PATH, type StreamGrant } from './activityStreams';
import { ChatTokens, newConversationId, newUserId, type TokenClaims } from './chatTokens';
import { ActivityLogTranscript } from './activityLogTranscript';
import { BOT_ACCOUNT, DIRECT_LINE_CHANNEL, DirectLineAdapter } from './directLineAdapter';
import { checkIncomingActivity } from './incomingActivity';
import { RateLimiter } from './rateLimiter';
import { HeldTurns, type StoreFreeSafety } from './heldTurns';
import { StoreHealth } from '../../store/storeHealth';
import { clientAddress, upgradeAddress } from '../../http/clientAddress';

export interface DirectLine {
  /** Closes every WebSocket ("going away"), so clients reconnect to another instance. */
  close(): void;
}

/** What Direct Line needs of the bot runtime; the benchmark's echo-bot baseline provides the same. */
export type DirectLineRuntime = Pick<BotRuntime, 'config' | 'logger' | 'prompts' | 'connection' | 'attach'> & {
  bot: { run(context: TurnContext): Promise<void> };
  keptState?: KeptState;
  /** The service profiles, so a chat page's service (/s/<id>) is checked before a token names it. */
  services?: Pick<ServiceDirectory, 'byId'>;
};

type Principal = { kind: 'secret' } | { kind: 'token'; claims: TokenClaims };

/** Direct Line's error shape: `{ error: { code, message } }`. */
function fail(res: Response, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.send(status, { error: { code, message } });
}

const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const startBody = z
  .object({
    user: z
      .object({
        id: z
          .string()
          .regex(/^[A-Za-z0-9_:.-]{1,64}$/)
          .optional(),
      })
      .optional(),
    locale: z.string().max(20).optional(),
  })
  .optional();
const STREAM_TOKEN_SECONDS = 120;

/**
 * Direct Line 3.0 served by Front Door itself, for botframework-webchat and botframework-directlinejs: tokens, start
 * and resume, posting and polling activities, and WebSocket streams. Conversations and activities live in the store,
 * so a client may use any instance for any request. The page-facing `POST /api/chat/token` starts here too.
 */
export function registerDirectLine(
  server: Server,
  runtime: DirectLineRuntime,
  storeFree?: { health: StoreHealth; safety: StoreFreeSafety },
): DirectLine {
  const { config, logger, prompts } = runtime;
  const tokens = new ChatTokens(config.SESSION_SECRET);
  const lifetime = config.CHAT_TOKEN_MINUTES * 60;
  const log = new ActivityLog(runtime.connection);
  const health = storeFree?.health ?? new StoreHealth(async () => true);
  // Nudged once the streams exist; a held turn is nudged before any socket could be open for it.
  let nudge = (_id: string) => undefined as void;
  const held = storeFree ? new HeldTurns(log, health, storeFree.safety, logger, (id) => nudge(id)) : undefined;
  const reader = held ?? log;
  // A WebSocket is sent what its own instance has just stored from memory, and what other instances stored within
  // STREAM_POLL_MS from the store, as before. A GET reads the store: a client that posted on one instance and reads on
  // another sees its post.
  const streamReader: Pick<ActivityLog, 'since'> = {
    since: async (conversationId, watermark, limit) =>
      (!held?.has(conversationId) && log.fresh(conversationId, watermark, limit)) ||
      reader.since(conversationId, watermark, limit),
  };
  const streams = new ActivityStreams(streamReader, { pollMs: config.STREAM_POLL_MS, keepAliveMs: 20000, logger });
  nudge = (id) => streams.nudge(id);
  log.keepFreshFor = (id) => streams.watching(id);
  const adapter = runtime.attach(
    new DirectLineAdapter(log, (id) => streams.nudge(id), runtime.keptState),
    // The activity log is the transcript: every message in and out is stored there already.
    { channelId: DIRECT_LINE_CHANNEL, transcript: new ActivityLogTranscript(log) },
  );
  adapter.onTurnError = failSafeOnTurnError(prompts.failSafe, logger);
  const perConversation = new RateLimiter(config.CHAT_RATE_PER_MINUTE, 60000);
  const perIp = new RateLimiter(config.CHAT_IP_RATE_PER_MINUTE, 60000);
  const startsPerIp = new RateLimiter(config.CHAT_STARTS_PER_IP_PER_HOUR, 3600000);
  const base = '/v3/directline';
  const publicUrl = new URL(config.PUBLIC_URL);
  const streamBase = `${publicUrl.protocol === 'https:' ? 'wss:' : 'ws:'}//${publicUrl.host}${publicUrl.pathname.replace(/\/$/, '')}`;

  const clientIp = clientAddress;

  /** Answers 429 with Retry-After (seconds, as directlinejs reads it) when a bucket is empty. */
  const limited = (res: Response, limiter: RateLimiter, key: string, what: string): boolean => {
    const waitMs = limiter.take(key);
    if (!waitMs) return false;
    fail(res, 429, 'TooManyRequests', `Too many ${what}. Please wait a moment and try again.`, {
      'retry-after': String(Math.ceil(waitMs / 1000)),
    });
    return true;
  };

  const isSecret = (presented: string): boolean => {
    if (!config.DIRECTLINE_SECRET) return false;
    const a = Buffer.from(presented);
    const b = Buffer.from(config.DIRECTLINE_SECRET);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  /** Who is calling: the Direct Line secret (server-side embedders), or a conversation token. Answers 401/403 if neither. */
  const authenticate = (req: Request, res: Response): Principal | undefined => {
    const header = req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      fail(res, 401, 'Unauthorized', 'An Authorization header with a Direct Line token (Bearer <token>) is required.');
      return undefined;
    }
    if (isSecret(match[1])) return { kind: 'secret' };
    const checked = tokens.check(match[1], 'conversation');
    if (checked.ok) return { kind: 'token', claims: checked.claims };
    if (checked.reason === 'expired') fail(res, 403, 'TokenExpired', 'The token has expired. Start a new chat.');
    else fail(res, 403, 'Forbidden', 'The token is not valid.');
    return undefined;
  };

  /** The conversation named in the path, if this principal may use it. */
  const conversationFor = (req: Request, res: Response, principal: Principal): string | undefined => {
    const id = String((req.params as Record<string, string>).conversationId ?? '');
    if (!CONVERSATION_ID.test(id)) {
      fail(res, 400, 'BadArgument', 'The conversation id is not valid.');
      return undefined;
    }
    if (principal.kind === 'token' && principal.claims.conversationId !== id) {
      fail(res, 403, 'Forbidden', 'This token is for another conversation.');
      return undefined;
    }
    return id;
  };

  const watermarkOf = (req: Request, res: Response): number | undefined => {
    const raw = (req.query as Record<string, unknown> | undefined)?.watermark;
    if (raw === undefined || raw === '' || raw === 'null' || raw === 'undefined') return 0;
    if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) {
      fail(res, 400, 'BadArgument', 'The watermark must be one this service returned.');
      return undefined;
    }
    return Number(raw);
  };

  /** A read of one conversation from a watermark: rate limit, token, conversation and watermark all checked. */
  const readRequest = (req: Request, res: Response) => {
    if (limited(res, perIp, clientIp(req), 'requests')) return undefined;
    const principal = authenticate(req, res);
    if (!principal) return undefined;
    const conversationId = conversationFor(req, res, principal);
    const watermark = conversationId === undefined ? undefined : watermarkOf(req, res);
    if (conversationId === undefined || watermark === undefined) return undefined;
    return { principal, conversationId, watermark };
  };

  const streamUrl = (conversationId: string, userId: string, watermark: number) =>
    `${streamBase}${base}/conversations/${conversationId}/stream?watermark=${watermark}&t=${encodeURIComponent(
      tokens.issue('stream', conversationId, userId, STREAM_TOKEN_SECONDS),
    )}`;

  const tokenAnswer = (conversationId: string, userId: string, service?: string) => ({
    conversationId,
    token: tokens.issue('conversation', conversationId, userId, lifetime, service),
    expires_in: lifetime,
  });

  /** The service a token was issued for: the server, never the client, says which service a chat belongs to. */
  const serviceData = (principal: Principal) =>
    principal.kind === 'token' && principal.claims.service ? { service: principal.claims.service } : {};

  /** Start and resume answer alike: the token the client holds (or, for the secret, a new one) and a streamUrl. */
  const conversationAnswer = (
    req: Request,
    principal: Principal,
    conversationId: string,
    userId: string,
    watermark: number,
  ) => ({
    ...(principal.kind === 'token'
      ? { conversationId, token: bearer(req), expires_in: secondsLeft(principal.claims) }
      : tokenAnswer(conversationId, userId)),
    streamUrl: streamUrl(conversationId, userId, watermark),
  });

  const runTurn = (activity: Partial<Activity>, firstReply?: number) =>
    adapter.runTurn(activity as Activity, (context) => runtime.bot.run(context), firstReply);

  // The chat page asks for a token; the conversation starts when Web Chat posts to /conversations with it.
  server.post('/api/chat/token', async (req, res) => {
    const ip = clientIp(req);
    if (limited(res, perIp, ip, 'requests') || limited(res, startsPerIp, ip, 'new chats from this network')) return;
    const service = (req.query as Record<string, unknown> | undefined)?.service;
    if (service !== undefined && (typeof service !== 'string' || !runtime.services?.byId(service))) {
      return fail(res, 400, 'BadArgument', 'There is no such service.');
    }
    const userId = newUserId();
    res.send(200, { ...tokenAnswer(newConversationId(), userId, service), userId });
  });

  server.post(`${base}/tokens/generate`, async (req, res) => {
    if (limited(res, perIp, clientIp(req), 'requests')) return;
    const principal = authenticate(req, res);
    if (!principal) return;
    if (principal.kind !== 'secret') {
      fail(
        res,
        403,
        'Forbidden',
        'Generating a token needs the Direct Line secret; the chat page uses /api/chat/token.',
      );
      return;
    }
    const body = startBody.safeParse(req.body ?? undefined);
    if (!body.success) return fail(res, 400, 'BadArgument', 'user.id must be 1-64 letters, digits or _:.-');
    res.send(200, tokenAnswer(newConversationId(), body.data?.user?.id ?? newUserId()));
  });

  server.post(`${base}/tokens/refresh`, async (req, res) => {
    if (limited(res, perIp, clientIp(req), 'requests')) return;
    const principal = authenticate(req, res);
    if (!principal) return;
    if (principal.kind !== 'token') return fail(res, 400, 'BadArgument', 'Only a token can be refreshed.');
    const { conversationId, userId, service } = principal.claims;
    res.send(200, tokenAnswer(conversationId, userId, service));
  });

  server.post(`${base}/conversations`, async (req, res) => {
    if (limited(res, perIp, clientIp(req), 'requests')) return;
    const principal = authenticate(req, res);
    if (!principal) return;
    const body = startBody.safeParse(req.body ?? undefined);
    if (!body.success) return fail(res, 400, 'BadArgument', 'user.id must be 1-64 letters, digits or _:.-');
    const conversationId = principal.kind === 'token' ? principal.claims.conversationId : newConversationId();
    const userId = principal.kind === 'token' ? principal.claims.userId : (body.data?.user?.id ?? newUserId());
    let started: 'created' | 'exists' | 'held';
    try {
      if (held && health.isDown()) throw new Error('the store is down');
      started = await log.start(conversationId, userId);
    } catch (err) {
      if (!held) throw err;
      void health.reportFailure();
      logger.error({ err, event: 'directline.start_store_failed' }, 'conversation started without the store');
      held.start(conversationId, userId);
      started = 'held';
    }
    if (started === 'created') {
      // Azure's Direct Line tells the bot who joined; our bot welcomes on it, so the welcome is there to read at once.
      // The log is new, so the welcome is stored from 1 in one insert.
      await runTurn(
        {
          type: 'conversationUpdate',
          channelId: DIRECT_LINE_CHANNEL,
          serviceUrl: config.PUBLIC_URL,
          conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
          from: { id: userId, name: '', role: 'user' },
          recipient: { ...BOT_ACCOUNT },
          membersAdded: [{ id: userId, name: '', role: 'user' }],
          channelData: serviceData(principal),
          locale: body.data?.locale ?? 'en-GB',
          timestamp: new Date(),
          id: `${conversationId}|start`,
        },
        1,
      );
    }
    res.send(started === 'exists' ? 200 : 201, conversationAnswer(req, principal, conversationId, userId, 0));
  });

  // Resume: a fresh streamUrl from the client's watermark (directlinejs calls this after a socket drops).
  server.get(`${base}/conversations/:conversationId`, async (req, res) => {
    const reading = readRequest(req, res);
    if (!reading) return;
    const { principal, conversationId, watermark } = reading;
    const heldUser = () => (held && principal.kind === 'token' ? principal.claims.userId : undefined);
    let userId: string | undefined;
    try {
      userId = held?.has(conversationId) || health.isDown() ? heldUser() : undefined;
      userId ??= (await log.conversation(conversationId))?.userId;
    } catch (err) {
      // A token names its conversation and user, so a client can reconnect to the held answer without the store.
      userId = heldUser();
      if (!userId) throw err;
      void health.reportFailure();
    }
    if (!userId) return fail(res, 404, 'NotFound', 'There is no such conversation. Start a new chat.');
    res.send(200, conversationAnswer(req, principal, conversationId, userId, watermark));
  });

  server.post(`${base}/conversations/:conversationId/activities`, async (req, res) => {
    if (limited(res, perIp, clientIp(req), 'requests')) return;
    const principal = authenticate(req, res);
    if (!principal) return;
    const conversationId = conversationFor(req, res, principal);
    if (conversationId === undefined) return;
    if (limited(res, perConversation, conversationId, 'messages in this chat')) return;
    const checked = checkIncomingActivity(req.body, config.CHAT_MAX_MESSAGE_CHARS);
    if (!checked.ok) return fail(res, checked.status, checked.code, checked.message);
    const incoming = checked.activity;
    // Typing is not stored or sent to the bot: it would only fill the transcript.
    if (incoming.type === 'typing') {
      res.send(200, { id: '' });
      return;
    }
    const tokenUser = principal.kind === 'token' ? principal.claims.userId : undefined;
    const message = (userId: string): Partial<Activity> => ({
      ...incoming,
      channelId: DIRECT_LINE_CHANNEL,
      serviceUrl: config.PUBLIC_URL,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: userId, name: incoming.from?.name ?? '', role: 'user' },
      recipient: { ...BOT_ACCOUNT },
      // A page's chat says its service only through its token; a server holding the secret may name one itself.
      ...(principal.kind === 'token'
        ? { channelData: { ...incoming.channelData, service: principal.claims.service } }
        : {}),
      timestamp: new Date(),
      locale: incoming.locale ?? 'en-GB',
    });
    // The safety path needs no store: with the store known to be down, the answer comes from memory at once.
    if (held && (health.isDown() || held.has(conversationId))) {
      const userId = tokenUser ?? incoming.from?.id ?? conversationId;
      res.send(200, { id: held.answer(conversationId, userId, message(userId)) });
      return;
    }
    let stored: Activity | undefined;
    let userId = tokenUser ?? incoming.from?.id ?? conversationId;
    try {
      const conversation = await log.conversation(conversationId);
      if (!conversation) return fail(res, 404, 'NotFound', 'There is no such conversation. Start a new chat.');
      if (conversation.endedAt) return fail(res, 400, 'BadArgument', 'This chat has ended. Start a new chat.');
      userId = tokenUser ?? incoming.from?.id ?? conversation.userId;
      stored = await log.append(conversationId, message(userId));
      streams.nudge(conversationId);
      if (incoming.type === 'endOfConversation') await log.end(conversationId);
      await runTurn(stored);
      res.send(200, { id: stored.id });
    } catch (err) {
      if (!held) throw err;
      // Whatever failed (most likely the store), the person still gets the 999 advice and the duty clinician.
      logger.error({ err, event: 'directline.turn_store_failed' }, 'turn failed; answered without the store');
      void health.reportFailure();
      res.send(200, { id: held.answer(conversationId, userId, message(userId), stored) });
    }
  });

  server.get(`${base}/conversations/:conversationId/activities`, async (req, res) => {
    const reading = readRequest(req, res);
    if (!reading) return;
    const { conversationId, watermark } = reading;
    const page = await reader.since(conversationId, watermark);
    if (!page.activities.length && !held?.has(conversationId) && !(await log.conversation(conversationId))) {
      return fail(res, 404, 'NotFound', 'There is no such conversation. Start a new chat.');
    }
    res.send(200, { activities: page.activities, watermark: String(page.watermark) });
  });

  server.post(`${base}/conversations/:conversationId/upload`, async (_req, res) =>
    fail(res, 400, 'BadArgument', 'Front Door does not accept files. Please describe it in words.'),
  );

  streams.attach(
    server.server,
    (url: URL): StreamGrant | undefined => {
      const conversationId = STREAM_PATH.exec(url.pathname)?.[1];
      const checked = tokens.check(url.searchParams.get('t') ?? '', 'stream');
      const watermark = Number(url.searchParams.get('watermark') ?? '0');
      if (!conversationId || !checked.ok || checked.claims.conversationId !== conversationId) return undefined;
      return { conversationId, watermark: Number.isInteger(watermark) && watermark >= 0 ? watermark : 0 };
    },
    (req) => upgradeAddress(req, config.TRUST_PROXY),
  );

  return { close: () => streams.close() };
}

function bearer(req: Request): string {
  return (req.header('authorization') ?? '').replace(/^Bearer\s+/i, '');
}

function secondsLeft(claims: TokenClaims): number {
  return Math.max(0, claims.expiresAt - Math.floor(Date.now() / 1000));
}
