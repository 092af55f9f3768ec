import { z } from 'zod';

/**
 * The query strings of our Twilio webhooks. Twilio calls only URLs we wrote (the action URLs in our TwiML, or the
 * addresses configured for our numbers), so each key has exactly the shape we put in it; anything else did not come
 * from us and is answered 400 before it reaches the ledger or the store (twilioWebhook). restify's queryParser turns
 * `?step[$ne]=x` into an object and `?step=a&step=b` into an array: neither is a string, so neither passes.
 *
 * A key we did not put there is dropped, not refused: the handlers only ever see the parsed query, so it cannot reach
 * the store, and a harmless extra parameter on an address typed into Twilio's console must not turn every call into
 * Twilio's "application error". A missing id is not refused either: it cannot reach the store, and a caller mid-call
 * still gets the route's fail-safe answer (a person) rather than an error.
 */

/** node:crypto randomUUID, as PhoneState (steps, transfers) and CallRequests (call-back bridges) make ids. */
const RANDOM_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const single = { error: 'must be given once, as text' };
const ourId = z.string(single).regex(RANDOM_UUID, { error: 'is not an id Front Door issued' });

/** Where a call or message comes in, and the call status callback: nothing in the query. */
export const noQuery = z.object({});

/** The <Gather> action: the voice step it answers (VoiceLine.gatherUrl). */
export const gatherQuery = z.object({ step: ourId.optional() });
export type GatherQuery = z.infer<typeof gatherQuery>;

/** The <Dial> action: the transfer and which clinician on it was dialled, 0 first (TransferDesk.dialAttempt). */
export const dialQuery = z.object({
  transfer: ourId.optional(),
  attempt: z
    .string(single)
    .regex(/^(0|[1-9]\d{0,2})$/, { error: 'is not an attempt number' })
    .transform(Number)
    .optional(),
});

/** The <Number url> the clinician hears on answering (TransferDesk.dialAttempt). */
export const whisperQuery = z.object({ transfer: ourId.optional() });

/** The console's call-back: Twilio fetches it when staff answer, and again (`step=connect`) when they press a key. */
export const bridgeQuery = z.object({
  bridge: ourId.optional(),
  step: z.literal('connect', { error: 'can only be connect' }).optional(),
});

/** The query as the route's schema reads it, or the 400 message naming the first key that is wrong. */
export function parseQuery<Q>(
  schema: z.ZodType<Q>,
  query: unknown,
): { ok: true; query: Q } | { ok: false; message: string } {
  const result = schema.safeParse(query ?? {});
  if (result.success) return { ok: true, query: result.data };
  const issue = result.error.issues[0];
  return { ok: false, message: `${issue.path.join('.') || 'query'} ${issue.message}.` };
}
