import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
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
  const raw = parseText(readFileSync(full, 'utf8'));
  parsed.set(full, { mtimeMs, size, raw });
  return structuredClone(raw);
}

/**
 * Parsed YAML kept as JSON between processes, named by a hash of the file's text and the YAML parser's version, so a
 * changed file or parser is parsed afresh. Every start of Front Door and every test file (each has its own modules)
 * parsed the same content again: about a second of CPU, where JSON.parse of the same data takes milliseconds.
 * Overridable so tests can look inside; deleting it costs only the next start's parsing.
 */
const PARSED_DIR = process.env.CONTENT_CACHE_DIR ?? path.join(PROJECT_ROOT, '.cache', 'content');
const YAML_VERSION = installedVersion('yaml');

/** The version of an installed package, for keys of what is kept between starts; "unknown" if it cannot be read. */
export function installedVersion(name: string): string {
  try {
    const file = path.join(PROJECT_ROOT, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function parseText(text: string): unknown {
  const key = createHash('sha256').update(YAML_VERSION).update('\0').update(text).digest('hex');
  const cached = path.join(PARSED_DIR, `${key}.json`);
  try {
    return JSON.parse(readFileSync(cached, 'utf8')) as unknown;
  } catch {
    // Not kept yet (or not readable): parse the YAML.
  }
  const raw: unknown = parse(text);
  if (jsonHoldsExactly(raw)) {
    try {
      mkdirSync(PARSED_DIR, { recursive: true });
      // Written aside and renamed, so another process reading it at the same moment never sees half a file.
      writeFileSync(`${cached}.${process.pid}.tmp`, JSON.stringify(raw));
      renameSync(`${cached}.${process.pid}.tmp`, cached);
    } catch {
      // A read-only install parses at every start, as before.
    }
  }
  return raw;
}

/** JSON gives back exactly this value: plain objects, arrays, strings, booleans, null and finite numbers only. */
function jsonHoldsExactly(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every((v, i) => i in value && jsonHoldsExactly(v));
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && Object.values(value).every(jsonHoldsExactly);
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
