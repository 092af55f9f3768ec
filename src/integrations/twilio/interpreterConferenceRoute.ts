import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Logger } from '../../observability/logger';
import type { RateLimiter } from '../directline/rateLimiter';
import type { ConferenceJoin, InterpreterConference } from './interpreterConference';
import { verifiedParams } from './signature';
import { validQuery, webhookLimited } from './webhooks';

export const INTERPRETER_CONFERENCE_PATH = '/api/voice/interpreter-conference';

/** The conference's id, which InterpreterConference put in the status callback URL it gave Twilio. */
const conferenceQuery = z.object({
  conference: z
    .string({ error: 'must be given once, as text' })
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, {
      error: 'is not an id Front Door issued',
    }),
});

/**
 * What Twilio posts for a conference event. Only joins are asked for (`statusCallbackEvent="join"`), and every
 * participant our TwiML puts in a conference has a label; the other fields Twilio sends are not read.
 */
const joinSchema = z.looseObject({
  StatusCallbackEvent: z.literal('participant-join'),
  ParticipantLabel: z.enum(['caller', 'interpreter', 'clinician', 'patient']),
  ConferenceSid: z.string().regex(/^CF[0-9a-fA-F]{32}$/),
  CallSid: z.string().regex(/^CA[0-9a-fA-F]{32}$/),
});

/**
 * POST /api/voice/interpreter-conference?conference=<id>: Twilio's conference status callback (issue 22, H58). The
 * signature is checked first (403), then the query (400) and the event (400, naming the field, never its value);
 * a join is acted on once whatever Twilio repeats, and answered 204 (Twilio reads nothing back).
 */
export function registerInterpreterConferenceRoute(
  server: Server,
  conference: InterpreterConference,
  options: { authToken: string; publicUrl: string; logger: Logger; perAddress: RateLimiter },
): void {
  server.post(INTERPRETER_CONFERENCE_PATH, async (req: Request, res: Response) => {
    if (webhookLimited(req, res, options)) return;
    const params = verifiedParams(req, res, options.authToken, options.publicUrl);
    if (!params) return;
    const query = validQuery(req, res, conferenceQuery, options.logger);
    if (!query) return;
    const event = joinSchema.safeParse(params);
    if (!event.success) {
      const field = event.error.issues[0].path.join('.') || 'body';
      options.logger.warn({ event: 'twilio.conference_event_refused', field }, 'conference event refused');
      res.send(400, { error: 'invalid_event', message: `${field} is not a participant join Front Door asked for.` });
      return;
    }
    const join: ConferenceJoin = { event: 'participant-join', label: event.data.ParticipantLabel };
    try {
      await conference.joined(query.conference, join);
    } catch (err) {
      // Twilio would retry nothing useful: the clinician is rung when the wait runs out all the same.
      options.logger.error({ err, event: 'interpreter.join_failed' }, 'could not act on the interpreter joining');
    }
    res.send(204);
  });
}
