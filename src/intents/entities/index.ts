import { findPhoneNumber, findPostcode } from './contact';
import { findDateOfBirth, findDateTime, type FoundDateTime } from './dates';
import { findNhsNumber } from './nhsNumber';
import { findObservations, type Observations } from './observations';
import { digitsFromSpeech } from './spokenDigits';

export type { FoundDateTime } from './dates';
export type { Observations } from './observations';

/** What a message says that the conversation can use; only what was found is present. */
export interface Entities {
  /** Ten digits, check digit valid. */
  nhsNumber?: string;
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
  dateTime?: FoundDateTime;
  /** UK national format, digits only ("07700900123"). */
  phoneNumber?: string;
  /** Upper case with one space ("SW17 0QT"). */
  postcode?: string;
  observations?: Observations;
}

/**
 * Every entity in a message, reading spoken digits ("nine four three…", "double nine") as figures. A date and time is
 * read only when something asks for it (`npm run classify` does; no dialog does yet): chrono is the costliest part of
 * understanding a message, and most messages hold a word that might start a date.
 */
export function extractEntities(text: string, now: Date): Entities {
  const spoken = digitsFromSpeech(text);
  const entities: Entities = {
    nhsNumber: findNhsNumber(spoken),
    dateOfBirth: findDateOfBirth(text, now),
    phoneNumber: findPhoneNumber(spoken),
    postcode: findPostcode(text),
    observations: findObservations(text),
  };
  // An NHS number is never also a phone number, whichever pattern saw it first.
  if (entities.nhsNumber && entities.phoneNumber?.includes(entities.nhsNumber)) delete entities.phoneNumber;
  for (const key of Object.keys(entities) as (keyof Entities)[]) if (entities[key] === undefined) delete entities[key];
  let dateTime: { found?: FoundDateTime } | undefined;
  Object.defineProperty(entities, 'dateTime', {
    enumerable: true,
    get: () => (dateTime ??= { found: findDateTime(text, now) }).found,
  });
  return entities;
}
