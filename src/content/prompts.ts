import { z } from 'zod';
import { readContentFile, reviewSchema } from './readContentFile';

export const messageSchema = z.object({
  text: z.string().min(1),
  speak: z.string().min(1),
});
export type Message = z.infer<typeof messageSchema>;

const coreSchema = z.object({
  review: reviewSchema,
  messages: z.object({ welcome: messageSchema, greetingReply: messageSchema, failSafe: messageSchema }),
});
export type CorePrompts = z.infer<typeof coreSchema>['messages'];

export function loadCorePrompts(): CorePrompts {
  return readContentFile('prompts/core.yaml', coreSchema).messages;
}
