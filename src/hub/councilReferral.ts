import { z } from 'zod';
import { fill, textWith } from '../content/placeholders';
import { readContentFile, reviewSchema } from '../content/readContentFile';
import type { ServiceProfile } from '../content/services';
import { formatter } from '../content/zonedTime';
import type { SecureMessage } from '../integrations/notify/secureMessagePort';
import type { QueueItem } from './queueModel';

const textsSchema = z.object({
  source: z.string().min(1),
  review: reviewSchema,
  subject: textWith('service', 'reference'),
  opening: textWith('service', 'hubName', 'hubPhone', 'reference'),
  labels: z.object({
    reference: z.string().min(1),
    received: z.string().min(1),
    urgency: z.string().min(1),
    immediateDanger: z.string().min(1),
    raisedBy: z.string().min(1),
    callbackNumber: z.string().min(1),
    patient: z.string().min(1),
    patientNotVerified: z.string().min(1),
    inTheirWords: z.string().min(1),
  }),
  urgency: z.record(z.string(), z.string().min(1)),
  notVerified: z.string().min(1),
});
export type CouncilReferralTexts = z.infer<typeof textsSchema>;

/** The wording of the message to the council (content/hub/council-referral.yaml), validated at start-up. */
export function loadCouncilReferralTexts(): CouncilReferralTexts {
  return readContentFile('hub/council-referral.yaml', textsSchema);
}

/** The key of the one message a safeguarding item sends: a retry, on any instance, sends nothing more. */
export const councilKey = (item: Pick<QueueItem, '_id'>) => `council:${item._id}`;

/**
 * The secure message a safeguarding concern sends to its service's safeguarding destination: everything the council
 * needs to act without calling the person back to repeat it, and nothing about the person that the bot did not check.
 */
export function councilReferralOf(item: QueueItem, service: ServiceProfile, texts: CouncilReferralTexts): SecureMessage {
  const { summary } = item;
  const values = {
    service: service.name,
    reference: item.reference,
    hubName: service.hub.name,
    hubPhone: service.hub.phone,
  };
  const received = formatter('en-GB', {
    timeZone: service.timezone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(item.createdAt);
  const patient = summary.patient;
  const who = patient?.verified
    ? [patient.name, patient.nhsNumber && `NHS number ${patient.nhsNumber}`, patient.dateOfBirth && `born ${patient.dateOfBirth}`]
        .filter(Boolean)
        .join(', ')
    : texts.notVerified;
  const raisedBy = [summary.contact.role, summary.contact.relationship, summary.contact.organisation]
    .filter((part) => part && part !== 'unknown')
    .join(', ');
  const line = (label: string, value: string | undefined) => (value ? [`${label}: ${value}`] : []);
  const body = [
    fill(texts.opening, values),
    '',
    ...line(texts.labels.reference, item.reference),
    ...line(texts.labels.received, received),
    ...line(texts.labels.urgency, texts.urgency[item.disposition] ?? item.disposition),
    ...line(texts.labels.immediateDanger, summary.answers.immediateDanger),
    ...line(texts.labels.raisedBy, raisedBy || undefined),
    ...line(texts.labels.callbackNumber, summary.callbackNumber),
    ...line(patient?.verified ? texts.labels.patient : texts.labels.patientNotVerified, who),
    '',
    `${texts.labels.inTheirWords}:`,
    summary.answers.disclosure ?? summary.problem,
  ].join('\n');
  return {
    to: service.safeguarding.secureEmail,
    toName: service.safeguarding.name,
    subject: fill(texts.subject, values),
    body,
    purpose: 'safeguarding.concern',
    idempotencyKey: councilKey(item),
  };
}
