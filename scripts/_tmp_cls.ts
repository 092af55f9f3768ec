import { createInterface } from 'node:readline';
import { createUnderstander } from '../src/intents';
async function main() {
  const u0 = createUnderstander();
  for await (const line of createInterface({ input: process.stdin })) {
    const u = u0.understand(line);
    console.log(JSON.stringify({ t: line.slice(0, 60), i: u.intent, c: +u.confidence.toFixed(2), d: u.disposition, clin: u.clinical, rf: u.redFlags.map((f) => f.id), cur: u.findings.filter((f) => f.current).map((f) => (f as {id?:string}).id ?? '?') }));
  }
}
main();
