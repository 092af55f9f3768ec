import { z } from 'zod';
import { textWith } from '../../content/placeholders';
import { readContentFile, reviewSchema } from '../../content/readContentFile';

const line = z.string().min(1);

const phoneSchema = z.object({
  review: reviewSchema,
  voice: z.object({
    keypadMenu: textWith('choices'),
    listening: line,
    noSpeech: line,
    lowConfidence: line,
    toPerson: line,
    tryingNext: line,
    nobodyAnswered: line.includes('{within}'),
    whisperPrefix: line,
    whisper: textWith('caller', 'problem', 'reason'),
    whisperWithoutProblem: textWith('caller', 'reason'),
    whisperHandover: textWith('urgency', 'caller', 'callSign', 'problem', 'news2', 'need'),
    whisperCaller: z.object({ patient: line, carer: line, professional: line }),
    noInputWhisper: line,
    hints: z.array(line).min(1),
  }),
  sms: z.object({ replyMenu: textWith('choices') }),
  choiceWords: z.record(z.string().min(1), z.union([line, z.object({ speak: line, sms: line })])),
  choiceFallback: textWith('label'),
  menuOr: line,
  alerts: z.object({ transferFailed: line.includes('{reference}') }),
});
export type PhoneContent = z.infer<typeof phoneSchema>;

/** The phone line's own wording (content/voice/phone.yaml), validated at start-up like every content file. */
export function loadPhoneContent(): PhoneContent {
  return readContentFile('voice/phone.yaml', phoneSchema);
}
