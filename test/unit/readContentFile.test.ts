import fs, { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** readContentFile keeps each file's parsed YAML while the file is unchanged, and hands every reader its own copy. */
describe('readContentFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'front-door-content-'));
  const schema = z.object({ words: z.array(z.string()), nested: z.object({ n: z.number() }) });
  let read: typeof import('../../src/content/readContentFile').readContentFile;
  const saved = process.env.CONTENT_DIR;

  beforeAll(async () => {
    // CONTENT_DIR is read when the module loads: a fresh copy of it, on a folder of this test's own.
    process.env.CONTENT_DIR = dir;
    await jest.isolateModulesAsync(async () => {
      ({ readContentFile: read } = await import('../../src/content/readContentFile'));
    });
  });
  afterAll(() => {
    process.env.CONTENT_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses an unchanged file once, however many loaders read it', () => {
    writeFileSync(path.join(dir, 'once.yaml'), 'words: [a, b]\nnested: { n: 1 }\n');
    const reads = jest.spyOn(fs, 'readFileSync');
    try {
      expect(read('once.yaml', schema)).toEqual({ words: ['a', 'b'], nested: { n: 1 } });
      expect(read('once.yaml', schema)).toEqual({ words: ['a', 'b'], nested: { n: 1 } });
      expect(reads.mock.calls.filter(([file]) => String(file).endsWith('once.yaml'))).toHaveLength(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('gives each reader its own copy: a change one makes is not seen by the next', () => {
    writeFileSync(path.join(dir, 'copy.yaml'), 'words: [a]\nnested: { n: 2 }\n');
    const first = read('copy.yaml', z.object({ words: z.array(z.string()), nested: z.unknown() }));
    first.words.push('changed');
    (first.nested as { n: number }).n = 99;
    expect(read('copy.yaml', schema)).toEqual({ words: ['a'], nested: { n: 2 } });
  });

  it('reads a file again once it has changed', () => {
    const file = path.join(dir, 'changed.yaml');
    writeFileSync(file, 'words: [a]\nnested: { n: 3 }\n');
    expect(read('changed.yaml', schema).words).toEqual(['a']);
    writeFileSync(file, 'words: [a, longer]\nnested: { n: 3 }\n');
    expect(read('changed.yaml', schema).words).toEqual(['a', 'longer']);
  });
});
