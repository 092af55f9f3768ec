import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { EmbeddedStore } from '../../src/store/embeddedStore';
import { freePort } from '../../src/store/freePort';
import { messageActivity, postJson } from '../support/activities';
import { ROOT, errorLines, startFrontDoor, waitForOutput } from '../support/processes';

function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

describe('npm start with zero configuration', () => {
  it('starts on the embedded store, answers, stops cleanly and keeps its data for the next start', async () => {
    const dataDir = tempDir('front-door-e2e-');
    const port = await freePort();
    const first = startFrontDoor({ DATA_DIR: dataDir, PORT: String(port) });
    await waitForOutput(first, /Front Door is running at http:\/\/localhost:\d+ \(store: embedded store/);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const activity = messageActivity('hello');
    const reply = await postJson(`http://127.0.0.1:${port}/api/messages`, activity);
    expect(reply.body.activities[0].text).toMatch(/emergency, call 999/);
    await new Promise((r) => setTimeout(r, 200)); // the transcript logger writes after the reply
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    // The data directory now holds what the first run wrote; a new store process on it must see it.
    const store = await EmbeddedStore.start({ dataDir });
    const client = await new mongoose.mongo.MongoClient(store.uri).connect();
    try {
      const db = client.db('frontdoor');
      expect(
        await db.collection('transcript_activities').countDocuments({ conversationId: activity.conversation.id }),
      ).toBe(1 + reply.body.activities.length);
      expect(
        await db.collection('bot_state').countDocuments({ _id: { $regex: activity.conversation.id } } as never),
      ).toBe(1);
    } finally {
      await client.close();
      await store.stop();
    }

    const second = startFrontDoor({ DATA_DIR: dataDir, PORT: String(port) });
    await waitForOutput(second, /Front Door is running/);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });
});

describe('npm start with MONGODB_URI', () => {
  it('uses the given server instead of starting its own', async () => {
    const port = await freePort();
    const uri = process.env.TEST_MONGODB_URI!;
    const started = startFrontDoor({ MONGODB_URI: uri, MONGODB_DB: 'e2e_uri', PORT: String(port) });
    await waitForOutput(started, new RegExp(`store: ${uri.replace(/[/.]/g, '\\$&')}`));
    const reply = await postJson(`http://127.0.0.1:${port}/api/messages`, messageActivity('hello'));
    expect(reply.status).toBe(200);
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    const client = await new mongoose.mongo.MongoClient(uri).connect();
    try {
      expect(await client.db('e2e_uri').collection('bot_state').countDocuments()).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });
});

describe('npm start explains what to do in one line', () => {
  it.each([
    ['bad configuration', { PORT: 'eighty' }, /^front-door: Configuration error: PORT must be a whole number/],
    [
      'an unreachable MONGODB_URI',
      { MONGODB_URI: 'mongodb://127.0.0.1:1/', MONGODB_CONNECT_TIMEOUT_MS: '500' },
      /^front-door: Cannot reach MongoDB at mongodb:\/\/127\.0\.0\.1:1\/ within 500 ms .*unset MONGODB_URI/,
    ],
    [
      'a missing embedded store build',
      { EMBEDDED_STORE_BINARY: '/nonexistent/embedded-mongo' },
      /^front-door: The embedded store is not built .*Install Go >= 1\.24 .*set MONGODB_URI/,
    ],
  ])('for %s', async (_what, env, message) => {
    const started = startFrontDoor({ DATA_DIR: tempDir('front-door-bad-'), PORT: '0', ...env });
    expect(await started.exited).toBe(2);
    const lines = errorLines(started);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});

describe('building the embedded store', () => {
  it('says how to fix a missing Go toolchain without failing the install', () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-embedded-store.js')], {
      env: { PATH: '/nonexistent', EMBEDDED_STORE_CACHE_DIR: tempDir('fd-cache-') },
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(
      /no Go toolchain was found\. Install Go >= 1\.24 .*npm run build:store.*or set MONGODB_URI/,
    );
  });
});
