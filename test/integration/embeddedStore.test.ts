import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { EmbeddedStore, EmbeddedStoreError } from '../../src/store/embeddedStore';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'front-door-embedded-'));
}

describe('embedded store', () => {
  it('keeps what was written across a stop and start on the same data directory', async () => {
    const dataDir = tempDir();
    const first = await EmbeddedStore.start({ dataDir });
    const client1 = await new mongoose.mongo.MongoClient(first.uri).connect();
    await client1
      .db('persist')
      .collection('notes')
      .insertOne({ _id: 'n1' as never, body: 'still here' });
    await client1.close();
    await first.stop();

    const second = await EmbeddedStore.start({ dataDir });
    const client2 = await new mongoose.mongo.MongoClient(second.uri).connect();
    const found = await client2
      .db('persist')
      .collection('notes')
      .findOne({ _id: 'n1' as never });
    await client2.close();
    await second.stop();
    expect(found?.body).toBe('still here');
  });

  it('reports a store that dies instead of restarting it', async () => {
    const exits: Array<number | null> = [];
    const store = await EmbeddedStore.start({ dataDir: tempDir(), onUnexpectedExit: (code) => exits.push(code) });
    process.kill(store.pid!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    expect(exits).toHaveLength(1);
    const client = new mongoose.mongo.MongoClient(store.uri, { serverSelectionTimeoutMS: 300 });
    await expect(client.connect()).rejects.toThrow();
  });

  it('does not report an exit it asked for', async () => {
    const onUnexpectedExit = jest.fn();
    const store = await EmbeddedStore.start({ dataDir: tempDir(), onUnexpectedExit });
    await store.stop();
    expect(onUnexpectedExit).not.toHaveBeenCalled();
  });

  it('says how to fix a missing binary', async () => {
    await expect(EmbeddedStore.start({ dataDir: tempDir(), binary: '/nonexistent/embedded-mongo' })).rejects.toThrow(
      /Install Go >= 1\.24 .*or set MONGODB_URI/,
    );
    await expect(EmbeddedStore.start({ dataDir: tempDir(), binary: '/nonexistent/x' })).rejects.toBeInstanceOf(
      EmbeddedStoreError,
    );
  });

  it('fails clearly when its port is taken', async () => {
    const holder = await EmbeddedStore.start({ dataDir: tempDir() });
    try {
      await expect(EmbeddedStore.start({ dataDir: tempDir(), port: holder.port })).rejects.toThrow(
        /cannot listen|exited/,
      );
    } finally {
      await holder.stop();
    }
  });
});
