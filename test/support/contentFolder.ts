import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Runs a content loader on a content folder of its own, holding `file` (relative to content/) as `yaml` says. The
 * loader is imported afresh by `importLoader`, inside the isolation: CONTENT_DIR is read when the content reader is
 * first imported.
 */
export async function loadContentFrom<T>(file: string, yaml: string, importLoader: () => Promise<() => T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'front-door-content-'));
  const before = process.env.CONTENT_DIR;
  try {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), yaml);
    process.env.CONTENT_DIR = dir;
    let load: (() => T) | undefined;
    await jest.isolateModulesAsync(async () => {
      load = await importLoader();
    });
    return load!();
  } finally {
    if (before === undefined) delete process.env.CONTENT_DIR;
    else process.env.CONTENT_DIR = before;
    rmSync(dir, { recursive: true, force: true });
  }
}
