import path from 'node:path';
import { PROJECT_ROOT } from '../../../src/content/readContentFile';
import { createUnderstander, INTENTS, type Understander } from '../../../src/intents';
import { evaluateDomain, readGold, targetFailures } from '../../../src/intents/domainEvaluation';

let understander: Understander;
beforeAll(() => {
  understander = createUnderstander({ now: () => new Date('2026-11-25T10:00:00Z') });
});

describe('understand', () => {
  it.each([
    ['I need to change my appointment', 'appointment.change'],
    ['please cancel the nurse tomorrow', 'appointment.cancel'],
    ['what time is the nurse coming', 'appointment.query'],
    ['I want to make a complaint', 'feedback.complaint'],
    ['can I speak to a real person', 'human.request'],
    ['hello', 'greeting'],
    ['thanks, bye', 'goodbye'],
    ["what's the capital of France", 'none'],
  ])('%s → %s', (text, intent) => expect(understander.understand(text).intent).toBe(intent));

  it('a red flag sets the disposition whatever the classifier says', () => {
    const u = understander.understand('cancel my visit, he has collapsed');
    expect(u.disposition).toBe('emergency_999');
    expect(u.redFlags.map((f) => f.id)).toContain('unresponsive');
  });

  // Issue 16 (H84): "convulsion" is also a Spanish, Italian, Portuguese and Romanian word, and those screens read it
  // without the English cues around it.
  it.each(['no convulsion, just a faint', 'what if he has a convulsion in the night'])(
    'a word other languages share, read by the English cues in an English message: %s',
    (text) => expect(understander.understand(text).disposition).not.toBe('emergency_999'),
  );

  it('a word other languages share is still an emergency when the English screen reads it as now', () => {
    expect(understander.understand('he is having a convulsion').disposition).toBe('emergency_999');
  });

  it('a red flag in otherwise unrecognised words is still about health, never "none"', () => {
    const u = understander.understand('zxq qwv chest pains');
    expect(u.intent).not.toBe('none');
    expect(u.disposition).toBe('emergency_999');
  });

  it('negation: "no chest pain" is not an emergency', () => {
    const u = understander.understand('no chest pain, just a cough');
    expect(u.redFlags).toEqual([]);
    expect(u.disposition).toBe('routine');
  });

  it('triages the seeds’ 2-hour list', () => {
    expect(understander.understand("me mum's had a fall").disposition).toBe('urgent_2h');
    expect(understander.understand('my dressing is soaked through').disposition).toBe('same_day');
  });

  it('raises the disposition from reported observations (NEWS2)', () => {
    const u = understander.understand('crew here resp rate 28 sats 88 on air bp 88 pulse 125 temp 39.5 new confusion');
    expect(u.disposition).toBe('emergency_999');
  });

  it('returns entities with the understanding', () => {
    expect(understander.understand('my NHS number is 943 476 5919').entities.nhsNumber).toBe('9434765919');
  });

  it('confidence is a probability and alternatives are other known intents', () => {
    const u = understander.understand('I want to move my appointment');
    expect(u.confidence).toBeGreaterThan(0);
    expect(u.confidence).toBeLessThanOrEqual(1);
    for (const a of u.alternatives) {
      expect(INTENTS).toContain(a.intent);
      expect(a.intent).not.toBe(u.intent);
    }
  });

  it.each([
    ['empty', ''],
    ['whitespace', '   \n\t '],
    ['10,000 characters', 'a'.repeat(10000)],
    ['10,000 characters of words', 'the nurse '.repeat(1000)],
    ['emoji', '😀🙏🏽💉'],
    ['Chinese', '我需要帮助'],
    ['Welsh', 'Bore da, sut wyt ti?'],
    ['HTML', '<script>alert("x")</script>'],
    ['SQL', "'); DROP TABLE patients; --"],
    ['control characters', '\u0000\u0001\u0002'],
    ['lone surrogate', '\ud800'],
  ])('bad input (%s) → none, no crash', (_name, text) => {
    const u = understander.understand(text);
    expect(u.intent).toBe('none');
    expect(u.disposition).toBe('none');
    expect(u.redFlags).toEqual([]);
    expect(u.text.length).toBeLessThanOrEqual(2000);
  });

  it('still screens a very long message for red flags', () => {
    const u = understander.understand(`he is not breathing ${'and so on '.repeat(1500)}`);
    expect(u.disposition).toBe('emergency_999');
  });

  it('never throws on a non-string', () => {
    expect(understander.understand(undefined as unknown as string).intent).toBe('none');
    expect(understander.understand({} as unknown as string).intent).toBe('none');
  });

  it('meets the issue 3 targets on the held-out domain split', () => {
    const report = evaluateDomain(understander, readGold(path.join(PROJECT_ROOT, 'test/nlu/heldout.jsonl')));
    expect(report.missedEmergencies).toEqual([]);
    expect(targetFailures(report)).toEqual([]);
  });
});
