import path from 'node:path';
import type { Server } from 'restify';
import twilio from 'twilio';
import { PROJECT_ROOT } from '../../content/readContentFile';
import { sendFile } from '../../http/staticFiles';

export interface SimulatorOptions {
  authToken: string;
  publicUrl: string;
  /** Where this server listens, for calling our own webhooks over HTTP exactly as Twilio would. */
  localUrl: () => string;
}

const PAGE_DIR = path.join(PROJECT_ROOT, 'public', 'dev-phone');
const FILES: Record<string, string> = {
  '/dev/phone': 'index.html',
  '/dev/phone/phone.js': 'phone.js',
};
// Only our webhooks, with only our own query parameters: the simulator must not become a way to sign anything else.
const WEBHOOK = /^\/api\/(voice|voice\/(professional|gather|dial|whisper|status)|sms)(\?[A-Za-z0-9=&_-]*)?$/;

/**
 * The phone simulator (development and tests only; never registered in production). The page posts what the caller
 * says or presses; this route signs it with the auth token the way Twilio does and sends it to our own webhook over
 * HTTP, so the simulator exercises the real signed path, then hands the TwiML back to the page.
 */
export function registerPhoneSimulator(server: Server, options: SimulatorOptions): void {
  for (const [route, file] of Object.entries(FILES)) {
    server.get(route, async (req, res) => sendFile(req, res, PAGE_DIR, file));
  }
  server.post('/dev/phone/webhook', async (req, res) => {
    const body = req.body as { path?: unknown; params?: unknown } | undefined;
    const target = typeof body?.path === 'string' ? body.path : '';
    const params = body?.params;
    if (!WEBHOOK.test(target) || !isStringRecord(params)) {
      res.send(400, {
        error: 'invalid_webhook',
        message: 'path must be one of our Twilio webhooks and params an object of strings.',
      });
      return;
    }
    const signature = twilio.getExpectedTwilioSignature(options.authToken, options.publicUrl + target, params);
    const answer = await fetch(options.localUrl() + target, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
    res.send(200, { status: answer.status, twiml: await answer.text() });
  });
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
