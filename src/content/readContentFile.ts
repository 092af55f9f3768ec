import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** The project root: the nearest folder above this file with a package.json (the same from src/ under tsx and from dist/). */
export const PROJECT_ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

/** Root of the content folder; overridable so tests can load fixtures. */
export const CONTENT_DIR = process.env.CONTENT_DIR ?? path.join(PROJECT_ROOT, 'content');

/** Thrown when a content file is missing or does not match its schema; names the file and the field. */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`content/${file}: ${detail}`);
    this.name = 'ContentError';
  }
}

/**
 * Parsed YAML by file, while the file's modification time and size stay the same. A start of Front Door reads 84
 * content files 129 times (the red-flag lexicon and rules by several loaders), and YAML parsing was a quarter of a
 * start's CPU; tests start the app many times in one process. Each reader gets its own copy.
 */
const parsed = new Map<string, { mtimeMs: number; size: number; raw: unknown }>();

function parseYaml(full: string): unknown {
  const { mtimeMs, size } = statSync(full);
  const known = parsed.get(full);
  if (known && known.mtimeMs === mtimeMs && known.size === size) return structuredClone(known.raw);
  const raw: unknown = parse(readFileSync(full, 'utf8'));
  parsed.set(full, { mtimeMs, size, raw });
  return structuredClone(raw);
}

/** Reads a YAML file under content/ and validates it, so bad content stops start-up with a precise message. */
export function readContentFile<S extends z.ZodType>(relativePath: string, schema: S): z.infer<S> {
  const full = path.join(CONTENT_DIR, relativePath);
  let raw: unknown;
  try {
    raw = parseYaml(full);
  } catch (err) {
    throw new ContentError(relativePath, (err as Error).message);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ContentError(relativePath, `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}

/** Review metadata every clinical content file carries (who signed it off, when it is due for review). */
export const reviewSchema = z.object({
  owner: z.string().min(1),
  approvedBy: z.string().min(1),
  approvedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  reviewDue: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
