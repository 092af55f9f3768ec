export default async function globalTeardown(): Promise<void> {
  await Promise.all([globalThis.__EMBEDDED_STORE__?.stop(), globalThis.__FHIR_SERVER__?.stop()]);
}
