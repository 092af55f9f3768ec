import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import type { Config } from '../../config';
import type { TelephoneInterpreting } from '../../content/services';
import { loadLanguages, type Language } from '../../intents/language/languages';
import type { PhoneLanguageMenu } from '../../language/phoneLanguageMenu';
import type { Logger } from '../../observability/logger';
import { e164 } from './phoneNumbers';
import type { ConferenceWording } from './conferenceWording';
import type { VoiceTwiml } from './twiml';
import type { InterpreterWait, InterpreterWaits } from './interpreterWaits';

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
  /** The conferences waiting for their interpreter, in the store (H79). */
  waits: InterpreterWaits;
  now: () => Date;
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
  /**
   * Participants rung, in order; `placed: false` in development (no port) or when Twilio refused the call. From the
   * console only the interpreter is rung at once: the staff member and the patient follow when it joins.
   */
  rung: { role: ParticipantCall['role']; placed: boolean }[];
}

/**
 * A three-way call with a telephone interpreter (issue 22, item 4) on Twilio <Conference>. The interpreting service
 * is rung first; its account code is keyed in as it answers. Nobody else is rung until Twilio's status callback says
 * the interpreter has joined (or the content's wait runs out), so no clinician speaks to a patient nobody can
 * interpret for: on the phone line the caller waits in the conference and the duty clinician is rung; from the
 * console the staff member is rung, then the patient. Each wait is kept in the store (InterpreterWaits), so a restart
 * loses nobody: `resume` picks the waits up at start-up.
 */
export class InterpreterConference {
  /** This process's timers for the waits it is running, by conference id; the waits themselves are in the store. */
  private readonly timers = new Map<string, () => void>();
  private readonly languages = loadLanguages();

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
    if (!clinicianPhone) {
      this.deps.logger.error({ event: 'interpreter.no_duty_clinician' }, 'nobody on the rota to join the interpreter');
    }
    const { name, statusCallback } = await this.wait('caller', request, { clinicianPhone, callerCallSid });
    return this.deps.twiml.conference(this.deps.menu.connecting(request.language), name, statusCallback);
  }

  /**
   * From the console: the interpreter now; the staff member (whose leaving ends the call), then the patient, once
   * the interpreter has joined or the wait has run out. Throws InterpreterNotReached when the interpreting service
   * could not be rung, before anyone else is.
   */
  async fromConsole(
    request: InterpreterCallRequest,
    staffPhone: string,
    patientNumber: string,
  ): Promise<StartedConference> {
    if (!this.deps.port) {
      // Development: nobody can be rung, so nobody is waited for.
      const name = conferenceName(randomUUID());
      return {
        name,
        rung: (['interpreter', 'clinician', 'patient'] as const).map((role) => ({ role, placed: false })),
      };
    }
    const { name } = await this.wait('console', request, { clinicianPhone: staffPhone, patientNumber });
    return { name, rung: [{ role: 'interpreter', placed: true }] };
  }

  /**
   * The wait is stored before the interpreter is rung, so their joining cannot come before it; if the service cannot
   * be rung, the wait is taken back and InterpreterNotReached thrown.
   */
  private async wait(
    kind: InterpreterWait['kind'],
    request: InterpreterCallRequest,
    who: Pick<InterpreterWait, 'clinicianPhone' | 'callerCallSid' | 'patientNumber'>,
  ): Promise<{ name: string; statusCallback: string }> {
    const id = randomUUID();
    const name = conferenceName(id);
    const statusCallback = this.deps.statusCallbackUrl(id);
    const now = this.deps.now();
    await this.deps.waits.add({
      _id: id,
      kind,
      name,
      language: request.language.code,
      reference: request.reference,
      from: request.from,
      ...who,
      dueAt: new Date(now.getTime() + this.deps.wording.waitForInterpreterMs),
      createdAt: now,
    });
    try {
      await this.ringInterpreter(name, request, statusCallback);
    } catch (err) {
      await this.deps.waits.claim(id);
      throw err;
    }
    this.startTimer(id, this.deps.wording.waitForInterpreterMs);
    return { name, statusCallback };
  }

  /**
   * At start-up: the waits a stopped process was running, each with the time it has left (none: at once). A wait
   * whose time ran out longer ago than the content allows is dropped: its caller has long gone, and the item is on
   * the queue as urgent with "interpreter needed" for the console to start the call again.
   */
  async resume(): Promise<number> {
    const now = this.deps.now().getTime();
    let resumed = 0;
    for (const wait of await this.deps.waits.all()) {
      if (this.timers.has(wait._id)) continue;
      const left = wait.dueAt.getTime() - now;
      if (-left > this.deps.wording.forgetAfterMs) {
        if (await this.deps.waits.claim(wait._id)) {
          this.deps.logger.warn(
            { event: 'interpreter.wait_dropped', conference: wait.name },
            'interpreter wait too old',
          );
        }
        continue;
      }
      this.startTimer(wait._id, Math.max(0, left));
      resumed++;
    }
    if (resumed)
      this.deps.logger.info({ event: 'interpreter.waits_resumed', count: resumed }, 'interpreter waits resumed');
    return resumed;
  }

  /**
   * Twilio's status callback for a conference: when the interpreter joins a conference that is still waiting, the
   * others are rung into it. Any other join, a repeat, or a conference no longer waiting (the wait ran out, on this
   * or another instance) changes nothing.
   */
  async joined(conferenceId: string, join: ConferenceJoin): Promise<void> {
    if (join.label !== 'interpreter') return;
    const wait = await this.deps.waits.claim(conferenceId);
    if (!wait) return;
    this.stopTimer(conferenceId);
    this.deps.logger.info({ event: 'interpreter.joined', conference: wait.name }, 'the interpreter has joined');
    const language = this.languageOf(wait);
    await this.ringOthers(wait, this.deps.menu.clinicianIntro(language, wait.reference));
  }

  private startTimer(id: string, ms: number): void {
    const cancel = this.deps.schedule(ms, () => {
      this.timers.delete(id);
      void this.interpreterLate(id).catch((err: unknown) =>
        this.deps.logger.error({ err, event: 'interpreter.late_failed', conference: id }, 'interpreter wait failed'),
      );
    });
    this.timers.set(id, cancel);
  }

  private stopTimer(id: string): void {
    this.timers.get(id)?.();
    this.timers.delete(id);
  }

  /** The wait is over: the others are rung anyway, and a caller on the line hears so, in their language then English. */
  private async interpreterLate(conferenceId: string): Promise<void> {
    const wait = await this.deps.waits.claim(conferenceId);
    if (!wait) return;
    this.deps.logger.warn(
      { event: 'interpreter.not_joined', conference: wait.name },
      'the interpreter has not joined: ringing the others anyway',
    );
    const language = this.languageOf(wait);
    if (wait.kind === 'caller' && wait.callerCallSid) {
      // The caller is told first: their call leaves the conference for the message (ending it, as their leaving does)
      // and comes back, which must be over before the clinician joins, not while they are in it.
      const back = this.deps.twiml.conference(
        this.deps.wording.late(language),
        wait.name,
        this.deps.statusCallbackUrl(conferenceId),
      );
      try {
        await this.deps.port?.redirect(wait.callerCallSid, back);
      } catch (err) {
        // The caller stays on hold in the conference, where the clinician joins them.
        this.deps.logger.error({ err, event: 'interpreter.caller_not_told', conference: wait.name }, 'caller not told');
      }
    }
    await this.ringOthers(wait, this.deps.wording.clinicianLate(language, wait.reference));
  }

  /** The clinician (the console's staff member, whose leaving ends the call) and, from the console, the patient. */
  private async ringOthers(wait: InterpreterWait, intro: string): Promise<void> {
    const fromConsole = wait.kind === 'console';
    if (wait.clinicianPhone) {
      await this.ring(wait.name, {
        role: 'clinician',
        to: fromConsole ? wait.clinicianPhone : e164(wait.clinicianPhone),
        from: wait.from,
        twiml: this.deps.twiml.participant(intro, wait.name, { starts: true, ends: fromConsole, label: 'clinician' }),
      });
    }
    if (!fromConsole || !wait.patientNumber) return;
    // The patient did not ring us: they hear who is calling, in their language and then English, before joining.
    const patientTwiml = this.deps.twiml.participant(this.deps.wording.patientIntro(this.languageOf(wait)), wait.name, {
      starts: false,
      ends: false,
      label: 'patient',
    });
    await this.ring(wait.name, { role: 'patient', to: wait.patientNumber, from: wait.from, twiml: patientTwiml });
  }

  private languageOf(wait: InterpreterWait): Language {
    const language = this.languages.byCode.get(wait.language);
    // Only a code from languages.yaml is ever stored; a language removed from content since is a content error.
    if (!language) throw new Error(`interpreter wait for a language no longer served: ${wait.language}`);
    return language;
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
