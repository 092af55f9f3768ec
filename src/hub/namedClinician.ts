/** A patient's named clinician (their key worker on the record): who to try first when they are on duty (seed 003). */
export interface NamedClinician {
  name: string;
  phone?: string;
}

const words = (name: string) => name.toLowerCase().replace(/\s+/g, ' ').trim();
const lastTen = (phone: string) => phone.replace(/\D/g, '').slice(-10);

/** Whether a rota clinician is the named one: the same name, or the rota phone the record gives for them. */
export function isNamedClinician(clinician: { name: string; phone: string }, named?: NamedClinician): boolean {
  if (!named) return false;
  if (words(clinician.name) === words(named.name)) return true;
  return Boolean(named.phone) && lastTen(clinician.phone) !== '' && lastTen(clinician.phone) === lastTen(named.phone!);
}

/**
 * The named clinician first when they are among those on duty, then the rota's order; unchanged when they are not on
 * this shift, so nobody off duty is rung.
 */
export function namedFirst<T extends { name: string; phone: string }>(onDuty: T[], named?: NamedClinician): T[] {
  const index = onDuty.findIndex((c) => isNamedClinician(c, named));
  if (index <= 0) return onDuty;
  return [onDuty[index], ...onDuty.slice(0, index), ...onDuty.slice(index + 1)];
}
