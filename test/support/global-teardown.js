/** Stops the embedded server global-setup.js started, and removes its folder. */
import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const embedded = globalThis.embeddedTestServer;
  if (!embedded) return;
  await embedded.server.release();
  rmSync(embedded.folder, { recursive: true, force: true });
}
