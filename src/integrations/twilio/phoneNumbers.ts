import { createHash } from 'node:crypto';

/** A UK national number (07700 900801) in the E.164 form Twilio dials and texts (+447700900801). */
export function e164(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  return digits.startsWith('0') ? `+44${digits.slice(1)}` : digits;
}

/** A real phone number (E.164), not Twilio's placeholders for withheld numbers ("anonymous", "+266696687"). */
export function callerNumberOf(from: string | undefined): string | undefined {
  return from && /^\+[1-9]\d{6,14}$/.test(from) && from !== '+266696687' ? from : undefined;
}

/** A stable, non-identifying id for the person on a number: the same caller is the same user, but logs hold no number. */
export function personIdFor(channel: string, number: string | undefined): string {
  const hash = createHash('sha256')
    .update(number ?? 'unknown')
    .digest('hex');
  return `${channel}-${hash.slice(0, 16)}`;
}
