import type { Request, Response } from 'restify';

/** Paths whose answers carry conversations, tokens or staff data: never kept by a browser or a proxy. */
const PRIVATE_PATHS = /^\/(v3\/directline|api\/chat|api\/console)(\/|$)/;

/**
 * Headers on every answer: no framing (clickjacking), no type sniffing, no referrer to other sites, HSTS when the
 * public address is https, and `Cache-Control: no-store` on Direct Line and console API answers.
 */
export function setSecurityHeaders(req: Request, res: Response, https: boolean): void {
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  if (https) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
  if (PRIVATE_PATHS.test(req.getPath())) {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('pragma', 'no-cache');
  }
}

/** Deeper JSON than any route reads is refused before a handler (or a library's recursion) walks it. */
export const MAX_JSON_DEPTH = 32;

/** Whether `value` nests deeper than `max`; walks with a stack of its own, so it cannot overflow. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length) {
    const { value: next, depth } = stack.pop()!;
    if (typeof next !== 'object' || next === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(next)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}
