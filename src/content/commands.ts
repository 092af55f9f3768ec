import { z } from 'zod';
import { readContentFile, reviewSchema } from './readContentFile';

const phrases = z.array(z.string().min(1)).min(1);
const commandsSchema = z.object({
  review: reviewSchema,
  cancel: phrases,
  roles: z.object({ patient: phrases, carer: phrases, professional: phrases }),
  dontKnow: phrases,
  greetings: phrases,
  contactRoutes: z.object({ chat: phrases, text: phrases, mobile: phrases, other: phrases }),
  intentLabels: z.record(z.string(), z.string().min(1)),
});

export type Role = 'patient' | 'carer' | 'professional';

/** An answer to "how can they reach you?": this chat, a text, the mobile we hold, or another number. */
export type RouteAnswer = 'chat' | 'text' | 'mobile' | 'other';
const ROUTE_ANSWERS: RouteAnswer[] = ['chat', 'text', 'mobile', 'other'];

/** Lower case, apostrophes dropped ("I'm" → "im"), other punctuation to spaces, spaces squeezed. */
export function normalisePhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Fixed phrases that mean the same in every dialog: cancel, "I don't know", and who is contacting. */
export class Commands {
  private readonly cancel: Set<string>;
  private readonly dontKnow: Set<string>;
  /** Longest first, so "hello there" goes before "hello". */
  private readonly greetings: string[];
  private readonly roles: [Role, Set<string>][];
  private readonly routes: [RouteAnswer, string[]][];
  readonly intentLabels: Record<string, string>;

  private constructor(content: z.infer<typeof commandsSchema>) {
    const set = (list: string[]) => new Set(list.map(normalisePhrase));
    this.cancel = set(content.cancel);
    this.dontKnow = set(content.dontKnow);
    this.greetings = content.greetings.map(normalisePhrase).sort((a, b) => b.length - a.length);
    this.roles = (['patient', 'carer', 'professional'] as const).map((r) => [r, set(content.roles[r])]);
    this.intentLabels = content.intentLabels;
    this.routes = ROUTE_ANSWERS.map((r) => [r, content.contactRoutes[r].map(normalisePhrase)]);
  }

  static load(): Commands {
    return new Commands(readContentFile('prompts/commands.yaml', commandsSchema));
  }

  isCancel(text: string): boolean {
    return this.cancel.has(normalisePhrase(text));
  }

  isDontKnow(text: string): boolean {
    return this.dontKnow.has(normalisePhrase(text));
  }

  /**
   * What follows a hello that opens the message ("hello, what hours is this line open" → "what hours is this line
   * open"), as written; undefined when the message does not open with one or is nothing but one.
   */
  afterGreeting(text: string): string | undefined {
    for (const hello of this.greetings) {
      // The hello's words at the start, with any punctuation between and after them; the rest kept as it was written
      // (capitals and all), so names and dates in it are read as before.
      const words = hello.split(' ').join("[\\s,.!'’-]+");
      const match = new RegExp(`^[\\s,.!-]*${words}\\b[\\s,.!-]*`, 'i').exec(text);
      if (match) return text.slice(match[0].length).trim() || undefined;
    }
    return undefined;
  }

  /**
   * The call-back route an answer chooses: the whole answer is one of the phrases, or holds one of several words ("no,
   * just reply in this chat please"). Earlier routes win, so "no phone, reply here" is the chat, not "no".
   */
  contactRoute(text: string): RouteAnswer | undefined {
    const said = normalisePhrase(text);
    const exact = this.routes.find(([, list]) => list.includes(said));
    if (exact) return exact[0];
    return this.routes.find(([, list]) => list.some((p) => p.includes(' ') && ` ${said} `.includes(` ${p} `)))?.[0];
  }

  role(text: string): Role | undefined {
    const said = normalisePhrase(text);
    return this.roles.find(([, phrases]) => phrases.has(said))?.[0];
  }
}
