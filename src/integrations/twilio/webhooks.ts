import type { Request, Response, Server } from 'restify';
import type { z } from 'zod';
import { clientAddress } from '../../http/clientAddress';
import { answerTooMany } from '../../http/tooMany';
import type { Logger } from '../../observability/logger';
import type { RateLimiter } from '../directline/rateLimiter';
import { verifiedParams } from './signature';
import { parseQuery } from './webhookQueries';
import { WebhookLedger } from './webhookLedger';

export interface WebhookOptions {
  authToken: string;
  publicUrl: string;
  ledger: WebhookLedger;
  logger: Logger;
  /** Requests one address may make, counted before the signature is checked (issue 21 item 5). */
  perAddress: RateLimiter;
  /** Messages one sender (the verified `From`) may send; only the SMS line sets it. */
  perSender?: RateLimiter;
}

/**
 * 429 with Retry-After if the address has made too many webhook requests. Counted before the signature, so a flood of
 * forgeries costs an HMAC and a body parse only up to the limit. Twilio's own addresses send far fewer than the default
 * for a service of this size; voice calls have no per-caller limit, since someone in trouble may ring again and again.
 */
export function webhookLimited(req: Request, res: Response, options: Pick<WebhookOptions, 'perAddress'>): boolean {
  const waitMs = options.perAddress.take(clientAddress(req));
  if (waitMs) answerTooMany(res, waitMs, 'Too many webhook requests from this address.');
  return waitMs > 0;
}

/**
 * Answers a webhook with TwiML from its verified parameters, the query of our own action URL as the route's schema
 * read it, the webhook key, and what the route's `prepare` started.
 */
export type WebhookHandler<Q, T> = (
  params: Record<string, string>,
  query: Q,
  key: string,
  prepared: Promise<T>,
) => Promise<string>;

/**
 * A Twilio webhook route: signature checked (403 otherwise), then its query checked against `querySchema` (400
 * otherwise, see webhookQueries.ts), then run at most once per delivery (the ledger replays the first answer to a
 * duplicate). Whatever fails after that, Twilio gets a valid answer: `failSafe` says where to get help, because a
 * caller hearing Twilio's "an application error has occurred" has nowhere to go.
 *
 * The signature comes first, so a request that is not Twilio's learns nothing but 403; the query comes before the
 * ledger and `prepare`, so a query we did not write never reaches the store.
 *
 * `prepare` starts a read the handler will need while the ledger decides, which saves a first delivery one store
 * round trip. It must have no effect: a duplicate never uses it.
 */
export function twilioWebhook<Q, T = undefined>(
  server: Server,
  path: string,
  querySchema: z.ZodType<Q>,
  options: WebhookOptions,
  handler: WebhookHandler<Q, T>,
  failSafe: (params: Record<string, string>) => string,
  prepare: (params: Record<string, string>, query: Q) => Promise<T> = async () => undefined as T,
): void {
  server.post(path, async (req: Request, res: Response) => {
    if (webhookLimited(req, res, options)) return;
    const params = verifiedParams(req, res, options.authToken, options.publicUrl);
    if (!params) return;
    // A number texting in a loop (or a loop between two bots) would otherwise run a turn and send a reply each time.
    const senderWaitMs = options.perSender?.take(params.From ?? '') ?? 0;
    if (senderWaitMs) return answerTooMany(res, senderWaitMs, 'Too many messages from this number.');
    const query = validQuery(req, res, querySchema, options.logger);
    if (query === undefined) return;
    // Async, so that even a synchronous throw reaches the handler as a rejection. Only the handler awaits it, so
    // without this catch a failed read on a duplicate or a ledger failure would be an unhandled rejection.
    const prepared = (async () => prepare(params, query))();
    prepared.catch(() => undefined);
    let body: string;
    let keep: (() => Promise<void>) | undefined;
    try {
      const key = WebhookLedger.keyOf(options.publicUrl + req.url, params);
      const entry = await options.ledger.begin(key, req.getPath());
      if (!entry.first) {
        body = entry.response ?? failSafe(params);
      } else {
        body = await handler(params, query, key, prepared).catch((err: unknown) => {
          options.logger.error({ err, event: 'twilio.webhook_failed', path: req.getPath() }, 'webhook failed');
          return failSafe(params);
        });
        const answer = body;
        // Kept once the caller has it, which saves the caller a store write's wait: Twilio delivers again only when it
        // had no answer, and a duplicate that comes sooner waits for the kept one (WebhookLedger). The caller still
        // gets the answer if it cannot be kept; a duplicate then gets the fail-safe one.
        keep = () =>
          entry.complete(answer).catch((err: unknown) => {
            options.logger.error({ err, event: 'twilio.webhook_store_failed' }, 'could not keep the webhook answer');
          });
      }
    } catch (err) {
      options.logger.error({ err, event: 'twilio.webhook_store_failed', path: req.getPath() }, 'webhook ledger failed');
      body = failSafe(params);
    }
    sendXml(res, body);
    await keep?.();
  });
}

/**
 * The query as `schema` reads it; otherwise answers 400 with a short reason and returns undefined. The log names the
 * route and the key, never the value.
 */
export function validQuery<Q>(req: Request, res: Response, schema: z.ZodType<Q>, logger: Logger): Q | undefined {
  const parsed = parseQuery(schema, req.query);
  if (parsed.ok) return parsed.query;
  logger.warn({ event: 'twilio.webhook_bad_query', path: req.getPath(), reason: parsed.message }, 'query refused');
  res.send(400, { error: 'invalid_query', message: parsed.message });
  return undefined;
}

export function sendXml(res: Response, body: string): void {
  res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
