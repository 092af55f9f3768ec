import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedStore } from '../../src/store/embeddedStore';

declare global {
  var __EMBEDDED_STORE__: EmbeddedStore | undefined;
}

/** Starts one real embedded store for the whole run unless TEST_MONGODB_URI points at another server. */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_MONGODB_URI) return;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'front-door-test-'));
  const store = await EmbeddedStore.start({ dataDir });
  globalThis.__EMBEDDED_STORE__ = store;
  process.env.TEST_MONGODB_URI = store.uri;
}
