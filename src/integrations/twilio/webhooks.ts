import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../observability/logger';
import { verifiedParams } from './signature';
import { WebhookLedger } from './webhookLedger';

export interface WebhookOptions {
  authToken: string;
  publicUrl: string;
  ledger: WebhookLedger;
  logger: Logger;
}

/**
 * Answers a webhook with TwiML from its verified parameters, the query of our own action URL, the webhook key, and
 * what the route's `prepare` started.
 */
export type WebhookHandler<T> = (
  params: Record<string, string>,
  query: Record<string, string>,
  key: string,
  prepared: Promise<T>,
) => Promise<string>;

/**
 * A Twilio webhook route: signature checked (403 otherwise), then run at most once per delivery (the ledger replays
 * the first answer to a duplicate). Whatever fails, Twilio gets a valid answer: `failSafe` says where to get help,
 * because a caller hearing Twilio's "an application error has occurred" has nowhere to go.
 *
 * `prepare` starts a read the handler will need while the ledger decides, which saves a first delivery one store
 * round trip. It must have no effect: a duplicate never uses it.
 */
export function twilioWebhook<T = undefined>(
  server: Server,
  path: string,
  options: WebhookOptions,
  handler: WebhookHandler<T>,
  failSafe: (params: Record<string, string>) => string,
  prepare: (params: Record<string, string>, query: Record<string, string>) => Promise<T> = async () => undefined as T,
): void {
  server.post(path, async (req: Request, res: Response) => {
    const params = verifiedParams(req, res, options.authToken, options.publicUrl);
    if (!params) return;
    const query = (req.query ?? {}) as Record<string, string>;
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

export function sendXml(res: Response, body: string): void {
  res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
