import { createInterface } from 'node:readline';
import { createUnderstander } from '../src/intents';

/**
 * One utterance per line in, one JSON object per line out, through createUnderstander: the same code path the bot
 * runs, so what this prints is what a caller would get.
 */
async function main(): Promise<void> {
  const understander = createUnderstander();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const u = understander.understand(line);
    const row = {
      text: u.text,
      intent: u.intent,
      confidence: u.confidence,
      disposition: u.disposition,
      redFlags: u.redFlags.map((f) => f.id),
      entities: u.entities,
    };
    process.stdout.write(`${JSON.stringify(row)}\n`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
