import { DialogPrompts } from '../../src/content/dialogPrompts';
import { listGiven } from '../../src/content/givenList';
import { readLocaleFile } from '../../src/language/localeCatalogue';

// {given} in the identity check's sentences: one list rule, each language's words (i22-r).
describe('what was given before being asked, listed in a language', () => {
  const english = DialogPrompts.load().givenList;

  it('reads in English as it always has: one article, commas, "and" before the last', () => {
    expect(listGiven(['dateOfBirth'], english)).toBe('the date of birth');
    expect(listGiven(['name', 'postcode'], english)).toBe('the name and postcode');
    expect(listGiven(['nhsNumber', 'name', 'dateOfBirth'], english)).toBe('the NHS number, name and date of birth');
    expect(listGiven([], english)).toBeUndefined();
  });

  it("uses each language's own words and joiners, the Arabic comma and its attached و among them", () => {
    expect(listGiven(['name', 'postcode', 'dateOfBirth'], readLocaleFile('pl').identityGivenList!)).toBe(
      'imię i nazwisko, kod pocztowy oraz data urodzenia',
    );
    expect(listGiven(['nhsNumber', 'name', 'dateOfBirth'], readLocaleFile('ar').identityGivenList!)).toBe(
      'رقم NHS، الاسم وتاريخ الميلاد',
    );
  });
});
