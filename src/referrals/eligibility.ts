import { isInArea, type ServiceProfile } from '../content/services';
import type { KnownPractice } from './gpPracticeAnswer';

/** What is known of the person's GP registration when eligibility is decided. */
export type Registration =
  | { kind: 'practice'; practice: KnownPractice }
  | { kind: 'not_registered' }
  /** A practice no profile lists. */
  | { kind: 'unknown' }
  | { kind: 'dont_know' };

export type Eligibility =
  /** The referral belongs to `service`; `basis` says why, for the team and the record. */
  | {
      outcome: 'accepted';
      service: ServiceProfile;
      basis: 'registered' | 'registered_out_of_area' | 'unregistered_resident' | 'postcode_gp_unknown';
    }
  /** No GP, and no service where they live takes unregistered people: register with a GP first. */
  | { outcome: 'register_with_gp' }
  /** Registered with a practice outside every profile (or outside-area where the service does not accept that). */
  | { outcome: 'own_gp' }
  /** GP not known and the postcode is in no service's area. */
  | { outcome: 'out_of_area' };

/** The service whose area a postcode is in, the conversation's own first. */
function serviceByPostcode(
  postcode: string,
  conversation: ServiceProfile,
  profiles: ServiceProfile[],
): ServiceProfile | undefined {
  return [conversation, ...profiles].find((p) => isInArea(p, postcode));
}

/**
 * Who a referral belongs to, by the specs' rules: eligibility is by GP registration, not address. A patient of a
 * service's practice is that service's wherever they live (seed 001: "registered with a Wandsworth GP… resident
 * outside… the Provider remains responsible"); an unregistered person living in an area whose service accepts them is
 * that service's (seed 003 §5.1.2); a patient of a practice outside every profile goes to their own GP's local services
 * (seed 003 §5.1.3). When the practice is not known, the postcode decides as before and the team checks the practice.
 */
export function decideEligibility(
  registration: Registration,
  postcode: string,
  conversation: ServiceProfile,
  profiles: ServiceProfile[],
): Eligibility {
  if (registration.kind === 'practice') {
    const service = registration.practice.service;
    if (isInArea(service, postcode)) return { outcome: 'accepted', service, basis: 'registered' };
    return service.eligibility.outOfAreaRegistered === 'accepted'
      ? { outcome: 'accepted', service, basis: 'registered_out_of_area' }
      : { outcome: 'own_gp' };
  }
  if (registration.kind === 'unknown') return { outcome: 'own_gp' };
  const local = serviceByPostcode(postcode, conversation, profiles);
  if (registration.kind === 'dont_know') {
    return local ? { outcome: 'accepted', service: local, basis: 'postcode_gp_unknown' } : { outcome: 'out_of_area' };
  }
  return local?.eligibility.unregisteredResidents === 'accepted'
    ? { outcome: 'accepted', service: local, basis: 'unregistered_resident' }
    : { outcome: 'register_with_gp' };
}
