import { createNormaliser } from '../../../src/intents/normalise';
import { loadRedFlags } from '../../../src/intents/redFlags';

// Safety-j round (issue 16, hazards H110-H119): kinds of failure, each in wording of its own (not a blind row's).
const normalise = createNormaliser();
const screen = loadRedFlags();
const read = (text: string) => screen.read(normalise(text));
const dispositions = (text: string) => read(text).hits.map((h) => h.disposition);
const modifiersOf = (text: string, id: string) => read(text).findings.find((f) => f.id === id)?.modifiers;

describe('modifier scope (H110)', () => {
  it('a supposition about "ever" reaches to the end of its clause, past the usual window', () => {
    const text = 'should my husband ever collapse in the garden while I am out shopping what do I do';
    expect(dispositions(text)).not.toContain('emergency_999');
    expect(modifiersOf(text, 'collapse')).toContain('hypothetical');
  });

  it('…but not past punctuation: what follows a comma is read as it is', () => {
    expect(dispositions('if he ever gets confused we ring you, his lips have gone blue now')).toContain(
      'emergency_999',
    );
  });

  it('a time cue starting with a termination word ("after the op") does not cut a history cue off', () => {
    const text = 'she had a fit after the operation in 2015, not since';
    expect(dispositions(text)).not.toContain('emergency_999');
    expect(modifiersOf(text, 'seizure')).toContain('historical');
  });

  it('a termination word still ends a scope of another kind', () => {
    // "no" must not reach over "after" to a new complaint.
    expect(dispositions('no pain after the op then his face dropped on one side')).toContain('emergency_999');
  });
});

describe('figures of speech, hearsay and questions out of interest are not 999 (H111)', () => {
  it.each([
    // Hearsay with any past-tense verb: "his dad collapsed", not only "had / was / went".
    'my colleague told me his dad collapsed at the football and nearly died, where can I do a first aid course',
    // Something read or asked about in general: "you can have a …", "I am fine just curious".
    'i saw on facebook that you can have a heart attack from energy drinks, i am fine just curious',
    // Already assessed and explained as something else.
    'the GP said it was a faint and nothing to worry about, can we rebook the visit',
    // At the sight of a bill; words that stick; a threat over lateness.
    'I had a heart attack when I opened the water bill haha, can the nurse come Friday',
    'he was choking on his lines at the school play bless him, can we move Tuesday',
    'the boss is gonna kill me if I am late so can the nurse come early',
  ])('%s', (text) => {
    expect(dispositions(text)).not.toContain('emergency_999');
  });

  it.each(['he is going to kill me, he has a knife', 'he is choking on a grape', 'my dad collapsed at the football'])(
    'the same findings said plainly are still 999: %s',
    (text) => {
      expect(dispositions(text)).toContain('emergency_999');
    },
  );
});
