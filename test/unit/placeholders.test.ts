import { DialogPrompts } from '../../src/content/dialogPrompts';
import { fill } from '../../src/content/placeholders';

describe('fill', () => {
  it('puts each value in its placeholder, as often as it appears', () => {
    expect(fill('Press {digit} for {label}. {digit}!', { digit: 1, label: 'Myself' })).toBe('Press 1 for Myself. 1!');
  });

  it('leaves a placeholder without a value visible rather than dropping it', () => {
    expect(fill('Call back within {within}.', {})).toBe('Call back within {within}.');
    // Only values of its own: "{constructor}" is not Object's constructor.
    expect(fill('{constructor}', {})).toBe('{constructor}');
  });

  it('puts a value in as it is, even one that looks like a placeholder', () => {
    expect(fill('About {problem}.', { problem: 'the {reference}' })).toBe('About the {reference}.');
  });

  it('asks onMissing for a placeholder without a value', () => {
    expect(fill('{a} and {b}', { a: 'x' }, (name) => `<${name}>`)).toBe('x and <b>');
  });
});

describe('dialog prompts', () => {
  const prompts = DialogPrompts.load();

  it('fill every placeholder of text and speak', () => {
    const rendered = prompts.render('clarify', { first: 'change a visit', second: 'cancel it' });
    expect(rendered.text).toBe('Just to check, do you want to change a visit or cancel it?');
    expect(rendered.speak).toBe('Do you want to change a visit, or cancel it?');
  });

  it('throw on a missing value, naming the prompt and the placeholder: that is a bug in the dialog', () => {
    expect(() => prompts.render('clarify', { first: 'change a visit' })).toThrow(
      'prompt clarify: no value for {second}',
    );
    expect(() => prompts.text('clarify', {})).toThrow('prompt clarify: no value for {first}');
  });
});

describe('the privacy message', () => {
  it('names the record a summary is filed to, for the configured record system', () => {
    const privacy = (kind: 'demo' | 'fhir') => DialogPrompts.load().forRecord(kind).render('privacy').text;
    expect(privacy('fhir')).toMatch(/added to the community health record the team keeps for you\./);
    expect(privacy('demo')).toMatch(
      /added to this demonstration's own record of contacts \(a demonstration, not your NHS record\)/,
    );
    expect(privacy('demo')).not.toMatch(/community health record/);
  });

  it('needs the record system to be known: without it the placeholder is a bug', () => {
    expect(() => DialogPrompts.load().render('privacy')).toThrow('prompt privacy: no value for {careRecord}');
  });
});
