import type { Conversation } from './dialogHarness';

/**
 * Gets a conversation past identity as Edith Clarke (after something that starts the identity check). The welcome has
 * asked whether this is the patient or a carer, or the request said so ("my appointment"): it is not asked again.
 */
export async function verifyAsEdith(c: Conversation) {
  await c.say('9992345675');
  return c.say('14/03/1939');
}

export async function verifyAsArthur(c: Conversation) {
  await c.say('999 345 6780');
  return c.say('02/11/1945');
}
