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

/** Answers a webhook with TwiML from its verified parameters, the query of our own action URL, and the webhook key. */
export type WebhookHandler = (
  params: Record<string, string>,
  query: Record<string, string>,
  key: string,
) => Promise<string>;

/**
 * A Twilio webhook route: signature checked (403 otherwise), then run at most once per delivery (the ledger replays
 * the first answer to a duplicate). Whatever fails, Twilio gets a valid answer: `failSafe` says where to get help,
 * because a caller hearing Twilio's "an application error has occurred" has nowhere to go.
 */
export function twilioWebhook(
  server: Server,
  path: string,
  options: WebhookOptions,
  handler: WebhookHandler,
  failSafe: (params: Record<string, string>) => string,
): void {
  server.post(path, async (req: Request, res: Response) => {
    const params = verifiedParams(req, res, options.authToken, options.publicUrl);
    if (!params) return;
    const query = (req.query ?? {}) as Record<string, string>;
    let body: string;
    let keep: (() => Promise<void>) | undefined;
    try {
      const key = WebhookLedger.keyOf(options.publicUrl + req.url, params);
      const entry = await options.ledger.begin(key, req.getPath());
      if (!entry.first) {
        body = entry.response ?? failSafe(params);
      } else {
        body = await handler(params, query, key).catch((err: unknown) => {
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
