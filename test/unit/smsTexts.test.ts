import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/content/readContentFile';
import { loadContentFrom } from '../support/contentFolder';
import { loadSmsTexts } from '../../src/integrations/notify/smsTexts';
import { fill } from '../../src/content/placeholders';

const SHIPPED = readFileSync(path.join(PROJECT_ROOT, 'content/notify/sms.yaml'), 'utf8');

/** Loads content/notify/sms.yaml as `yaml` says, through the real loader, from a content folder of its own. */
const loadFrom = (yaml: string) =>
  loadContentFrom(
    'notify/sms.yaml',
    yaml,
    async () => (await import('../../src/integrations/notify/smsTexts')).loadSmsTexts,
  );

describe('SMS texts content', () => {
  it('says what the code used to say, word for word', () => {
    const sms = loadSmsTexts();
    const visit = { visitType: 'Community matron home visit', when: 'Tuesday 1 December, morning (8am to 12pm)' };
    expect(fill(sms.patient.appointmentChanged, visit)).toBe(
      'Front Door: Your Community matron home visit is now on Tuesday 1 December, morning (8am to 12pm).',
    );
    expect(fill(sms.patient.appointmentCancelled, visit)).toBe(
      'Front Door: Your Community matron home visit on Tuesday 1 December, morning (8am to 12pm) is cancelled.',
    );
    expect(
      fill(sms.staff.breachAlert, {
        reference: 'FD-7KQ2',
        kind: 'escalation',
        disposition: 'urgent 2h',
        consoleUrl: 'http://hub/console/items/abc',
      }),
    ).toBe(
      'Front Door: FD-7KQ2 (escalation, urgent 2h) has passed its response target with nobody in contact. ' +
        'Open http://hub/console/items/abc',
    );
  });

  it('loads the shipped file through a fresh loader too', async () => {
    await expect(loadFrom(SHIPPED)).resolves.toEqual(loadSmsTexts());
  });

  it('rejects a patient text that has lost a placeholder, naming the file, the field and the placeholder', async () => {
    const withoutWhen = SHIPPED.replace('is now on {when}.', 'has moved.');
    expect(withoutWhen).not.toBe(SHIPPED);
    await expect(loadFrom(withoutWhen)).rejects.toThrow(
      'content/notify/sms.yaml: patient.appointmentChanged: must include {when}',
    );
  });

  it('rejects a staff alert without the reference', async () => {
    const withoutReference = SHIPPED.replace('Front Door: {reference} (', 'Front Door: (');
    expect(withoutReference).not.toBe(SHIPPED);
    await expect(loadFrom(withoutReference)).rejects.toThrow(
      'content/notify/sms.yaml: staff.breachAlert: must include {reference}',
    );
  });

  it('rejects a placeholder the code does not fill, so no patient detail can be added to an alert by wording', async () => {
    const withName = SHIPPED.replace('Front Door: {reference} (', 'Front Door: {reference} for {patientName} (');
    expect(withName).not.toBe(SHIPPED);
    await expect(loadFrom(withName)).rejects.toThrow(
      'content/notify/sms.yaml: staff.breachAlert: may use only {reference}, {kind}, {disposition}, {consoleUrl}',
    );
  });
});
