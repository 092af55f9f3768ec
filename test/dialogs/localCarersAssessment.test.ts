import type { Activity } from 'botbuilder';
import { queueModel } from '../../src/hub/queueModel';
import { readLocaleFile, type LocaleContent } from '../../src/language/localeCatalogue';
import { createHarness, texts, type Harness } from '../support/dialogHarness';
import { fragmentsOf } from '../support/translated';

// Issue 22 (H106): a carer writing in Tamil, Polish or Arabic asks for a carer's assessment in their own words and
// is offered it, asked for their name and anything the council should know, and told who acts next, all in their
// language: no English is left in a reply except the English after a clinical sentence (H68's control).
const LANGUAGES = [
  {
    code: 'ta',
    ask: 'நான் என் அம்மாவைப் பார்த்துக்கொள்கிறேன், எனக்கு பராமரிப்பாளர் மதிப்பீடு வேண்டும்',
    yes: 'ஆம்',
    no: 'இல்லை',
    name: 'Kala Raman',
  },
  {
    code: 'pl',
    ask: 'Chciałabym ocenę potrzeb opiekuna, bo codziennie pomagam mamie',
    yes: 'tak',
    no: 'nie',
    name: 'Anna Kowalska',
  },
  {
    code: 'ar',
    ask: 'أعتني بوالدتي وأريد تقييم مقدم الرعاية',
    yes: 'نعم',
    no: 'لا',
    name: 'Huda Saleh',
  },
] as const;

/**
 * What in a reply is not in the language: a message not marked with it (other than the English straight after a
 * translated clinical sentence), or a button whose title is not one of the language's labels.
 */
function english(reply: Activity[], local: LocaleContent, code: string): string[] {
  const labels = new Set(Object.values(local.labels));
  const found: string[] = [];
  reply.forEach((a, i) => {
    if (a.type !== 'message' || !a.text) return;
    const alongside = a.locale === 'en-GB' && reply[i - 1]?.locale === code;
    if (a.locale !== code && !alongside) found.push(`${a.locale ?? 'no locale'}: ${a.text}`);
    for (const action of a.suggestedActions?.actions ?? [])
      if (!labels.has(String(action.title))) found.push(`button: ${String(action.title)}`);
  });
  return found;
}

describe("the carer's assessment in the person's language", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  it.each(LANGUAGES)(
    '$code: offered, taken and passed on in it, the English only after who acts next',
    async (lang) => {
      const local: LocaleContent = readLocaleFile(lang.code);
      const c = h.conversation();
      await c.join();
      expect((await c.say(lang.ask))[0].locale).toBe(lang.code);
      const replies: Activity[][] = [];
      const say = async (text: string) => {
        const reply = await c.say(text);
        replies.push(reply);
        return texts(reply).join('\n');
      };
      const offer = await say(lang.yes);
      for (const part of fragmentsOf(local.messages.carersOffer.text)) expect(offer).toContain(part);
      expect(await say(lang.yes)).toContain(local.messages.carersName.text);
      expect(await say(lang.name)).toContain(local.messages.carersAnything.text);
      await say(lang.no);
      const done = await say('07700 900461');
      for (const part of fragmentsOf(local.messages.carersStored.text)) expect(done).toContain(part);
      // Who acts next is a clinical sentence: its English follows it, marked as English.
      expect(done).toMatch(/I've passed your request for a carer's assessment/);
      expect(replies.flatMap((reply) => english(reply, local, lang.code))).toEqual([]);
      // "No" to "anything they should know" in the language is nothing to pass on, not a note reading "nie".
      const [item] = await queueModel(h.connection).find({ 'conversation.conversationId': c.id }).lean();
      expect(item.summary.answers).not.toHaveProperty('notes');
    },
  );
});
