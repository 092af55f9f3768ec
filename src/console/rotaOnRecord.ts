import type { RosterWrite } from '../record/ports';

/** What became of a saved rota on the record's roster, as the console reports it. */
export type RotaOnRecord = RosterWrite | 'no_record' | 'not_updated';

/**
 * What the coordinator is told after saving: nothing more where the record keeps no roster (demo), and otherwise
 * whether the record's duty roster now says the same. A roster that could not be written is a problem to see, though
 * the save stands: urgent calls follow the saved rota until the record has it.
 */
export function rotaOnRecordNote(outcome: RotaOnRecord): { problem: boolean; text: string } {
  switch (outcome) {
    case 'no_record':
      return { problem: false, text: '' };
    case 'updated':
      return { problem: false, text: "The record system's duty roster now says the same." };
    case 'newer_on_record':
      return {
        problem: false,
        text: "The record system's duty roster already has a later version of this rota, so it was left as it is.",
      };
    case 'not_updated':
      return {
        problem: true,
        text:
          "The record system's duty roster could not be updated. Urgent calls follow this saved rota until it is; " +
          'save the rota again to retry, and tell the record system team if it keeps failing.',
      };
  }
}
