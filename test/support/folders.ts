/** Temporary folders for the embedded database, reachable by the server's user. */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A path for an embedded database folder (not created: the service creates it) inside a new
 * temporary folder. As root the server runs as the user postgres, which must be able to pass
 * through that folder; `remove` deletes both.
 */
export function embeddedFolder(prefix = 'quota-embedded-'): { dir: string; remove(): void } {
  const parent = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(parent, 0o711);
  return { dir: join(parent, 'db'), remove: () => rmSync(parent, { recursive: true, force: true }) };
}
