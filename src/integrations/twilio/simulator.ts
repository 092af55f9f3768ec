import { randomBytes, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import type { Request, Server } from 'restify';
import twilio from 'twilio';
import { PROJECT_ROOT } from '../../content/readContentFile';
import { cookies } from '../../console/http';
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

/** Ofcom's drama range: the simulator cannot speak for a real person's number. */
const FICTIONAL_NUMBER = /^(\+447700900\d{3}|07700900\d{3})$/;
const CSRF_COOKIE = 'fd_phone_csrf';
const CSRF_HEADER = 'x-csrf-token';

/**
 * The phone simulator (development and tests only; never registered in production). The page posts what the caller
 * says or presses; this route signs it with the auth token the way Twilio does and sends it to our own webhook over
 * HTTP, so the simulator exercises the real signed path, then hands the TwiML back to the page.
 */
export function registerPhoneSimulator(server: Server, options: SimulatorOptions): void {
  for (const [route, file] of Object.entries(FILES)) {
    server.get(route, async (req, res) => {
      // Double-submit: the page's script sends the cookie's value back as a header, which another site cannot read
      // or (SameSite=Strict) make the browser send.
      if (file === 'index.html') {
        res.setHeader(
          'set-cookie',
          `${CSRF_COOKIE}=${randomBytes(24).toString('base64url')}; Path=/dev/phone; SameSite=Strict`,
        );
      }
      return sendFile(req, res, PAGE_DIR, file);
    });
  }
  server.post('/dev/phone/webhook', async (req, res) => {
    const refusal = crossSite(req);
    if (refusal) {
      res.send(403, { error: 'cross_site', message: refusal });
      return;
    }
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
    for (const key of ['From', 'Caller']) {
      if (params[key] !== undefined && !FICTIONAL_NUMBER.test(params[key])) {
        res.send(400, { error: 'real_number', message: `${key} must be a fictional number (07700 900000 to 900999).` });
        return;
      }
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

/** Why a post to the simulator is not from its own page, or undefined if it is. */
function crossSite(req: Request): string | undefined {
  if (!req.is('application/json')) return 'Send application/json from the simulator page.';
  const site = req.header('sec-fetch-site');
  if (site && site !== 'same-origin') return 'Only the simulator page may post here.';
  const origin = req.header('origin');
  if (origin && hostOf(origin) !== req.header('host')) return 'Only the simulator page may post here.';
  const expected = Buffer.from(cookies(req)[CSRF_COOKIE] ?? '');
  const presented = Buffer.from(req.header(CSRF_HEADER) ?? '');
  if (!expected.length || expected.length !== presented.length || !timingSafeEqual(expected, presented)) {
    return 'Reload the simulator page (its CSRF token is missing or wrong).';
  }
  return undefined;
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}
