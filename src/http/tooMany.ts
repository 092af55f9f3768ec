import type { Response } from 'restify';

/** 429 with `Retry-After` in whole seconds (at least 1), and a reason a person can read. */
export function answerTooMany(res: Response, waitMs: number, message: string): void {
  res.setHeader('retry-after', String(Math.max(1, Math.ceil(waitMs / 1000))));
  res.send(429, { code: 'TooManyRequests', message });
}
