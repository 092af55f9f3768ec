import type { Request, Response } from 'restify';
import { clientAddress } from '../http/clientAddress';
import { z } from 'zod';
import type { AuditLog } from '../hub/audit';
import { QueueTransitionError, type Actor } from '../hub/triageQueue';
import { CallNotPlaced } from '../integrations/notify/callRequests';
import type { Logger } from '../observability/logger';
import type { StaffSession, StaffSessions } from './staffSessions';
import { STAFF_ROLES, type StaffRole } from './staffUsers';
import { WeakPasswordError } from './passwordRules';

export const SESSION_COOKIE = 'fd_console';
export const CSRF_HEADER = 'x-csrf-token';

/** A request the console API refuses, with the status and a reason the person can act on. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The signed-in person behind a request. */
export interface Staff {
  session: StaffSession;
  token: string;
  actor: Actor;
  /** Client address, for the audit trail's "from where". */
  from: string;
}

export interface GuardDeps {
  sessions: StaffSessions;
  audit: AuditLog;
  logger: Logger;
}

/** Everyone who works the queue. */
export const STAFF_ANY = STAFF_ROLES;
export const ADMIN_ONLY: readonly StaffRole[] = ['admin'];
/** Who decides who works an item: the duty clinician on shift, or an admin. */
export const DUTY_OR_ADMIN: readonly StaffRole[] = ['duty_clinician', 'admin'];

type Handler = (req: Request, res: Response, staff: Staff) => Promise<void>;

/**
 * Every console API route: a session is required (401), the role must be allowed (403), and a request that changes
 * anything must carry the session's CSRF token (403). Errors become a JSON 4xx with a reason, never a stack trace.
 */
export function guarded(deps: GuardDeps, roles: readonly StaffRole[], mutating: boolean, handler: Handler) {
  return async (req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    try {
      const token = cookies(req)[SESSION_COOKIE];
      const session = token ? await deps.sessions.find(token) : undefined;
      if (!token || !session) throw new HttpError(401, 'not_signed_in', 'Sign in to the console first.');
      if (!roles.includes(session.role)) {
        throw new HttpError(403, 'forbidden', `This needs the ${roles.join(' or ')} role.`);
      }
      if (mutating && !deps.sessions.csrfMatches(token, req.header(CSRF_HEADER))) {
        throw new HttpError(403, 'bad_csrf_token', `Missing or wrong ${CSRF_HEADER} header; reload the console.`);
      }
      const actor = { id: session.userId, name: session.name };
      await handler(req, res, { session, token, actor, from: clientAddress(req) });
    } catch (err) {
      sendError(res, err, deps.logger);
    }
  };
}

/** For the few routes without a session (login). */
export function unguarded(logger: Logger, handler: (req: Request, res: Response) => Promise<void>) {
  return async (req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    try {
      await handler(req, res);
    } catch (err) {
      sendError(res, err, logger);
    }
  };
}

export function sendError(res: Response, err: unknown, logger: Logger): void {
  if (err instanceof HttpError) {
    res.send(err.status, { error: err.code, message: err.message });
  } else if (err instanceof QueueTransitionError) {
    const status = { not_found: 404, already_taken: 409, not_yours: 403, wrong_status: 409 }[err.reason];
    res.send(status, { error: err.reason, message: err.message });
  } else if (err instanceof WeakPasswordError) {
    res.send(400, { error: 'weak_password', message: err.message });
  } else if (err instanceof CallNotPlaced) {
    res.send(502, { error: 'call_not_placed', message: err.message });
  } else {
    logger.error({ err, event: 'console.error' }, 'console request failed');
    res.send(500, { error: 'internal', message: 'Something went wrong; the change may not have been made. Reload.' });
  }
}

/** Validates a body or query; the 400 names the field and what is wrong with it. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join('.') || 'body';
  throw new HttpError(400, 'invalid_request', `${field}: ${issue.message}`);
}

export function cookies(req: Request): Record<string, string> {
  const header = req.header('cookie') ?? '';
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    // Another site's cookie on our domain may be any bytes: one that is not valid percent-encoding is skipped, not
    // allowed to fail every console request.
    try {
      out[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      continue;
    }
  }
  return out;
}

/** httpOnly so page scripts cannot read it; SameSite=Strict so other sites cannot send it; Secure behind https. */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  const flags = ['Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])];
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; ${flags.join('; ')}`;
}

export { clientAddress };
