import { existsSync, readFileSync } from 'node:fs';
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

/** Reads a YAML file under content/ and validates it, so bad content stops start-up with a precise message. */
export function readContentFile<S extends z.ZodType>(relativePath: string, schema: S): z.infer<S> {
  const full = path.join(CONTENT_DIR, relativePath);
  let raw: unknown;
  try {
    raw = parse(readFileSync(full, 'utf8'));
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
