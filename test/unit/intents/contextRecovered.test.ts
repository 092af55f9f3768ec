import { ContextReader, type ContextInput } from '../../../src/intents/findings/context';

const content = (recovered: string[]): ContextInput => ({
  review: { owner: 'test', approvedBy: 'test', approvedOn: '2026-12-06', reviewDue: '2027-12-06' },
  window: 6,
  modifiers: {
    negated: { pre: [], post: [] },
    hypothetical: { pre: [], post: [] },
    historical: { pre: [], post: [] },
    otherPerson: { pre: [], post: [] },
  },
  pseudo: [],
  actual: [],
  naming: [],
  figurative: [],
  nobodyUnwell: [],
  recovered,
  termination: ['but'],
  clauseBreaks: ['but'],
});

const modifiersOf = (recovered: string[], text: string, word: string) => {
  const tokens = text.split(' ');
  return new ContextReader(content(recovered)).read(tokens).modifiersOf([tokens.indexOf(word)]);
};

describe('a recovery told after a finding ("fainted, but she is fine now")', () => {
  it('negates the findings before it across commas and "but", which end every other trigger', () => {
    expect(modifiersOf(['fine now'], 'she fainted , but fine now', 'fainted')).toEqual(['negated']);
    expect(modifiersOf([], 'she fainted , but fine now', 'fainted')).toEqual([]);
  });

  it('stops at the end of the sentence and never reaches forward', () => {
    expect(modifiersOf(['fine now'], 'she fainted . fine now', 'fainted')).toEqual([]);
    expect(modifiersOf(['fine now'], 'fine now but he fainted', 'fainted')).toEqual([]);
  });
});
