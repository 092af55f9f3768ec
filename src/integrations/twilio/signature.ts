import type { Request, Response } from 'restify';
import twilio from 'twilio';

/** The form parameters exactly as Twilio posted them: the signature covers every one of them. */
export function formParams(req: Request): Record<string, string> {
  const raw = (req as Request & { rawBody?: unknown }).rawBody;
  const params: Record<string, string> = {};
  if (typeof raw !== 'string') return params;
  for (const [key, value] of new URLSearchParams(raw)) params[key] = value;
  return params;
}

/**
 * Checks X-Twilio-Signature against the URL Twilio called (PUBLIC_URL + path and query, since behind a proxy the
 * request's own host is not the one Twilio signed) and the POST parameters. Answers 403 and returns undefined when
 * it does not match, so nobody but Twilio can speak for a caller or fake a call outcome.
 */
export function verifiedParams(
  req: Request,
  res: Response,
  authToken: string,
  publicUrl: string,
): Record<string, string> | undefined {
  const signature = req.header('x-twilio-signature');
  const params = formParams(req);
  if (!signature || !twilio.validateRequest(authToken, signature, publicUrl + req.url, params)) {
    res.send(403, { error: 'invalid_signature', message: 'X-Twilio-Signature is missing or does not match.' });
    return undefined;
  }
  return params;
}
