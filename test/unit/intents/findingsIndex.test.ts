import { readContentFile } from '../../../src/content/readContentFile';
import { ContextReader, contextSchema } from '../../../src/intents/findings/context';
import { findFindings } from '../../../src/intents/findings/findFindings';
import { compileLexicon, lexiconSchema, type WordMatcher } from '../../../src/intents/findings/lexicon';
import { WordReader } from '../../../src/intents/findings/messageWords';
import { createNormaliser } from '../../../src/intents/normalise';

// The index that keeps understand() fast (issue 16) must never leave out a phrase that could start at a token, and
// must keep the lexicon's order, which decides which mention's modifiers a finding reports.
const content = readContentFile('red-flags/lexicon.yaml', lexiconSchema);
const lexicon = compileLexicon(content);
const startsAt = (m: WordMatcher, token: string, readings: string[]) =>
  'prefix' in m ? [token, ...readings].some((r) => r.startsWith(m.prefix)) : 'exact' in m ? token === m.exact : false;

describe('phrase index: loose phrases by first letter', () => {
  const normalise = createNormaliser();
  const tokens = [
    ...new Set(
      [
        'his face has gone all lopsided and he is choking',
        'blueish lips, slurring, chess pains',
        'paralysed down one side after a stroke',
        'saggy face, droopy mouth',
      ].flatMap((t) => normalise(t).split(' ')),
    ),
  ];

  it.each(tokens)('"%s": every loose phrase that may start there, in the lexicon order', (token) => {
    const expected = lexicon.index.loose.filter(({ phrase }) => startsAt(phrase[0], token, []));
    const got = lexicon.index.looseAt(token).filter(({ phrase }) => startsAt(phrase[0], token, []));
    expect(got).toEqual(expected);
  });

  it('the English lexicon has loose phrases this test reaches', () => {
    const reached = tokens.filter((t) => lexicon.index.looseAt(t).some(({ phrase }) => startsAt(phrase[0], t, [])));
    expect(reached.length).toBeGreaterThan(3);
  });

  it('a prefix is found through a reading with another first letter (a word without its clitic)', () => {
    const arabic = compileLexicon(
      {
        review: content.review,
        classes: { chest: ['صدر*', 'و'] },
        findings: [{ id: 'chest_pain', label: 'chest pain', match: [['@chest']], unless: [], background: false }],
      },
      (w) => w,
    );
    // وصدره, "and his chest": the token starts with و, its reading without the clitic with ص.
    const got = arabic.index.looseAt('وصدره', ['صدره']).filter(({ phrase }) => startsAt(phrase[0], 'وصدره', ['صدره']));
    expect(got.map(({ phrase }) => phrase[0])).toEqual([{ prefix: 'صدر' }]);
    expect(arabic.index.looseAt('صدره')).toHaveLength(1);
    expect(arabic.index.looseAt('قلب')).toHaveLength(0);
  });
});

describe('findFindings reads the ConText cues only when a finding can be found', () => {
  const normalise = createNormaliser();
  const context = new ContextReader(readContentFile('red-flags/context.yaml', contextSchema));
  const reader = new WordReader(lexicon.words);
  const find = (text: string) => findFindings(reader.read(normalise(text)), lexicon, context);

  afterEach(() => jest.restoreAllMocks());

  it('a message with no finding is answered without reading its cues', () => {
    const read = jest.spyOn(context, 'read');
    expect(find('can I move my appointment to friday afternoon')).toEqual([]);
    expect(read).not.toHaveBeenCalled();
  });

  it('a message with a finding still has its cues read', () => {
    const read = jest.spyOn(context, 'read');
    expect(find('no chest pain but his face has dropped').map((f) => [f.id, f.current])).toEqual(
      expect.arrayContaining([
        ['chest_pain', false],
        ['face_droop', true],
      ]),
    );
    expect(read).toHaveBeenCalledTimes(1);
  });
});
