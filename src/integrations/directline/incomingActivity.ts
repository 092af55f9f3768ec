import { z } from 'zod';

/** What a client may send. Everything else it puts in an activity is dropped; ids, sender and times are ours. */
const account = z.object({ id: z.string().max(128).optional(), name: z.string().max(128).optional() }).optional();

export const activitySchema = z.object({
  type: z.enum(['message', 'event', 'typing', 'endOfConversation'], {
    error: 'type must be message, event, typing or endOfConversation',
  }),
  text: z.string().optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: z.string().max(20).optional(),
  localTimezone: z.string().max(64).optional(),
  from: account,
  name: z.string().max(100).optional(),
  value: z.unknown().optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
  entities: z
    .array(z.looseObject({ type: z.string().max(100) }))
    .max(10)
    .optional(),
  attachments: z.array(z.never({ error: 'attachments are not accepted: please describe it in words' })).optional(),
});

export type IncomingActivity = z.infer<typeof activitySchema>;

export type IncomingCheck =
  | { ok: true; activity: IncomingActivity }
  | { ok: false; status: 400 | 413; code: 'BadArgument' | 'MessageSizeTooBig'; message: string };

/** Bytes of JSON an activity may take, whatever its text limit: values and channel data included. */
export const MAX_ACTIVITY_BYTES = 16 * 1024;

export function checkIncomingActivity(body: unknown, maxChars: number): IncomingCheck {
  if (Buffer.byteLength(JSON.stringify(body ?? null)) > MAX_ACTIVITY_BYTES) {
    return {
      ok: false,
      status: 413,
      code: 'MessageSizeTooBig',
      message: `An activity may be at most ${MAX_ACTIVITY_BYTES} bytes.`,
    };
  }
  const parsed = activitySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    return { ok: false, status: 400, code: 'BadArgument', message: `${where}${issue.message}` };
  }
  const activity = parsed.data;
  if ((activity.text?.length ?? 0) > maxChars) {
    return {
      ok: false,
      status: 413,
      code: 'MessageSizeTooBig',
      message: `A message may be at most ${maxChars} characters. Please send it in parts.`,
    };
  }
  if (activity.type === 'message' && !activity.text?.trim() && activity.value === undefined) {
    return { ok: false, status: 400, code: 'BadArgument', message: 'A message needs text or a value.' };
  }
  if (activity.type === 'event' && !activity.name) {
    return { ok: false, status: 400, code: 'BadArgument', message: 'An event needs a name.' };
  }
  return { ok: true, activity };
}
