/**
 * The DataSource the TypeORM CLI uses (`npm run migration:run|revert|show`): the database from
 * DATABASE_URL, or the embedded one when it is unset, built by the same function as the app's.
 * Migrations are hand-written SQL, so the CLI needs them and no entities.
 */
import 'reflect-metadata';

import { loadConfig } from './src/config/app-config.js';
import { createDataSource } from './src/database/data-source.js';
import { MIGRATIONS } from './src/migrations/index.js';

const config = loadConfig();

// The CLI applies migrations itself (under the same lock as the service), so initializing the
// DataSource must not; and it waits for them as long as they take.
export default await createDataSource(
  { ...config.database, migrationsRun: false },
  { entities: [], migrations: MIGRATIONS },
  { timeouts: false },
);
