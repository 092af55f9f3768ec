import { readdirSync } from 'node:fs';
import path from 'node:path';
import { CONTENT_DIR, readContentFile } from '../../../src/content/readContentFile';
import { loadServiceProfiles } from '../../../src/content/services';
import { localWindow } from '../../../src/content/zonedTime';
import { newReference } from '../../../src/hub/reference';
import { MAX_SMS_SEGMENTS, smsSize } from '../../../src/integrations/twilio/smsSegments';
import { rotaSchema } from '../../../src/integrations/rota/rota';
import { loadLanguages } from '../../../src/intents/language/languages';
import { readJourneys, readLocaleFile } from '../../../src/language/localeCatalogue';

// Issue 22: a translated text is almost always UCS-2 (any letter outside GSM-7: ł, á, ş, every non-Latin script),
// 70 characters in one part and 67 in each of several, where English gets 160 and 153. Every translated reply a
// texter can get is measured as Twilio counts it, filled with the longest values the services' content gives it (a
// service's night nursing name, the longest rota name), so a translation that grows, or a longer value, fails here.
const journeys = readJourneys();
const codes = [...loadLanguages().byCode.keys()];
const profiles = loadServiceProfiles();
const longest = (values: string[]) => values.reduce((a, b) => (b.length > a.length ? b : a), '');
const rotaNames = readdirSync(path.join(CONTENT_DIR, 'demo'))
  .filter((file) => file.startsWith('rota'))
  .flatMap((file) => readContentFile(`demo/${file}`, rotaSchema).clinicians.map((c) => c.name));
const VALUES: Record<string, string> = {
  clinician: longest(rotaNames),
  reference: newReference(),
  minutes: '120',
  hours: '24',
  hubPhone: longest(profiles.map((p) => p.hub.phone)),
  nightNursingName: longest(profiles.map((p) => p.nightNursing.name)),
  nightNursingPhone: longest(profiles.map((p) => p.nightNursing.phone)),
  adultSocialCare: longest(profiles.map((p) => p.adultSocialCare.name)),
  carersName: longest(profiles.map((p) => p.numbers.carersSupport.name)),
  carersPhone: longest(profiles.map((p) => p.numbers.carersSupport.phone)),
  service: longest(profiles.map((p) => p.name)),
  visitType: 'District nurse visit (catheter care)',
};
/** Any other value (a name, a practice, the hub's hours) in the other replies, which have room to spare. */
const OTHER_VALUE = 'x'.repeat(20);
// A September Wednesday: among the longest day and month names in most languages.
const start = new Date('2026-09-16T08:00:00Z');
const end = new Date('2026-09-16T11:00:00Z');

/** Every text a texter can read in the language, by its key: `sms` where the file has one, else `text`. */
function texts(code: string): [string, string][] {
  const content = readLocaleFile(code);
  const when = localWindow(start, end, 'Europe/London', code);
  const important = new Set(journeys.sms.withinLimit);
  const fillIn = (key: string, template: string) =>
    template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = name === 'when' ? when : VALUES[name];
      // A value this test does not know would measure nothing for a reply that must fit: name it above.
      if (value === undefined && important.has(key)) throw new Error(`${code} ${key}: no value for {${name}}`);
      return value ?? OTHER_VALUE;
    });
  const said: [string, string][] = Object.entries(content.messages).map(([key, m]) => [
    key,
    fillIn(key, m.sms ?? m.text),
  ]);
  for (const [id, group] of Object.entries(content.dangerSigns.groups)) {
    said.push([`dangerSigns.${id}`, group.sms ?? group.text]);
    if (group.yes) said.push([`dangerSigns.${id}.yes`, group.yes.sms ?? group.yes.text]);
  }
  return said;
}

describe('translated SMS replies fit the parts Twilio sends them in', () => {
  it.each(codes)('%s: the replies a texter must get whole fit in the English limit, the rest in the cap', (code) => {
    const tooLong: string[] = [];
    const important = new Set(journeys.sms.withinLimit);
    for (const [key, text] of texts(code)) {
      const size = smsSize(text);
      const limit = important.has(key) ? MAX_SMS_SEGMENTS : journeys.sms.otherMaxSegments;
      if (size.segments > limit)
        tooLong.push(`${key}: ${size.segments} parts (${size.units} ${size.encoding} units), limit ${limit}`);
    }
    expect(tooLong).toEqual([]);
  });

  it('names only replies that exist, and every one of them in every language', () => {
    for (const code of codes) {
      const keys = new Set(texts(code).map(([key]) => key));
      expect(journeys.sms.withinLimit.filter((key) => !keys.has(key)).map((key) => `${code} ${key}`)).toEqual([]);
    }
  });

  it('counts a Tamil, a Polish and an English reply as Twilio does', () => {
    // 67 UCS-2 units a part once a text needs more than one; Polish "ł" is outside GSM-7.
    expect(smsSize('அ'.repeat(70))).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(smsSize('அ'.repeat(71))).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    expect(smsSize('ł'.repeat(135))).toMatchObject({ encoding: 'UCS-2', segments: 3 });
    expect(smsSize('a'.repeat(306))).toMatchObject({ encoding: 'GSM-7', segments: 2 });
  });
});
