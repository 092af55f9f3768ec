import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { ROOT } from './servers';

const overridesSchema = z.object({
  targets: z.record(z.string(), z.object({ followUpMinutes: z.number().int().min(1) })),
});

/**
 * A copy of content/ for the bench's Front Door instances (their CONTENT_DIR), with the hub follow-up targets of
 * bench/response-targets.yaml laid over content/triage/response-targets.yaml. Every other field and file is the
 * product's own, so the bench runs the product with only that one number shortened. Returns the folder and the
 * shortened targets (disposition → minutes).
 */
export function benchContentDir(): { dir: string; followUpMinutes: Record<string, number> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'front-door-bench-content-'));
  cpSync(path.join(ROOT, 'content'), dir, { recursive: true });
  const overrides = overridesSchema.parse(
    parse(readFileSync(path.join(ROOT, 'bench', 'response-targets.yaml'), 'utf8')),
  );
  const file = path.join(dir, 'triage', 'response-targets.yaml');
  const targets = parse(readFileSync(file, 'utf8')) as { targets: Record<string, Record<string, unknown>> };
  const followUpMinutes: Record<string, number> = {};
  for (const [disposition, { followUpMinutes: minutes }] of Object.entries(overrides.targets)) {
    if (!targets.targets[disposition]) throw new Error(`bench/response-targets.yaml: no target "${disposition}"`);
    targets.targets[disposition].followUpMinutes = minutes;
    followUpMinutes[disposition] = minutes;
  }
  writeFileSync(file, stringify(targets));
  return { dir, followUpMinutes };
}
