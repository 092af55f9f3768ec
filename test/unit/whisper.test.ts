import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/content/readContentFile';
import { loadContentFrom } from '../support/contentFolder';
import { loadPhoneContent } from '../../src/integrations/twilio/phoneContent';
import type { HandoffContext } from '../../src/dialogs/escalationDialog';
import { handoffWhisper } from '../../src/integrations/twilio/twiml';

const SHIPPED = readFileSync(path.join(PROJECT_ROOT, 'content/voice/phone.yaml'), 'utf8');

/** Loads content/voice/phone.yaml as `yaml` says, through the real loader, from a content folder of its own. */
const loadFrom = (yaml: string) =>
  loadContentFrom(
    'voice/phone.yaml',
    yaml,
    async () => (await import('../../src/integrations/twilio/phoneContent')).loadPhoneContent,
  );

describe('the whisper to the duty clinician', () => {
  const { voice } = loadPhoneContent();
  const handoff = (extra: Partial<HandoffContext>): HandoffContext => ({
    target: 'duty_clinician',
    disposition: 'urgent_2h',
    queueItemId: 'item-1',
    reference: 'FD-7KQ2',
    reason: 'asked for the duty clinician',
    ...extra,
  });

  it('says what the code used to say, word for word', () => {
    expect(handoffWhisper(voice, handoff({ problem: 'I need the duty nurse' }))).toBe(
      'Front Door urgent call from a patient about I need the duty nurse. Reason: asked for the duty clinician.',
    );
    expect(handoffWhisper(voice, handoff({ role: 'carer', problem: 'his leg is red', reason: 'urgent' }))).toBe(
      'Front Door urgent call from a carer about his leg is red. Reason: urgent.',
    );
    expect(handoffWhisper(voice, handoff({ role: 'professional' }))).toBe(
      'Front Door urgent call from a professional. Reason: asked for the duty clinician.',
    );
    expect(handoffWhisper(voice, handoff({ role: 'patient', problem: '' }))).toBe(
      'Front Door urgent call from a patient. Reason: asked for the duty clinician.',
    );
  });

  it('tells the clinician a professional handover: who, call sign, problem, NEWS2 and need', () => {
    const handover = { who: 'paramedic, LAS', callSign: 'Alpha 12', news2: 'NEWS2 5 (medium)', need: 'Rapid response' };
    expect(handoffWhisper(voice, handoff({ role: 'professional', problem: '84-year-old fall', handover }))).toBe(
      'Front Door urgent handover from a paramedic, LAS, call sign Alpha 12, about 84-year-old fall. NEWS2 5 ' +
        '(medium). They need rapid response.',
    );
    expect(
      handoffWhisper(
        voice,
        handoff({ role: 'professional', disposition: 'emergency_999', handover: { who: '111 clinician' } }),
      ),
    ).toBe(
      'Front Door emergency handover from a 111 clinician, no call sign given, about a patient. No NEWS2. They need to ' +
        'speak to you (need not stated).',
    );
  });

  it("keeps the caller's words to their first 120 characters, and puts them in as they are", () => {
    const problem = `{reason} ${'x'.repeat(200)}`;
    expect(handoffWhisper(voice, handoff({ problem }))).toBe(
      `Front Door urgent call from a patient about ${problem.slice(0, 120)}. Reason: asked for the duty clinician.`,
    );
  });

  it('loads the shipped file through a fresh loader too', async () => {
    await expect(loadFrom(SHIPPED)).resolves.toEqual(loadPhoneContent());
  });

  it('rejects a whisper that has lost the reason, naming the file, the field and the placeholder', async () => {
    const withoutReason = SHIPPED.replace("about {problem}. Reason: {reason}.'", "about {problem}.'");
    expect(withoutReason).not.toBe(SHIPPED);
    await expect(loadFrom(withoutReason)).rejects.toThrow(
      'content/voice/phone.yaml: voice.whisper: must include {reason}',
    );
  });

  it('rejects a placeholder the code does not fill, so no other detail can reach the clinician by wording', async () => {
    const withNumber = SHIPPED.replace('from {caller}. Reason:', 'from {caller} on {callerNumber}. Reason:');
    expect(withNumber).not.toBe(SHIPPED);
    await expect(loadFrom(withNumber)).rejects.toThrow(
      'content/voice/phone.yaml: voice.whisperWithoutProblem: may use only {caller}, {reason}',
    );
  });
});
