import { DOMParser } from '@xmldom/xmldom';
import twilio from 'twilio';
import { send } from './httpClient';

/**
 * One phone call as Twilio makes it: signed, form-encoded webhooks, following the <Gather> action in each answer.
 * Returns what the caller would hear (every <Say>, in order).
 */
export class PhoneCall {
  private action = '';

  constructor(
    private readonly base: string,
    private readonly authToken: string,
    private readonly sid: string,
    private readonly from: string,
    private readonly line = '/api/voice',
  ) {}

  dial(): Promise<string> {
    return this.post(this.line, {});
  }

  answer(input: { speech?: string; digits?: string }): Promise<string> {
    if (!this.action) throw new Error('no <Gather> to answer');
    const extra: Record<string, string> = input.digits
      ? { Digits: input.digits }
      : { SpeechResult: input.speech ?? '', Confidence: '0.91' };
    return this.post(this.action, extra);
  }

  hangUp(): Promise<string> {
    return this.post('/api/voice/status', { CallStatus: 'completed', CallDuration: '95' });
  }

  private async post(path: string, extra: Record<string, string>): Promise<string> {
    const params = {
      AccountSid: 'AC00000000000000000000000000000000',
      CallSid: this.sid,
      From: this.from,
      To: '+442079460000',
      CallStatus: 'in-progress',
      Direction: 'inbound',
      ...extra,
    };
    const url = this.base + path;
    const res = await send(
      'POST',
      url,
      {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(this.authToken, url, params),
      },
      new URLSearchParams(params).toString(),
    );
    const body = res.text;
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${body.slice(0, 120)}`);
    const doc = new DOMParser().parseFromString(body, 'text/xml');
    const gather = doc.getElementsByTagName('Gather')[0];
    this.action = gather?.getAttribute('action')?.slice(this.base.length) ?? '';
    return Array.from(doc.getElementsByTagName('Say'))
      .map((s) => s.textContent ?? '')
      .join('\n');
  }
}
