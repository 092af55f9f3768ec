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

describe('an ODS code said on the phone, and the caller’s own practice (issue 20)', () => {
  const reader = new GpPracticeReader(loadServiceProfiles());
  const practice = (said: string) => {
    const answer = reader.read(said);
    return answer.kind === 'practice' ? answer.practice.name : answer.kind;
  };

  it.each([
    ['Z nine zero zero zero one', 'Tooting Bec Surgery'],
    ['zed nine oh oh oh four', 'Balham Park Surgery'],
    ['Zulu nine zero three zero one', 'Chatham Central Practice'],
    ['the code is Z 90 002', 'Wandsworth Town Medical Practice'],
    ['Z9 0003', 'Battersea Fields Practice'],
  ])('reads "%s" as %s', (said, expected) => {
    expect(reader.mentionsPractice(said)).toBe(true);
    expect(practice(said)).toBe(expected);
  });

  it('never reads a code from a longer run of digits or a word ending in a letter', () => {
    expect(practice('NHS 943 476 5919')).toBe('unknown');
    expect(reader.mentionsPractice('Z 90001 23')).toBe(false);
    expect(reader.mentionsPractice('RR 22 sats 93 pulse 98')).toBe(false);
  });

  it('takes a practice named as the caller’s own out of what is read for the patient', () => {
    const gp = reader.callerPractice('Dr Jones, GP at Tooting Bec Surgery, calling about an 80 year old, fall');
    expect(gp.practice?.name).toBe('Tooting Bec Surgery');
    expect(reader.mentionsPractice(gp.rest)).toBe(false);
    expect(reader.callerPractice('Calling from Z90301 about Mr Khan').practice?.name).toBe('Chatham Central Practice');
    // Registered there: the patient's practice, not (only) the caller's.
    const registered = reader.callerPractice("I'm the GP, patient registered at Balham Park Surgery");
    expect(registered.practice).toBeUndefined();
    expect(practice(registered.rest)).toBe('Balham Park Surgery');
    expect(reader.callerPractice('paramedic, LAS, registered at Tooting Bec Surgery').practice).toBeUndefined();
  });

  it('hears "one of our patients", and "ours" only as the answer to the question', () => {
    expect(reader.sameAsCaller('she is one of our patients', false)).toBe(true);
    expect(reader.sameAsCaller('registered with us', false)).toBe(true);
    expect(reader.sameAsCaller('ours', true)).toBe(true);
    expect(reader.sameAsCaller('ours', false)).toBe(false);
    expect(reader.sameAsCaller('Balham Park Surgery', true)).toBe(false);
  });
});
