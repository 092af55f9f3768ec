import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import type { Config } from '../../config';
import type { TelephoneInterpreting } from '../../content/services';
import type { Language } from '../../intents/language/languages';
import type { PhoneLanguageMenu } from '../../language/phoneLanguageMenu';
import type { Logger } from '../../observability/logger';
import { e164 } from './phoneNumbers';
import type { VoiceTwiml } from './twiml';

/** One person rung into a conference: Twilio calls `to` from our number and runs `twiml` when they answer. */
export interface ParticipantCall {
  /** Who this is in the three-way call, for the record and the logs (never the number). */
  role: 'interpreter' | 'clinician' | 'patient';
  to: string;
  from: string;
  twiml: string;
  /** Keys sent once the call connects: the interpreting service's account code. */
  sendDigits?: string;
}

/**
 * The one thing the interpreter conference needs from the outside world: ring a number into it. Twilio's REST API in
 * production (`twilioConferenceCalls`); tests record the calls.
 */
export interface ConferenceCallPort {
  call(participant: ParticipantCall): Promise<{ sid: string }>;
}

/** Twilio's `calls.create`, with the TwiML inline so no webhook is needed for a participant. */
export interface ConferenceCallTransport {
  calls: {
    create(options: { to: string; from: string; twiml: string; sendDigits?: string }): Promise<{ sid: string }>;
  };
}

export function twilioConferenceCalls(transport: ConferenceCallTransport): ConferenceCallPort {
  return {
    call: ({ to, from, twiml, sendDigits }) =>
      transport.calls.create({ to, from, twiml, ...(sendDigits ? { sendDigits } : {}) }),
  };
}

/** Twilio when the account and our number are configured (as for SMS and click-to-call); otherwise none. */
export function createConferenceCallPort(config: Config): ConferenceCallPort | undefined {
  const { TWILIO_ACCOUNT_SID: sid, TWILIO_FROM_NUMBER: from, TWILIO_AUTH_TOKEN: token } = config;
  return sid && from ? twilioConferenceCalls(twilio(sid, token)) : undefined;
}

/** Raised when the interpreting service could not be rung: the caller goes to the duty clinician instead. */
export class InterpreterNotReached extends Error {
  override name = 'InterpreterNotReached';
}

export interface ConferenceDeps {
  /** Absent in development without Twilio credentials: the conference is set up but nobody is rung. */
  port?: ConferenceCallPort;
  twiml: VoiceTwiml;
  menu: PhoneLanguageMenu;
  logger: Logger;
}

export interface InterpreterCallRequest {
  language: Language;
  reference: string;
  interpreting: TelephoneInterpreting;
  /** Our number, the caller id every participant sees. */
  from: string;
}

export interface StartedConference {
  name: string;
  /** Participants rung, in order; `placed: false` in development (no port) or when Twilio refused the call. */
  rung: { role: ParticipantCall['role']; placed: boolean }[];
}

/**
 * A three-way call with a telephone interpreter (issue 22, item 4) on Twilio <Conference>. The interpreting service
 * is rung first, so the interpreter is there when the clinician speaks; its account code is keyed in as it answers.
 * Then the clinician (and, from the console, the patient). The phone line puts the caller in with <Dial><Conference>;
 * the console rings the patient too.
 */
export class InterpreterConference {
  constructor(private readonly deps: ConferenceDeps) {}

  get live(): boolean {
    return !!this.deps.port;
  }

  /**
   * For a caller on the line who chose a language: rings the interpreter, then the duty clinician, and answers with
   * the caller's TwiML. Throws InterpreterNotReached when the interpreting service could not be rung (or, without
   * Twilio credentials, cannot be).
   */
  async forCaller(request: InterpreterCallRequest, clinicianPhone: string | undefined): Promise<string> {
    // Without a line to the service the caller would wait alone: the duty clinician instead.
    if (!this.deps.port) throw new InterpreterNotReached('No telephone line to the interpreting service is set up.');
    const name = conferenceName();
    await this.ringInterpreter(name, request);
    if (clinicianPhone) {
      await this.ring(name, {
        role: 'clinician',
        to: e164(clinicianPhone),
        from: request.from,
        twiml: this.deps.twiml.participant(this.deps.menu.clinicianIntro(request.language, request.reference), name, {
          starts: true,
          ends: false,
        }),
      });
    } else {
      this.deps.logger.error({ event: 'interpreter.no_duty_clinician' }, 'nobody on the rota to join the interpreter');
    }
    return this.deps.twiml.conference(this.deps.menu.connecting(request.language), name);
  }

  /**
   * From the console: the interpreter, then the staff member (whose leaving ends the call), then the patient.
   * Throws InterpreterNotReached when the interpreting service could not be rung, before anyone else is.
   */
  async fromConsole(
    request: InterpreterCallRequest,
    staffPhone: string,
    patientNumber: string,
  ): Promise<StartedConference> {
    const name = conferenceName();
    const rung: StartedConference['rung'] = [];
    rung.push({ role: 'interpreter', placed: await this.ringInterpreter(name, request) });
    const staffTwiml = this.deps.twiml.participant(
      this.deps.menu.clinicianIntro(request.language, request.reference),
      name,
      { starts: true, ends: true },
    );
    rung.push({
      role: 'clinician',
      placed: await this.ring(name, { role: 'clinician', to: staffPhone, from: request.from, twiml: staffTwiml }),
    });
    const patientTwiml = this.deps.twiml.participant(undefined, name, { starts: false, ends: false });
    rung.push({
      role: 'patient',
      placed: await this.ring(name, { role: 'patient', to: patientNumber, from: request.from, twiml: patientTwiml }),
    });
    return { name, rung };
  }

  private async ringInterpreter(name: string, request: InterpreterCallRequest): Promise<boolean> {
    const placed = await this.ring(name, {
      role: 'interpreter',
      to: request.interpreting.phone,
      from: request.from,
      twiml: this.deps.twiml.participant(this.deps.menu.interpreterIntro(request.language, request.reference), name, {
        starts: true,
        ends: false,
      }),
      // Half a second's pause twice while the service's line answers, then the account code.
      sendDigits: `ww${request.interpreting.accountCode}`,
    });
    if (this.deps.port && !placed) throw new InterpreterNotReached('The interpreting service could not be called.');
    return placed;
  }

  /** Whether Twilio took the call; a refusal is logged (never the number) and left to the caller to handle. */
  private async ring(name: string, participant: ParticipantCall): Promise<boolean> {
    if (!this.deps.port) return false;
    try {
      await this.deps.port.call(participant);
      return true;
    } catch (err) {
      this.deps.logger.error(
        { err, event: 'interpreter.call_failed', role: participant.role, conference: name },
        'Twilio did not place a call into the interpreter conference',
      );
      return false;
    }
  }
}

/** Unique per call: Twilio joins everyone who dials the same name. */
function conferenceName(): string {
  return `front-door-interpreter-${randomUUID()}`;
}
