import type { Flag } from '@medplum/fhirtypes';
import { FlagCodes } from '../../../src/record/flagCodes';
import { alertFlagFor, alertOf } from '../../../src/record/fhir/alertFlags';
import { recordedNeedOf } from '../../../src/record/fhir/fhirRecord';
import { RISK_SYSTEM, SNOMED_SYSTEM } from '../../../src/record/fhir/terms';
import { loadContentFrom } from '../../support/contentFolder';

const codes = FlagCodes.load();
const typed = (flag: Flag) => ({ ...flag, id: flag.id ?? 'f1', meta: { versionId: '1' } });
/** An active Flag as another system may write it: a SNOMED CT concept and nothing of ours. */
const foreignFlag = (code: string, display: string): Flag => ({
  resourceType: 'Flag',
  status: 'active',
  code: { coding: [{ system: SNOMED_SYSTEM, code, display }] },
  subject: { reference: 'Patient/pat-1' },
});

describe('SNOMED CT codes for communication-need and risk Flags (content)', () => {
  it('codes the needs and risks content has a concept for, and maps each concept back', () => {
    expect(codes.needConcept('interpreter')).toEqual({ code: '315594003', display: 'Interpreter needed' });
    expect(codes.needConcept('deaf')).toEqual({ code: '15188001', display: 'Hearing loss' });
    expect(codes.needConcept('large_print')).toBeUndefined();
    expect(codes.risk('lives_alone')?.snomed).toEqual({ code: '105529008', display: 'Lives alone' });
    expect(codes.risk('dog_at_property')?.snomed).toBeUndefined();
    expect(codes.risk('key_safe')?.snomed).toBeUndefined();
    for (const need of ['interpreter', 'deaf', 'bsl', 'relay_uk', 'text_only', 'easy_read', 'carer_present']) {
      expect(codes.needWithConcept(codes.needConcept(need)!.code)).toBe(need);
    }
    expect(codes.riskWithConcept('105529008')?.id).toBe('lives_alone');
    expect(codes.riskWithConcept('160689007')).toBeUndefined();
  });

  it('refuses a risk left uncoded without saying why', async () => {
    const yaml = [
      'review: { owner: a, approvedBy: b, approvedOn: 2026-12-06, reviewDue: 2027-06-06 }',
      'source: test',
      'risks:',
      '  key_safe: { label: Key safe, category: lone-worker }',
    ].join('\n');
    await expect(
      loadContentFrom(
        'risk-alerts.yaml',
        yaml,
        async () => (await import('../../../src/record/flagCodes')).FlagCodes.load,
      ),
    ).rejects.toThrow(/risk-alerts\.yaml: risks\.key_safe: give either `snomed` or `uncoded`/);
  });
});

describe('risk alert Flags', () => {
  it('codes a known risk with its SNOMED CT concept first, then ours, the words as text, and reads it back', () => {
    const alert = { category: 'risk' as const, risk: 'lives_alone', text: 'Lives alone, no carer.' };
    const flag = alertFlagFor('a-1', 'pat-1', alert, codes);
    expect(flag.code).toEqual({
      coding: [
        { system: SNOMED_SYSTEM, code: '105529008', display: 'Lives alone' },
        { system: RISK_SYSTEM, code: 'lives_alone', display: 'Lives alone' },
      ],
      text: 'Lives alone, no carer.',
    });
    expect(alertOf(flag, codes)).toEqual([alert]);
  });

  it('leaves an uncoded risk with our code only, and an alert of no known risk as text only', () => {
    const dog = { category: 'lone-worker' as const, risk: 'dog_at_property', text: 'Large dog.' };
    const dogFlag = alertFlagFor('a-2', 'pat-1', dog, codes);
    expect(dogFlag.code.coding).toEqual([
      { system: RISK_SYSTEM, code: 'dog_at_property', display: 'Dog at the property' },
    ]);
    expect(alertOf(dogFlag, codes)).toEqual([dog]);
    const other = { category: 'safeguarding' as const, text: 'Speak to the patient alone.' };
    const otherFlag = alertFlagFor('a-3', 'pat-1', other, codes);
    expect(otherFlag.code).toEqual({ text: 'Speak to the patient alone.' });
    expect(alertOf(otherFlag, codes)).toEqual([other]);
  });

  it("reads another system's Flag coded only in SNOMED CT as the risk it stands for, under that risk's category", () => {
    const foreign = foreignFlag('105529008', 'Lives alone');
    expect(alertOf(foreign, codes)).toEqual([{ category: 'risk', risk: 'lives_alone', text: 'Lives alone' }]);
    const housebound = {
      ...foreign,
      code: { coding: [{ system: SNOMED_SYSTEM, code: '160689007' }], text: 'Housebound' },
    };
    expect(alertOf(housebound, codes)).toEqual([]);
  });
});

describe('communication-need Flags read back', () => {
  it("maps another system's Flag coded only in SNOMED CT to our need, and leaves out one that is no need we know", () => {
    const interpreter = foreignFlag('315594003', 'Interpreter needed');
    expect(recordedNeedOf(typed(interpreter), codes)).toEqual([
      {
        id: 'f1',
        need: 'interpreter',
        label: 'Interpreter needed',
        snomed: { code: '315594003', display: 'Interpreter needed' },
      },
    ]);
    const lonely = { ...interpreter, code: { coding: [{ system: SNOMED_SYSTEM, code: '105529008' }] } };
    expect(recordedNeedOf(typed(lonely), codes)).toEqual([]);
  });
});
