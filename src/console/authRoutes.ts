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

/** Sign in, who am I, sign out. Sign-ins and refusals go in the audit trail. */
export function registerAuthRoutes(server: Server, deps: AuthDeps): void {
  const perAddress = new RateLimiter(LOGINS_PER_ADDRESS, 15 * 60000);
  server.post(
    '/api/console/login',
    unguarded(deps.logger, async (req, res) => {
      // A cross-site HTML form cannot send JSON without a CORS preflight we never grant: login CSRF is refused.
      if (!req.is('application/json')) {
        throw new HttpError(415, 'json_required', 'Send the login as application/json.');
      }
      const from = clientAddress(req);
      const waitMs = perAddress.take(from);
      if (waitMs) {
        res.setHeader('retry-after', String(Math.ceil(waitMs / 1000)));
        throw new HttpError(429, 'too_many_logins', 'Too many sign-ins from this network. Wait a few minutes.');
      }
      const { email, password } = parse(loginSchema, req.body);
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
          res.setHeader('retry-after', String(Math.ceil(result.retryAfterMs / 1000)));
          throw new HttpError(
            429,
            'locked',
            `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
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
      });
      res.setHeader('set-cookie', sessionCookie(token, deps.sessionHours * 3600, deps.secureCookies));
      res.send(200, { user: userOf(session), csrfToken: deps.sessions.csrfFor(token) });
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
}

function userOf(session: { userId: string; email: string; name: string; role: string }) {
  return { id: session.userId, email: session.email, name: session.name, role: session.role };
}
