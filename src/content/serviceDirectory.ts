import { loadServiceProfiles, type ServiceProfile } from './services';

/** What is known about a contact that can say which service it is for; the first that names one decides. */
export interface ContactClues {
  /** The number called or texted (Twilio's `To`). */
  calledNumber?: string;
  /** The service id in the chat page's address (/s/<id>). */
  page?: string;
  /** The patient's GP practice, once known. */
  gpPractice?: string;
}

/** +44 form, so "020 7946 0500" and "+442079460500" are one number. */
function normalised(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  return digits.startsWith('0') ? `+44${digits.slice(1)}` : digits;
}

const practiceKey = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The commissioned services and which one a contact belongs to (README, "Services"). */
export class ServiceDirectory {
  readonly default: ServiceProfile;
  private readonly byNumber = new Map<string, ServiceProfile>();
  private readonly practices = new Map<string, ServiceProfile>();

  constructor(readonly profiles: ServiceProfile[] = loadServiceProfiles()) {
    this.default = profiles.find((p) => p.default) ?? profiles[0];
    for (const profile of profiles) {
      for (const n of profile.contactNumbers) this.byNumber.set(normalised(n), profile);
      for (const practice of profile.area.gpPractices) this.practices.set(practiceKey(practice), profile);
    }
  }

  byId(id: string | undefined): ServiceProfile | undefined {
    return id === undefined ? undefined : this.profiles.find((p) => p.id === id);
  }

  /** The profile for an id stored on a conversation or item; the default where none (items made before profiles). */
  profileOf(id: string | undefined): ServiceProfile {
    return this.byId(id) ?? this.default;
  }

  /** The service a GP practice is registered with; undefined for a practice no profile lists. */
  byPractice(practice: string): ServiceProfile | undefined {
    return this.practices.get(practiceKey(practice));
  }

  /**
   * The service a contact belongs to: the GP practice once known (eligibility is by registration, not by how the
   * person got in touch), else the number they called or texted, else the chat page's address, else the default.
   */
  forContact(clues: ContactClues): ServiceProfile {
    return (
      (clues.gpPractice ? this.byPractice(clues.gpPractice) : undefined) ??
      (clues.calledNumber ? this.byNumber.get(normalised(clues.calledNumber)) : undefined) ??
      this.byId(clues.page) ??
      this.default
    );
  }
}
