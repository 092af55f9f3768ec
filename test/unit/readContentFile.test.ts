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

/** The parsed YAML is also kept as JSON between processes (each test file and each start has modules of its own). */
describe('readContentFile between processes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'front-door-content-'));
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'front-door-content-cache-'));
  const schema = z.object({ words: z.array(z.string()), nested: z.object({ n: z.number() }) });
  const saved = { content: process.env.CONTENT_DIR, cache: process.env.CONTENT_CACHE_DIR };

  /** readContentFile as a new process has it: a fresh module, with nothing parsed in memory. */
  async function freshReader(): Promise<typeof import('../../src/content/readContentFile').readContentFile> {
    process.env.CONTENT_DIR = dir;
    process.env.CONTENT_CACHE_DIR = cacheDir;
    let read: typeof import('../../src/content/readContentFile').readContentFile | undefined;
    await jest.isolateModulesAsync(async () => {
      ({ readContentFile: read } = await import('../../src/content/readContentFile'));
    });
    return read!;
  }
  const kept = () => fs.readdirSync(cacheDir).filter((name) => name.endsWith('.json'));
  const restore = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };

  beforeEach(() => {
    for (const name of fs.readdirSync(cacheDir)) rmSync(path.join(cacheDir, name));
  });
  afterAll(() => {
    restore('CONTENT_DIR', saved.content);
    restore('CONTENT_CACHE_DIR', saved.cache);
    rmSync(dir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('keeps what it parsed, and a new process reads that instead of parsing the YAML', async () => {
    writeFileSync(path.join(dir, 'kept.yaml'), 'words: [a, b]\nnested: { n: 1 }\n');
    expect((await freshReader())('kept.yaml', schema)).toEqual({ words: ['a', 'b'], nested: { n: 1 } });
    expect(kept()).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(path.join(cacheDir, kept()[0]), 'utf8'))).toEqual({
      words: ['a', 'b'],
      nested: { n: 1 },
    });

    // Only a kept copy that is read would give these words.
    writeFileSync(path.join(cacheDir, kept()[0]), JSON.stringify({ words: ['kept'], nested: { n: 1 } }));
    expect((await freshReader())('kept.yaml', schema).words).toEqual(['kept']);
  });

  it('parses a changed file afresh', async () => {
    writeFileSync(path.join(dir, 'edited.yaml'), 'words: [a]\nnested: { n: 2 }\n');
    await freshReader().then((read) => read('edited.yaml', schema));
    writeFileSync(path.join(cacheDir, kept()[0]), JSON.stringify({ words: ['stale'], nested: { n: 2 } }));

    writeFileSync(path.join(dir, 'edited.yaml'), 'words: [a, edited]\nnested: { n: 2 }\n');
    expect((await freshReader())('edited.yaml', schema).words).toEqual(['a', 'edited']);
    expect(kept()).toHaveLength(2);
  });

  it('parses the YAML again when the kept copy is not JSON, and keeps it afresh', async () => {
    writeFileSync(path.join(dir, 'broken.yaml'), 'words: [a]\nnested: { n: 3 }\n');
    await freshReader().then((read) => read('broken.yaml', schema));
    const [copy] = kept();
    writeFileSync(path.join(cacheDir, copy), '{"words": [');

    expect((await freshReader())('broken.yaml', schema)).toEqual({ words: ['a'], nested: { n: 3 } });
    expect(JSON.parse(fs.readFileSync(path.join(cacheDir, copy), 'utf8'))).toEqual({ words: ['a'], nested: { n: 3 } });
  });

  it('does not keep what JSON would change (infinity, -0): such a file is parsed every time', async () => {
    writeFileSync(path.join(dir, 'odd.yaml'), 'n: .inf\nzero: -0\n');
    const odd = z.object({ n: z.unknown(), zero: z.number() });
    const read = await freshReader();
    expect(read('odd.yaml', odd).n).toBe(Infinity);
    expect(Object.is(read('odd.yaml', odd).zero, -0)).toBe(true);
    expect(kept()).toHaveLength(0);
  });
});
