import type { ServiceProfile } from '../../content/services';
import type { DutyRoute } from '../../dialogs/dialogDeps';
import { Rota, type RostedClinician } from './rota';

/**
 * Each service's duty rota: urgent cases go to the rota of the service the contact belongs to. The default service's
 * is the rota the app was started with (ROTA_FILE, edited in the console and kept in the store); the others are their
 * profiles' rota files, loaded and checked at start-up.
 */
export class ServiceRotas implements DutyRoute {
  private readonly rotas = new Map<string, Rota>();
  private readonly defaultId: string;

  constructor(profiles: ServiceProfile[], defaultRota: Rota) {
    const byDefault = profiles.find((p) => p.default) ?? profiles[0];
    this.defaultId = byDefault.id;
    for (const profile of profiles) {
      this.rotas.set(profile.id, profile.default ? defaultRota : Rota.fromContent(profile.rota));
    }
  }

  /** The service's rota; the default service's for an unknown or absent id (items made before profiles). */
  rotaFor(service?: string): Rota {
    return this.rotas.get(service ?? this.defaultId) ?? this.rotas.get(this.defaultId)!;
  }

  onDuty(at: Date, service?: string): Promise<RostedClinician[]> {
    return this.rotaFor(service).onDuty(at);
  }

  /** Store-free, for the fail-safe paths. */
  onDutySync(at: Date, service?: string): RostedClinician[] {
    return this.rotaFor(service).onDutySync(at);
  }
}
