import { z } from 'zod';
import { readContentFile, reviewSchema } from '../../content/readContentFile';

/**
 * A text that uses each of `names` and no other placeholder: dropping one would send a message without it, and an
 * unknown one would be sent as written ("{name}"), or put a detail in an SMS the code was never meant to send.
 */
function textWith(...names: string[]) {
  let text = z.string().min(1);
  for (const name of names) text = text.includes(`{${name}}`, { error: `must include {${name}}` });
  return text.refine((s) => [...s.matchAll(/\{(\w+)\}/g)].every(([, name]) => names.includes(name)), {
    error: `may use only ${names.map((n) => `{${n}}`).join(', ')}`,
  });
}

const smsSchema = z.object({
  review: reviewSchema,
  patient: z.object({
    appointmentChanged: textWith('visitType', 'when'),
    appointmentCancelled: textWith('visitType', 'when'),
  }),
  staff: z.object({ breachAlert: textWith('reference', 'kind', 'disposition', 'consoleUrl') }),
});
export type SmsTexts = z.infer<typeof smsSchema>;

/** The texts Front Door sends outside a conversation (content/notify/sms.yaml), validated at start-up; fill with `fill`. */
export function loadSmsTexts(): SmsTexts {
  return readContentFile('notify/sms.yaml', smsSchema);
}
