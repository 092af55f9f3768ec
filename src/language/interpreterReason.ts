/** The queue item's reason says what the hub must arrange: "interpreter needed: Polish". */
export function interpreterReason(languageName: string): string {
  return `interpreter needed: ${languageName}`;
}

/** A reason with the interpreter the conversation's language needs, once ("urgent …; interpreter needed: Urdu"). */
export function withInterpreter(reason: string, languageName: string | undefined): string {
  if (!languageName || reason.includes('interpreter needed:')) return reason;
  return `${reason}; ${interpreterReason(languageName)}`;
}
