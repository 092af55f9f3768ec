import twilio from 'twilio';
import type VoiceResponse from 'twilio/lib/twiml/VoiceResponse';
import { z } from 'zod';
import { fill } from '../../content/placeholders';
import { readContentFile, reviewSchema } from '../../content/readContentFile';
import type { CallRequests } from '../notify/callRequests';

const line = z.string().min(1);
const bridgeSchema = z.object({
  review: reviewSchema,
  voice: z.object({ intro: line.includes('{reference}'), connecting: line, noKey: line, failed: line }),
});
export type BridgeContent = z.infer<typeof bridgeSchema>['voice'];

/** What staff hear on a console call-back (content/hub/callback.yaml). */
export function loadBridgeContent(): BridgeContent {
  return readContentFile('hub/callback.yaml', bridgeSchema).voice;
}

/**
 * The console's click-to-call, Twilio's side. Twilio rang the staff member (`calls.create` with our URL); when they
 * answer, Twilio fetches `answered`, which asks them to press 1, so a voicemail picking up never rings the patient.
 * Pressing 1 fetches `confirmed`, which <Dial>s the patient's call-back number with our number as caller id. Both are
 * signed, ledgered webhooks like every other (registerTwilio.ts).
 */
export class CallbackBridge {
  constructor(
    private readonly requests: CallRequests,
    private readonly content: BridgeContent,
    private readonly voice: string,
    private readonly publicUrl: string,
    /** Our number: the configured one, else the `From` Twilio reports (the number it rang staff from is ours). */
    private readonly callerId: (params: Record<string, string>) => string | undefined,
  ) {}

  async answered(bridgeId: string | undefined): Promise<string> {
    const request = await this.mustFind(bridgeId);
    await this.requests.mark(request._id, 'answered');
    const response = new twilio.twiml.VoiceResponse();
    const gather = response.gather({
      input: ['dtmf'],
      numDigits: 1,
      timeout: 10,
      action: `${this.publicUrl}/api/voice/callback-bridge?bridge=${encodeURIComponent(request._id)}&step=connect`,
      method: 'POST',
      actionOnEmptyResult: true,
    });
    this.say(gather, fill(this.content.intro, { reference: spaced(request.reference) }));
    return response.toString();
  }

  async confirmed(bridgeId: string | undefined, params: Record<string, string>): Promise<string> {
    const request = await this.mustFind(bridgeId);
    const response = new twilio.twiml.VoiceResponse();
    if (params.Digits !== '1') {
      await this.requests.mark(request._id, 'declined');
      this.say(response, this.content.noKey);
      response.hangup();
      return response.toString();
    }
    await this.requests.mark(request._id, 'connecting');
    this.say(response, this.content.connecting);
    const callerId = request.from ?? this.callerId(params);
    response.dial({ ...(callerId ? { callerId } : {}) }, request.patientNumber);
    return response.toString();
  }

  /** Whatever failed, staff hear that the patient was not called, rather than Twilio's application error. */
  failSafe(): string {
    const response = new twilio.twiml.VoiceResponse();
    this.say(response, this.content.failed);
    response.hangup();
    return response.toString();
  }

  private async mustFind(bridgeId: string | undefined) {
    const request = bridgeId ? await this.requests.find(bridgeId) : null;
    if (!request) throw new Error('Call-back bridge for an unknown request');
    return request;
  }

  private say(parent: VoiceResponse | VoiceResponse.Gather, text: string) {
    parent.say({ voice: this.voice as NonNullable<VoiceResponse.SayAttributes['voice']>, language: 'en-GB' }, text);
  }
}

/** "FD-T92-7UK" read as letters and digits, not as a word. */
function spaced(reference: string): string {
  return reference.replace(/-/g, ' ').split('').join(' ').replace(/\s+/g, ' ');
}
