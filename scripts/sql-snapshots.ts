/** Writes the hot-path statements as the code renders them into src/billing/sql/, for review. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { RENDERED_SQL, snapshotText } from '../src/billing/billing.sql.js';

for (const [file, sql] of Object.entries(RENDERED_SQL)) {
  writeFileSync(join('src', 'billing', 'sql', file), snapshotText(sql));
  console.log(`wrote src/billing/sql/${file}`);
}
