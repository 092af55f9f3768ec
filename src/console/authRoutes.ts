import type { Server } from 'restify';
import { z } from 'zod';
import type { AuditLog } from '../hub/audit';
import { RateLimiter } from '../integrations/directline/rateLimiter';
import type { Logger } from '../observability/logger';
import { guarded, HttpError, parse, sessionCookie, STAFF_ANY, unguarded, clientAddress } from './http';
import type { StaffSessions } from './staffSessions';
import type { StaffDirectory } from './staffUsers';

export const loginSchema = z.object({
  email: z.string().trim().min(3, { error: 'enter your email address' }).max(200),
  password: z.string().min(1, { error: 'enter your password' }).max(200),
});

export interface AuthDeps {
  users: StaffDirectory;
  sessions: StaffSessions;
  audit: AuditLog;
  logger: Logger;
  sessionHours: number;
  secureCookies: boolean;
}

/**
 * Sign-ins one address may try in a burst, and then per 15 minutes: enough for a hub's staff behind one NAT to start a
 * shift, too few for guessing across many accounts (each account also locks after five failures, staffUsers.ts).
 */
export const LOGINS_PER_ADDRESS = 40;

/** Checks a sign-in and starts a session; refusals are an HttpError (401, 429 with `retryAfterSeconds`, 400). */
export type SignIn = (
  from: string,
  email: unknown,
  password: unknown,
) => Promise<{ token: string; cookie: string; csrfToken: string; user: ReturnType<typeof userOf> }>;

/** An HttpError that asks the client to wait (429). */
export class RetryLater extends HttpError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, code, message);
  }
}

/**
 * Sign in, who am I, sign out. Sign-ins and refusals go in the audit trail. Returns the sign-in itself, which the
 * console's sign-in page (a plain form, no script) uses too, so both share the limits, lock-out and audit.
 */
export function registerAuthRoutes(server: Server, deps: AuthDeps): SignIn {
  const perAddress = new RateLimiter(LOGINS_PER_ADDRESS, 15 * 60000);
  const signIn: SignIn = async (from, rawEmail, rawPassword) => {
    const waitMs = perAddress.take(from);
    if (waitMs) {
      throw new RetryLater(
        'too_many_logins',
        'Too many sign-ins from this network. Wait a few minutes.',
        Math.ceil(waitMs / 1000),
      );
    }
    const { email, password } = parse(loginSchema, { email: rawEmail, password: rawPassword });
    const result = await deps.users.authenticate(email, password);
    if (!result.ok) {
      await deps.audit.record({
        actor: { kind: 'staff', id: email.toLowerCase() },
        action: result.reason === 'locked' ? 'login.locked' : 'login.failed',
        subject: { kind: 'console', id: 'login' },
        from,
      });
      if (result.reason === 'locked') {
        const minutes = Math.max(1, Math.ceil(result.retryAfterMs / 60000));
        throw new RetryLater(
          'locked',
          `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
          Math.ceil(result.retryAfterMs / 1000),
        );
      }
      throw new HttpError(401, 'invalid_login', 'The email or password is not right.');
    }
    await deps.sessions.purgeExpired();
    const { token, session } = await deps.sessions.create(result.user);
    await deps.audit.record({
      actor: { kind: 'staff', id: session.userId },
      action: 'login',
      subject: { kind: 'console', id: 'login' },
      from,
      // Staff names are not patient data; the audit page shows who signed in, not an id.
      detail: { name: session.name },
    });
    return {
      token,
      cookie: sessionCookie(token, deps.sessionHours * 3600, deps.secureCookies),
      csrfToken: deps.sessions.csrfFor(token),
      user: userOf(session),
    };
  };

  server.post(
    '/api/console/login',
    unguarded(deps.logger, async (req, res) => {
      // A cross-site HTML form cannot send JSON without a CORS preflight we never grant: login CSRF is refused.
      if (!req.is('application/json')) {
        throw new HttpError(415, 'json_required', 'Send the login as application/json.');
      }
      const body = (req.body ?? {}) as { email?: unknown; password?: unknown };
      try {
        const done = await signIn(clientAddress(req), body.email, body.password);
        res.setHeader('set-cookie', done.cookie);
        res.send(200, { user: done.user, csrfToken: done.csrfToken });
      } catch (err) {
        if (err instanceof RetryLater) res.setHeader('retry-after', String(err.retryAfterSeconds));
        throw err;
      }
    }),
  );

  server.get(
    '/api/console/session',
    guarded(deps, STAFF_ANY, false, async (_req, res, staff) => {
      res.send(200, { user: userOf(staff.session), csrfToken: deps.sessions.csrfFor(staff.token) });
    }),
  );

  server.post(
    '/api/console/logout',
    guarded(deps, STAFF_ANY, true, async (_req, res, staff) => {
      await deps.sessions.destroy(staff.token);
      res.setHeader('set-cookie', sessionCookie('', 0, deps.secureCookies));
      res.send(200, { signedOut: true });
    }),
  );
  return signIn;
}

function userOf(session: { userId: string; email: string; name: string; role: string }) {
  return { id: session.userId, email: session.email, name: session.name, role: session.role };
}
