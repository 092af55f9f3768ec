import { callParams, newCallSid, postWebhook, type TwimlAnswer } from './twilioWebhooks';

/** One phone call: follows the <Gather> action URLs in our TwiML the way Twilio does. */
export class Call {
  readonly sid = newCallSid();
  last!: TwimlAnswer;
  /** The public line's greeting and language menu (issue 22), before the first question. */
  menu?: TwimlAnswer;
  turns = 0;

  constructor(private readonly base: string) {}

  /** The call, past the public line's language menu by waiting (English goes on): the first question. */
  async start(path = '/api/voice'): Promise<TwimlAnswer> {
    this.last = await postWebhook(this.base, path, callParams(this.sid));
    if (path !== '/api/voice') return this.last;
    this.menu = this.last;
    const action = this.menu.pathOf(this.menu.first('Gather')!.getAttribute('action'));
    return (this.last = await postWebhook(this.base, action, callParams(this.sid)));
  }

  /** The call up to the language menu only. */
  async ring(): Promise<TwimlAnswer> {
    return (this.menu = this.last = await postWebhook(this.base, '/api/voice', callParams(this.sid)));
  }

  say(text: string, confidence = '0.91') {
    return this.answer({ SpeechResult: text, Confidence: confidence });
  }

  press(digits: string) {
    return this.answer({ Digits: digits });
  }

  silence() {
    return this.answer({});
  }

  /** A health problem is assessed first (issue 16): "no" (key 2) to both danger-sign questions. */
  async noDangerSigns(): Promise<TwimlAnswer> {
    expect(this.last.says).toEqual(expect.arrayContaining(['Press 1 for yes, 2 for no, or 3 if you are not sure.']));
    await this.press('2');
    return this.press('2');
  }

  async answer(extra: Record<string, string>): Promise<TwimlAnswer> {
    const gather = this.last.first('Gather');
    if (!gather) throw new Error(`no <Gather> to answer in ${this.last.body}`);
    this.turns++;
    const path = this.last.pathOf(gather.getAttribute('action'));
    return (this.last = await postWebhook(this.base, path, callParams(this.sid, extra)));
  }

  /** Twilio's request to the <Dial> action after the clinician did or did not answer. */
  async dialOutcome(status: string): Promise<TwimlAnswer> {
    const dial = this.last.first('Dial');
    if (!dial) throw new Error(`no <Dial> in ${this.last.body}`);
    const path = this.last.pathOf(dial.getAttribute('action'));
    return (this.last = await postWebhook(
      this.base,
      path,
      callParams(this.sid, { DialCallStatus: status, DialCallDuration: status === 'completed' ? '75' : '0' }),
    ));
  }

  hangUp(status = 'completed') {
    return postWebhook(
      this.base,
      '/api/voice/status',
      callParams(this.sid, { CallStatus: status, CallDuration: '90' }),
    );
  }
}
