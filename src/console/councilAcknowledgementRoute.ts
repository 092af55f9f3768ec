import { createHash, timingSafeEqual } from 'node:crypto';
import type { Server } from 'restify';
import { z } from 'zod';
import type { AuditLog } from '../hub/audit';
import type { TriageQueue } from '../hub/triageQueue';
import type { Logger } from '../observability/logger';
import { clientAddress } from '../http/clientAddress';
import { HttpError, parse, unguarded } from './http';

export interface CouncilAcknowledgementDeps {
  queue: TriageQueue;
  audit: AuditLog;
  logger: Logger;
  /** Per service id, the shared secret its safeguarding destination sends (COUNCIL_ACK_SECRETS). */
  secrets: Record<string, string>;
  /** Each service's safeguarding destination, by service id: who is recorded as acknowledging. */
  destinations: Record<string, string>;
  /** Items with no service are this service's. */
  defaultService: string;
}

export const councilAcknowledgement = z
  .object({
    /** Our reference, as quoted in the secure message ("FD-K7M-3QX"). */
    reference: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^FD-[A-Z0-9]{3}-[A-Z0-9]{3}$/, { error: 'must be our reference as in the message, e.g. FD-K7M-3QX' }),
    councilReference: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

const serviceParam = z.string().regex(/^[a-z][a-z0-9-]{0,59}$/, { error: 'must be a service id' });

/** Compares digests, so neither the length nor the content of the secret leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * `POST /api/council/:service/acknowledgements`: the council's system says it has a safeguarding concern we sent.
 * Authenticated by the destination's shared secret (`Authorization: Bearer …`); the concern must be that service's
 * and already sent. Marks it acknowledged exactly as the console's "The council has it" does (once: a second is 409),
 * and is audited. Every refusal is a JSON 4xx, never a stack trace.
 */
export function registerCouncilAcknowledgements(server: Server, deps: CouncilAcknowledgementDeps): void {
  server.post(
    '/api/council/:service/acknowledgements',
    unguarded(deps.logger, async (req, res) => {
      const service = parse(z.object({ service: serviceParam }), req.params).service;
      // Own keys only: "constructor" is a valid-looking service id that every object answers.
      const expected = Object.hasOwn(deps.secrets, service) ? deps.secrets[service] : undefined;
      const given = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? '';
      if (!expected || !given || !sameSecret(given, expected)) {
        throw new HttpError(401, 'unauthorised', 'This destination is not recognised, or its secret is wrong.');
      }
      const body = parse(councilAcknowledgement, req.body);
      const item = await deps.queue.findByReference(body.reference);
      // Another service's concern is not this destination's to acknowledge: as if it did not exist.
      if (!item || item.kind !== 'safeguarding' || (item.service ?? deps.defaultService) !== service) {
        throw new HttpError(
          404,
          'not_found',
          `No safeguarding concern ${body.reference} was sent to this destination.`,
        );
      }
      const actor = {
        id: `council:${service}`,
        name: (Object.hasOwn(deps.destinations, service) && deps.destinations[service]) || service,
      };
      const updated = await deps.queue.recordCouncilAcknowledged(item._id, actor, body.councilReference, 'callback');
      await deps.audit.record({
        actor: { kind: 'system', id: actor.id },
        action: 'council.acknowledged',
        subject: { kind: 'queue_item', id: item._id },
        channel: 'api',
        from: clientAddress(req),
        detail: { service, reference: item.reference },
      });
      res.send(200, { reference: item.reference, acknowledgedAt: updated.council?.acknowledgedAt });
    }),
  );
}
