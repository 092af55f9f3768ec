import type { Coding, Flag } from '@medplum/fhirtypes';
import { ALERT_CATEGORIES, type PatientAlert } from '../../patients/patientModel';
import type { FlagCodes } from '../flagCodes';
import { ALERT_CATEGORY_SYSTEM, FLAG_CATEGORY_SYSTEM, RISK_SYSTEM, SNOMED_SYSTEM } from './terms';

/**
 * A risk, safeguarding or lone-worker alert as an active Flag: R4's `safety` category and ours, which says which. A
 * known risk is coded: its SNOMED CT concept first where content gives one, then our own risk code; the alert's words
 * are the code's text either way, since they say what to do.
 */
export function alertFlagFor(
  id: string,
  patientId: string,
  alert: PatientAlert,
  codes: FlagCodes,
): Flag & { id: string } {
  const risk = alert.risk ? codes.risk(alert.risk) : undefined;
  const coding: Coding[] = risk
    ? [
        ...(risk.snomed ? [{ system: SNOMED_SYSTEM, code: risk.snomed.code, display: risk.snomed.display }] : []),
        { system: RISK_SYSTEM, code: risk.id, display: risk.label },
      ]
    : [];
  return {
    resourceType: 'Flag',
    id,
    status: 'active',
    category: [
      {
        coding: [
          { system: FLAG_CATEGORY_SYSTEM, code: 'safety', display: 'Safety' },
          { system: ALERT_CATEGORY_SYSTEM, code: alert.category },
        ],
      },
    ],
    code: { ...(coding.length ? { coding } : {}), text: alert.text },
    subject: { reference: `Patient/${patientId}` },
  };
}

/**
 * The alert an active Flag carries, if it is one: a Flag in one of our alert categories, or one coded with a risk
 * content knows (our code, or its SNOMED CT concept, as another system may write it), shown under that risk's
 * category. Its words are the Flag's text, else the risk's label; a Flag that is neither stays off the alerts.
 */
export function alertOf(flag: Flag, codes: FlagCodes): PatientAlert[] {
  const codings = flag.code.coding ?? [];
  const ours = codings.find((c) => c.system === RISK_SYSTEM && c.code && codes.risk(c.code))?.code;
  const snomed = codings.find((c) => c.system === SNOMED_SYSTEM && c.code && codes.riskWithConcept(c.code))?.code;
  const risk = ours ? codes.risk(ours) : snomed ? codes.riskWithConcept(snomed) : undefined;
  const stated = flag.category?.flatMap((c) => c.coding ?? []).find((c) => c.system === ALERT_CATEGORY_SYSTEM)?.code as
    PatientAlert['category'] | undefined;
  const category = stated && ALERT_CATEGORIES.includes(stated) ? stated : risk?.category;
  if (!category) return [];
  const text = flag.code.text ?? risk?.label ?? codings.find((c) => c.display)?.display ?? '';
  return [{ category, text, ...(risk ? { risk: risk.id } : {}) }];
}
