import { randomBytes } from 'node:crypto';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import type { Activity } from 'botbuilder';
import twilio from 'twilio';
import type { RunningApp } from '../../src/app';
import { TEST_TWILIO_AUTH_TOKEN } from './appConfig';

/** Twilio reaches the service at PUBLIC_URL, not at the address it listens on: tests sign for this. */
export const TEST_PUBLIC_URL = 'https://frontdoor.test';
export const OUR_NUMBER = '+442079460000';
export const CALLER = '+447700900123';

export const newCallSid = () => `CA${randomBytes(16).toString('hex')}`;
export const newMessageSid = () => `SM${randomBytes(16).toString('hex')}`;

export interface TwimlAnswer {
  status: number;
  body: string;
  doc: Document;
  /** The <Say> texts in document order (including those inside <Gather>). */
  says: string[];
  first(tag: string): Element | undefined;
  /** A URL in the TwiML as the path and query Twilio would request. */
  pathOf(url: string | null | undefined): string;
}

/** POSTs a form-encoded webhook signed exactly as Twilio signs it (URL Twilio called + sorted POST parameters). */
export async function postWebhook(
  base: string,
  path: string,
  params: Record<string, string>,
  options: { signature?: string | null; token?: string; signedUrl?: string } = {},
): Promise<TwimlAnswer> {
  const signature =
    options.signature === undefined
      ? twilio.getExpectedTwilioSignature(
          options.token ?? TEST_TWILIO_AUTH_TOKEN,
          options.signedUrl ?? TEST_PUBLIC_URL + path,
          params,
        )
      : options.signature;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  const res = await fetch(base + path, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
  const body = await res.text();
  const doc = new DOMParser().parseFromString(res.status === 200 ? body : '<Response/>', 'text/xml');
  return {
    status: res.status,
    body,
    doc,
    says: Array.from(doc.getElementsByTagName('Say')).map((s) => s.textContent ?? ''),
    first: (tag) => doc.getElementsByTagName(tag)[0] ?? undefined,
    pathOf: (url) => {
      if (!url || !url.startsWith(TEST_PUBLIC_URL)) throw new Error(`not one of our URLs: ${url}`);
      return url.slice(TEST_PUBLIC_URL.length);
    },
  };
}

/** The parameters Twilio posts for a call on our number. */
export function callParams(callSid: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AccountSid: `AC${'0'.repeat(32)}`,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: 'in-progress',
    Direction: 'inbound',
    From: CALLER,
    Caller: CALLER,
    To: OUR_NUMBER,
    Called: OUR_NUMBER,
    ...extra,
  };
}

/**
 * Sets the clock to `now` for Date only, so the rota finds the night shift while timers, I/O and the store run as
 * usual (the app under test is real).
 */
export function clockAt(now: Date): void {
  jest.useFakeTimers({
    now,
    advanceTimers: true,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

/** The transcript as the console reads it (activities are stored as JSON); the logger writes after the turn. */
export async function transcriptOf(
  app: RunningApp,
  conversationId: string,
  until: (a: Activity[]) => boolean = () => true,
) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const docs = await app.database.connection
      .collection('transcript_activities')
      .find({ conversationId })
      .sort({ timestamp: 1 })
      .toArray();
    const activities = docs.map((d) => JSON.parse(d.json as string) as Activity);
    if (until(activities) || Date.now() > deadline) return activities;
    await new Promise((r) => setTimeout(r, 50));
  }
}
