/**
 * The hot-path statements as they are rendered, against the snapshots in sql/: a change to the
 * SQL must come with its snapshot (`npm run sql:snapshots`), so that review shows it as SQL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { RENDERED_SQL, snapshotText } from './billing.sql.js';

const SNAPSHOTS = join('src', 'billing', 'sql');

describe('hot-path SQL snapshots', () => {
  it.each(Object.keys(RENDERED_SQL))('%s is the statement the code renders', (file) => {
    expect(snapshotText(RENDERED_SQL[file])).toBe(readFileSync(join(SNAPSHOTS, file), 'utf8'));
  });

  it('keeps no snapshot of a statement the code no longer renders', () => {
    expect(readdirSync(SNAPSHOTS).sort()).toEqual(Object.keys(RENDERED_SQL).sort());
  });
});
