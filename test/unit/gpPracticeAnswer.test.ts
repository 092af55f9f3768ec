import { loadServiceProfiles } from '../../src/content/services';
import { GpPracticeReader } from '../../src/referrals/gpPracticeAnswer';

describe('a GP practice in people’s words', () => {
  const reader = new GpPracticeReader(loadServiceProfiles());
  const practice = (said: string) => {
    const answer = reader.read(said);
    return answer.kind === 'practice' ? `${answer.practice.name} (${answer.practice.service.id})` : answer.kind;
  };

  it.each([
    ['Tooting Bec Surgery', 'Tooting Bec Surgery (wandsworth)'],
    ['Dr Patel at the Tooting Bec practice', 'Tooting Bec Surgery (wandsworth)'],
    ['the balham one', 'Balham Park Surgery (wandsworth)'],
    ['Tootin Bec', 'Tooting Bec Surgery (wandsworth)'],
    ['chatham central', 'Chatham Central Practice (medway)'],
    ["she's with Highcliffe", 'Highcliffe Surgery (dorset)'],
  ])('reads "%s" as %s', (said, expected) => expect(practice(said)).toBe(expected));

  it.each(["she's not registered", 'no GP', "he hasn't got a doctor", 'unregistered'])('reads "%s" as no GP', (said) =>
    expect(practice(said)).toBe('not_registered'),
  );

  it('does not place a practice no profile lists, nor generic words alone', () => {
    expect(practice('Dr Patel at the Brook surgery')).toBe('unknown');
    expect(practice('the medical centre')).toBe('unknown');
  });

  it('asks rather than guesses between practices the words fit equally', () => {
    const answer = reader.read('the Park surgery');
    expect(answer.kind).toBe('ambiguous');
    expect(answer.kind === 'ambiguous' && answer.practices.map((p) => p.name).sort()).toEqual([
      'Balham Park Surgery',
      "Queen's Park Surgery",
      'Rainham Park Practice',
    ]);
  });
});
