import { z } from 'zod';
import { readContentFile, reviewSchema } from '../content/readContentFile';

const normalisationSchema = z.object({
  review: reviewSchema,
  contractions: z.record(z.string(), z.string()),
  british: z.record(z.string(), z.string()),
  fillers: z.array(z.string().min(1)),
});

export interface Normaliser {
  (text: string): string;
}

/** Sentence punctuation survives as its own token: the red-flag screen uses it to tell one clause from the next. */
const PUNCTUATION = /[,;:!?]|\.(?!\d)|(?<!\d)\./g;

/**
 * Builds the normaliser from content: case, accents, contractions, American → British spelling, fillers.
 * The output is lower-case words separated by single spaces, with , ; : ! ? . as separate tokens.
 */
export function createNormaliser(): Normaliser {
  const content = readContentFile('intents/normalisation.yaml', normalisationSchema);
  const words = new Map<string, string>([...Object.entries(content.british), ...Object.entries(content.contractions)]);
  const fillers = content.fillers.map((f) => f.split(' '));
  return (text: string) => {
    const cleaned = String(text)
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[’‘`´]/g, "'")
      // Keep letters, digits, apostrophes inside words, and the dots, slashes and dashes of numbers and dates.
      .replace(/[^a-z0-9'./%,;:!?\s-]/g, ' ')
      .replace(PUNCTUATION, ' $& ')
      .replace(/(^|\s)['-]+|['-]+(?=\s|$)/g, ' ');
    const tokens = cleaned
      .split(/\s+/)
      .filter(Boolean)
      .flatMap((t) => (words.get(t) ?? t).split(' '));
    const out: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const filler = fillerAt(fillers, tokens, i);
      if (filler) {
        i += filler.length - 1;
        continue;
      }
      out.push(tokens[i].replace(/'s$/, '').replace(/'/g, ''));
    }
    // "yeah" on its own is an answer, not a filler: never normalise a message away entirely.
    const kept = out.filter(Boolean);
    return (kept.some((t) => /[a-z0-9]/.test(t)) ? kept : tokens.map((t) => t.replace(/'/g, ''))).join(' ');
  };
}

/**
 * The first filler (in content order) that starts at token `i`. Loops, not `find` and `every` with closures: it runs
 * for every filler at every token of every message (issue 16: understand()'s garbage is its p99).
 */
function fillerAt(fillers: string[][], tokens: string[], i: number): string[] | undefined {
  next: for (const filler of fillers) {
    for (let j = 0; j < filler.length; j++) if (tokens[i + j] !== filler[j]) continue next;
    return filler;
  }
  return undefined;
}
