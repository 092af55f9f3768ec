import type { ServiceProfile } from '../../content/services';
import type { DutyRoute } from '../../dialogs/dialogDeps';
import { namedFirst, type NamedClinician } from '../../hub/namedClinician';
import { Rota, type RostedClinician } from './rota';

/**
 * Each service's duty rota: urgent cases go to the rota of the service the contact belongs to. The default service's
 * is the rota the app was started with (ROTA_FILE, edited in the console and kept in the store); the others are their
 * profiles' rota files, loaded and checked at start-up.
 */
export class ServiceRotas implements DutyRoute {
  private readonly rotas = new Map<string, Rota>();
  private readonly defaultId: string;
  private readonly namedFirst = new Set<string>();

  constructor(profiles: ServiceProfile[], defaultRota: Rota) {
    const byDefault = profiles.find((p) => p.default) ?? profiles[0];
    this.defaultId = byDefault.id;
    for (const profile of profiles) {
      this.rotas.set(profile.id, profile.default ? defaultRota : Rota.fromContent(profile.rota));
      if (profile.functions.urgentResponse.namedClinicianFirst) this.namedFirst.add(profile.id);
    }
  }

  /** The service's rota; the default service's for an unknown or absent id (items made before profiles). */
  rotaFor(service?: string): Rota {
    return this.rotas.get(service ?? this.defaultId) ?? this.rotas.get(this.defaultId)!;
  }

  /** On duty now in fallback order; the patient's named clinician first where the service asks for it and they are on. */
  async onDuty(at: Date, service?: string, named?: NamedClinician): Promise<RostedClinician[]> {
    return namedFirst(
      await this.rotaFor(service).onDuty(at),
      this.namedFirst.has(this.idOf(service)) ? named : undefined,
    );
  }

  /** Store-free, for the fail-safe paths. */
  onDutySync(at: Date, service?: string, named?: NamedClinician): RostedClinician[] {
    return namedFirst(
      this.rotaFor(service).onDutySync(at),
      this.namedFirst.has(this.idOf(service)) ? named : undefined,
    );
  }

  /** Whether the service's urgent response goes to a patient's named clinician first (its profile says). */
  asksForNamedClinician(service?: string): boolean {
    return this.namedFirst.has(this.idOf(service));
  }

  private idOf(service?: string): string {
    return service && this.rotas.has(service) ? service : this.defaultId;
  }
}
