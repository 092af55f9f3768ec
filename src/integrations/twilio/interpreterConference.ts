import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import type { Config } from '../../config';
import type { TelephoneInterpreting } from '../../content/services';
import type { Language } from '../../intents/language/languages';
import type { PhoneLanguageMenu } from '../../language/phoneLanguageMenu';
import type { Logger } from '../../observability/logger';
import { e164 } from './phoneNumbers';
import type { ConferenceWording } from './conferenceWording';
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
  /** Gives a call in progress new TwiML: the caller told the interpreter is late, then back into the conference. */
  redirect(callSid: string, twiml: string): Promise<void>;
}

/** Twilio's `calls.create` and `calls(sid).update`, with the TwiML inline so no webhook is needed for a participant. */
export interface ConferenceCallTransport {
  calls: ((sid: string) => { update(options: { twiml: string }): Promise<unknown> }) & {
    create(options: { to: string; from: string; twiml: string; sendDigits?: string }): Promise<{ sid: string }>;
  };
}

export function twilioConferenceCalls(transport: ConferenceCallTransport): ConferenceCallPort {
  return {
    call: ({ to, from, twiml, sendDigits }) =>
      transport.calls.create({ to, from, twiml, ...(sendDigits ? { sendDigits } : {}) }),
    redirect: async (callSid, twiml) => {
      await transport.calls(callSid).update({ twiml });
    },
  };
}

/** Runs `run` after `ms` unless cancelled: a timer in production, driven by hand in tests. */
export type Schedule = (ms: number, run: () => void) => () => void;

export const timerSchedule: Schedule = (ms, run) => {
  const timer = setTimeout(run, ms);
  // A caller's wait must not keep a stopping process alive.
  timer.unref();
  return () => clearTimeout(timer);
};

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
  wording: ConferenceWording;
  logger: Logger;
  /** Where Twilio posts a conference's joins: the route of interpreterConferenceRoute.ts, with the conference's id. */
  statusCallbackUrl(conferenceId: string): string;
  schedule: Schedule;
}

/** A caller's conference waiting for its interpreter to join before the clinician is rung. */
interface Waiting {
  name: string;
  request: InterpreterCallRequest;
  clinicianPhone?: string;
  callerCallSid: string;
  cancelTimeout: () => void;
}

/** What a conference's status callback says: who joined (the labels our TwiML gives each participant). */
export interface ConferenceJoin {
  event: 'participant-join';
  label: 'caller' | 'interpreter' | 'clinician' | 'patient';
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
 * is rung first; its account code is keyed in as it answers. The phone line puts the caller in with
 * <Dial><Conference> and rings the duty clinician once Twilio's status callback says the interpreter has joined (or
 * when the content's wait runs out). The console rings the interpreter, the staff member and the patient at once:
 * the staff member is there to wait with the patient.
 */
export class InterpreterConference {
  /** Callers' conferences whose interpreter has not joined yet, by id: in this process's memory (README). */
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly deps: ConferenceDeps) {}

  get live(): boolean {
    return !!this.deps.port;
  }

  /**
   * For a caller on the line who chose a language: rings the interpreter and answers with the caller's TwiML, which
   * puts them in the conference. The duty clinician is rung when Twilio says the interpreter has joined (`joined`),
   * so the clinician never speaks to a caller nobody can interpret for; if the interpreter has not joined within the
   * content's wait, the clinician is rung anyway and the caller told. Throws InterpreterNotReached when the
   * interpreting service could not be rung (or, without Twilio credentials, cannot be).
   */
  async forCaller(
    request: InterpreterCallRequest,
    clinicianPhone: string | undefined,
    callerCallSid: string,
  ): Promise<string> {
    // Without a line to the service the caller would wait alone: the duty clinician instead.
    if (!this.deps.port) throw new InterpreterNotReached('No telephone line to the interpreting service is set up.');
    const id = randomUUID();
    const name = conferenceName(id);
    const statusCallback = this.deps.statusCallbackUrl(id);
    await this.ringInterpreter(name, request, statusCallback);
    if (!clinicianPhone) {
      this.deps.logger.error({ event: 'interpreter.no_duty_clinician' }, 'nobody on the rota to join the interpreter');
    }
    const cancelTimeout = this.deps.schedule(this.deps.wording.waitForInterpreterMs, () => {
      void this.interpreterLate(id).catch((err: unknown) =>
        this.deps.logger.error({ err, event: 'interpreter.late_failed', conference: name }, 'interpreter wait failed'),
      );
    });
    this.waiting.set(id, { name, request, clinicianPhone, callerCallSid, cancelTimeout });
    return this.deps.twiml.conference(this.deps.menu.connecting(request.language), name, statusCallback);
  }

  /**
   * Twilio's status callback for a conference: when the interpreter joins a caller's conference that is still
   * waiting, the duty clinician is rung into it. Any other join, a repeat, or a conference no longer waiting (the
   * clinician was rung when the wait ran out) changes nothing.
   */
  async joined(conferenceId: string, join: ConferenceJoin): Promise<void> {
    if (join.label !== 'interpreter') return;
    const waiting = this.waiting.get(conferenceId);
    if (!waiting) return;
    this.waiting.delete(conferenceId);
    waiting.cancelTimeout();
    this.deps.logger.info({ event: 'interpreter.joined', conference: waiting.name }, 'the interpreter has joined');
    const { language, reference } = waiting.request;
    await this.ringClinician(waiting, this.deps.menu.clinicianIntro(language, reference));
  }

  /** The wait is over: the clinician is rung anyway, and the caller hears so, in their language then English. */
  private async interpreterLate(conferenceId: string): Promise<void> {
    const waiting = this.waiting.get(conferenceId);
    if (!waiting) return;
    this.waiting.delete(conferenceId);
    this.deps.logger.warn(
      { event: 'interpreter.not_joined', conference: waiting.name },
      'the interpreter has not joined: ringing the clinician anyway',
    );
    const { language, reference } = waiting.request;
    await this.ringClinician(waiting, this.deps.wording.clinicianLate(language, reference));
    const back = this.deps.twiml.conference(
      this.deps.wording.late(language),
      waiting.name,
      this.deps.statusCallbackUrl(conferenceId),
    );
    try {
      await this.deps.port?.redirect(waiting.callerCallSid, back);
    } catch (err) {
      // The caller stays on hold in the conference, where the clinician joins them.
      this.deps.logger.error(
        { err, event: 'interpreter.caller_not_told', conference: waiting.name },
        'caller not told',
      );
    }
  }

  private async ringClinician(waiting: Waiting, intro: string): Promise<void> {
    if (!waiting.clinicianPhone) return;
    await this.ring(waiting.name, {
      role: 'clinician',
      to: e164(waiting.clinicianPhone),
      from: waiting.request.from,
      twiml: this.deps.twiml.participant(intro, waiting.name, { starts: true, ends: false, label: 'clinician' }),
    });
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
    const name = conferenceName(randomUUID());
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
    // The patient did not ring us: they hear who is calling, in their language and then English, before joining.
    const patientTwiml = this.deps.twiml.participant(this.deps.wording.patientIntro(request.language), name, {
      starts: false,
      ends: false,
      label: 'patient',
    });
    rung.push({
      role: 'patient',
      placed: await this.ring(name, { role: 'patient', to: patientNumber, from: request.from, twiml: patientTwiml }),
    });
    return { name, rung };
  }

  private async ringInterpreter(
    name: string,
    request: InterpreterCallRequest,
    statusCallback?: string,
  ): Promise<boolean> {
    const placed = await this.ring(name, {
      role: 'interpreter',
      to: request.interpreting.phone,
      from: request.from,
      twiml: this.deps.twiml.participant(this.deps.menu.interpreterIntro(request.language, request.reference), name, {
        starts: true,
        ends: false,
        label: 'interpreter',
        statusCallback,
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
function conferenceName(id: string): string {
  return `front-door-interpreter-${id}`;
}
