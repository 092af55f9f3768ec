import type { Activity } from 'botbuilder';
import { DialogPrompts } from '../../../src/content/dialogPrompts';
import { loadCorePrompts } from '../../../src/content/prompts';
import { loadFftContent } from '../../../src/dialogs/friendsAndFamilyTest';
import { LocalJourney } from '../../../src/language/localJourney';
import { readLocaleFile } from '../../../src/language/localeCatalogue';
import { loadAssessmentContent } from '../../../src/triage/assessment/assessmentContent';

// Issue 22 item 1: a texter reads a translation's short `sms` form (UCS-2 fits 67 characters a part), web chat and
// the phone the full sentence; the English after a clinical sentence is the same on both.
const prompts = DialogPrompts.load();
const dangerSigns = loadAssessmentContent().dangerSigns;
const local = new LocalJourney(
  { messages: { ...prompts.all(), ...loadCorePrompts() }, dangerSignGroups: dangerSigns.groups.map((g) => g.id) },
  dangerSigns,
  loadFftContent(),
);
const tamil = readLocaleFile('ta');

function said(activity: Partial<Activity>, channelId: string): Partial<Activity>[] {
  const activities = [activity];
  local.localiser.localise(activities, 'ta', channelId);
  return activities;
}

describe('a translated reply by text', () => {
  const values = {
    clinician: 'Jo Baker',
    reference: 'FD-K7M-3QX',
    minutes: 120,
    contact: 'call you',
    target: '2 hours',
  };

  it('is the short form on SMS and the full sentence in web chat, the English after both', () => {
    const sms = said(prompts.render('escalatedDuty', values), 'sms');
    const chat = said(prompts.render('escalatedDuty', values), 'webchat');
    expect(sms[0].text).toBe(tamil.messages.escalatedDuty.sms!.replace('{minutes}', '120'));
    expect(chat[0].text).toBe(
      tamil.messages.escalatedDuty.text.replace(/\{(\w+)\}/g, (_, n: string) =>
        String(values[n as keyof typeof values]),
      ),
    );
    expect(sms[0].speak).toBe(chat[0].speak);
    expect(sms[1]).toMatchObject({ locale: 'en-GB', text: prompts.text('escalatedDuty', values) });
    expect(chat[1]).toMatchObject({ locale: 'en-GB', text: prompts.text('escalatedDuty', values) });
  });

  it('gives the 999 advice of a danger sign in its short form on SMS', () => {
    const group = dangerSigns.groups.find((g) => g.id === 'ds-life')!;
    const sms = said({ type: 'message', text: group.yes.message.text }, 'sms');
    expect(sms[0]).toMatchObject({ locale: 'ta', text: tamil.dangerSigns.groups['ds-life'].yes!.sms });
    const chat = said({ type: 'message', text: group.yes.message.text }, 'webchat');
    expect(chat[0]).toMatchObject({ locale: 'ta', text: tamil.dangerSigns.groups['ds-life'].yes!.text });
  });

  it('is the full sentence where the file has no short form', () => {
    expect(tamil.messages.keptVisit.sms).toBeUndefined();
    expect(said(prompts.render('keptVisit'), 'sms')[0].text).toBe(tamil.messages.keptVisit.text);
  });
});
