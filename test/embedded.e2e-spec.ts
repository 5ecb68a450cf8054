/** The embedded database (no DATABASE_URL): what `npm start` uses on a fresh machine. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import request from 'supertest';

import { User } from '../src/users/user.entity.js';
import { createTestApp } from './support/test-app.js';
import type { TestDatabase } from './support/test-database.js';

describe('embedded database', () => {
  let dir: string;
  let embedded: TestDatabase;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'quota-embedded-'));
    embedded = { env: { EMBEDDED_DB_DIR: dir }, drop: async () => undefined };
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers /readyz and keeps its data across a restart in the same folder', async () => {
    const first = await createTestApp(embedded);
    try {
      await request(first.http).get('/readyz').expect(200);
      await first.dataSource.getRepository(User).save({ email: 'kept@example.com', authSource: 'github' });
    } finally {
      await first.close();
    }

    const second = await createTestApp(embedded);
    try {
      await request(second.http).get('/readyz').expect(200);
      const kept = await second.dataSource.getRepository(User).findOneByOrFail({ email: 'kept@example.com' });
      expect(kept).toMatchObject({ authSource: 'github', role: 'user' });
    } finally {
      await second.close();
    }
  });

  it('refuses to open a folder another instance is holding, saying which process holds it', async () => {
    const holder = await createTestApp(embedded);
    try {
      await expect(createTestApp(embedded)).rejects.toThrow(`is in use by process ${process.pid}`);
      await request(holder.http).get('/readyz').expect(200);
    } finally {
      await holder.close();
    }
  });
});
