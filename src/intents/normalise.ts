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

/** Builds the normaliser from content: case, accents, contractions, American → British spelling, fillers. */
export function createNormaliser(): Normaliser {
  const content = readContentFile('intents/normalisation.yaml', normalisationSchema);
  const words = new Map<string, string>([...Object.entries(content.british), ...Object.entries(content.contractions)]);
  const fillers = content.fillers.map((f) => f.split(' '));
  return (text: string) => {
    const cleaned = text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[’‘`]/g, "'")
      // Keep digits, letters, apostrophes inside words, and the dots and slashes of numbers and dates.
      .replace(/[^a-z0-9'./%\s-]/g, ' ')
      .replace(/(^|\s)'+|'+(\s|$)/g, ' ');
    const tokens = cleaned
      .split(/\s+/)
      .filter(Boolean)
      .map((t) => t.replace(/[.]+$/, ''))
      .filter(Boolean)
      .flatMap((t) => (words.get(t) ?? t).split(' '));
    const out: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const filler = fillers.find((f) => f.every((w, j) => tokens[i + j] === w));
      if (filler) {
        i += filler.length - 1;
        continue;
      }
      out.push(tokens[i].replace(/'s$/, '').replace(/'/g, ''));
    }
    return out.join(' ');
  };
}
