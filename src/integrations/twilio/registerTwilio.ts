import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { failSafeOnTurnError } from '../../bot/adapter';
import type { BotRuntime } from '../../bot/runtime';
import twilio from 'twilio';
import type { ServiceRotas } from '../rota/serviceRotas';
import { CallRequests } from '../notify/callRequests';
import { CallbackBridge, loadBridgeContent } from './callbackBridge';
import { CallOutcomes } from './callOutcomes';
import { loadPhoneContent } from './phoneContent';
import { callerNumberOf, e164 } from './phoneNumbers';
import { PhoneState, type PhoneLine, type VoiceStep } from './phoneState';
import { registerPhoneSimulator } from './simulator';
import { SmsAdapter, SmsLine } from './smsLine';
import { TransferDesk } from './transfer';
import { VoiceTwiml } from './twiml';
import { VoiceAdapter, VoiceLine } from './voiceLine';
import { bridgeQuery, dialQuery, gatherQuery, noQuery, whisperQuery, type GatherQuery } from './webhookQueries';
import { twilioWebhook, sendXml, validQuery, webhookLimited } from './webhooks';
import { verifiedParams } from './signature';
import { RateLimiter } from '../directline/rateLimiter';
import { WebhookLedger } from './webhookLedger';
import { PhoneLanguageMenu } from '../../language/phoneLanguageMenu';
import { ConferenceWording } from './conferenceWording';
import { InterpreterConference, type ConferenceCallPort, type Schedule } from './interpreterConference';
import { InterpreterWaits } from './interpreterWaits';
import { INTERPRETER_CONFERENCE_PATH, registerInterpreterConferenceRoute } from './interpreterConferenceRoute';

export interface TwilioChannels {
  voice: VoiceLine;
  sms: SmsLine;
  /** Call and transfer outcomes, for the hub. */
  outcomes: CallOutcomes;
  /** The interpreter three-way call and the language wording, for the console to start one too. */
  interpreters: { conference: InterpreterConference; menu: PhoneLanguageMenu };
}

/**
 * The phone line and SMS on the shared bot runtime: webhooks under /api/voice and /api/sms, and in development the
 * phone simulator at /dev/phone.
 */
export function registerTwilio(
  server: Server,
  runtime: BotRuntime,
  rotas: ServiceRotas,
  /** Rings the interpreter and the clinician into a conference: Twilio's REST API when configured. */
  conferenceCalls: ConferenceCallPort | undefined,
  /** How long the interpreter conference waits for the interpreter before ringing the clinician: a timer. */
  schedule: Schedule,
): TwilioChannels {
  const { config, logger, connection, prompts } = runtime;
  const publicUrl = config.PUBLIC_URL;
  const content = loadPhoneContent();
  const state = new PhoneState(connection);
  const outcomes = new CallOutcomes(connection);
  const twiml = new VoiceTwiml(content, config.TWILIO_VOICE);
  // Our own number as caller id: the configured one, else the number the caller rang (which is ours).
  const callerId = (params: Record<string, string>) => config.TWILIO_FROM_NUMBER ?? params.To ?? params.Called ?? '';

  const voiceAdapter = runtime.attach(new VoiceAdapter());
  voiceAdapter.onTurnError = failSafeOnTurnError(prompts.failSafe, logger);
  const smsAdapter = runtime.attach(new SmsAdapter(state, runtime.notifications));
  smsAdapter.onTurnError = failSafeOnTurnError(prompts.failSafe, logger);

  const transfers = new TransferDesk({
    rotas,
    state,
    outcomes,
    queue: runtime.queue,
    notifications: runtime.notifications,
    twiml,
    content,
    logger,
    publicUrl,
    dialTimeoutSeconds: config.DIAL_TIMEOUT_SECONDS,
    fallbackCallerId: callerId,
    now: () => new Date(),
  });
  const menu = new PhoneLanguageMenu();
  const conference = new InterpreterConference({
    port: conferenceCalls,
    twiml,
    menu,
    wording: new ConferenceWording(),
    logger,
    statusCallbackUrl: (id) => `${publicUrl}${INTERPRETER_CONFERENCE_PATH}?conference=${id}`,
    schedule,
    waits: new InterpreterWaits(connection),
    now: () => new Date(),
  });
  const voice = new VoiceLine({
    runtime,
    adapter: voiceAdapter,
    state,
    outcomes,
    transfers,
    twiml,
    content,
    publicUrl,
    minConfidence: config.VOICE_MIN_CONFIDENCE,
    languages: { menu, conference, rotas, callerId, now: () => new Date() },
  });
  const sms = new SmsLine({ runtime, adapter: smsAdapter, state, content, publicUrl });

  const options = {
    authToken: config.TWILIO_AUTH_TOKEN,
    publicUrl,
    ledger: new WebhookLedger(connection),
    logger,
    perAddress: new RateLimiter(config.WEBHOOK_RATE_PER_MINUTE, 60000),
  };
  // Needs no store: the rota is content in memory, so even with the database down the caller reaches a clinician.
  const voiceFailSafe = (params: Record<string, string>) => {
    const service = runtime.services.forContact({ calledNumber: params.To }).id;
    const duty = rotas.onDutySync(new Date(), service)[0];
    return twiml.failSafe(prompts.failSafe.speak, duty && e164(duty.phone), callerId(params) || undefined);
  };
  const smsFailSafe = () => new twilio.twiml.MessagingResponse().message(prompts.failSafe.text).toString();

  const incoming = (line: PhoneLine) => (params: Record<string, string>, _q: unknown, key: string) =>
    voice.incoming(params, line, key);
  // Each route's query is checked against the ids we put in its URL (webhookQueries.ts): 400 otherwise.
  twilioWebhook(server, '/api/voice', noQuery, options, incoming('public'), voiceFailSafe);
  twilioWebhook(server, '/api/voice/professional', noQuery, options, incoming('professional'), voiceFailSafe);
  // Reading the step has no effect, so it runs alongside the ledger's insert; a step that is not found, or none in
  // the URL, is the handler's to refuse (fail-safe).
  twilioWebhook<GatherQuery, VoiceStep | null>(
    server,
    '/api/voice/gather',
    gatherQuery,
    options,
    async (p, _q, key, step) => voice.gathered(await step, p, key),
    voiceFailSafe,
    async (_p, q) => (q.step ? state.step(q.step) : null),
  );
  twilioWebhook(
    server,
    '/api/voice/dial',
    dialQuery,
    options,
    (p, q) => transfers.dialed(q.transfer, q.attempt, p),
    voiceFailSafe,
  );
  registerInterpreterConferenceRoute(server, conference, options);
  twilioWebhook(
    server,
    '/api/voice/status',
    noQuery,
    options,
    (p, _q, key) => voice.ended(p, key),
    () => twiml.empty(),
  );
  const smsOptions = { ...options, perSender: new RateLimiter(config.SMS_PER_SENDER_PER_MINUTE, 60000) };
  twilioWebhook(server, '/api/sms', noQuery, smsOptions, (p, _q, key) => sms.received(p, key), smsFailSafe);
  // The console's click-to-call: staff answered (ask them to press 1), then pressed (dial the patient).
  const bridge = new CallbackBridge(
    new CallRequests(connection),
    loadBridgeContent(),
    config.TWILIO_VOICE,
    publicUrl,
    (params) => config.TWILIO_FROM_NUMBER ?? callerNumberOf(params.From),
  );
  twilioWebhook(
    server,
    '/api/voice/callback-bridge',
    bridgeQuery,
    options,
    (p, q) => (q.step === 'connect' ? bridge.confirmed(q.bridge, p) : bridge.answered(q.bridge)),
    () => bridge.failSafe(),
  );
  // Played to the clinician, not the caller, and changes nothing: no ledger needed.
  server.post('/api/voice/whisper', async (req, res) => {
    if (webhookLimited(req, res, options)) return;
    if (!verifiedParams(req, res, options.authToken, publicUrl)) return;
    const query = validQuery(req, res, whisperQuery, logger);
    if (query === undefined) return;
    sendXml(res, await transfers.whisper(query.transfer).catch(() => twiml.whisper('')));
  });

  if (config.NODE_ENV !== 'production') {
    registerPhoneSimulator(server, {
      authToken: config.TWILIO_AUTH_TOKEN,
      publicUrl,
      localUrl: () => {
        const { port } = server.address() as AddressInfo;
        return `http://127.0.0.1:${port}`;
      },
    });
  }
  return { voice, sms, outcomes, interpreters: { conference, menu } };
}
