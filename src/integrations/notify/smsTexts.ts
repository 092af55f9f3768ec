import { z } from 'zod';
import { textWith } from '../../content/placeholders';
import { readContentFile, reviewSchema } from '../../content/readContentFile';

const smsSchema = z.object({
  review: reviewSchema,
  patient: z.object({
    appointmentChanged: textWith('visitType', 'when'),
    appointmentCancelled: textWith('visitType', 'when'),
  }),
  staff: z.object({
    breachAlert: textWith('reference', 'kind', 'disposition', 'consoleUrl'),
    councilUnsent: textWith('reference', 'duration', 'destination', 'consoleUrl'),
    councilUnacknowledged: textWith('reference', 'duration', 'destination', 'consoleUrl'),
    councilDuration: z.object({ clock: textWith('minutes'), working_hours: textWith('minutes') }),
  }),
});
export type SmsTexts = z.infer<typeof smsSchema>;

/** The texts Front Door sends outside a conversation (content/notify/sms.yaml), validated at start-up; fill with `fill`. */
export function loadSmsTexts(): SmsTexts {
  return readContentFile('notify/sms.yaml', smsSchema);
}
