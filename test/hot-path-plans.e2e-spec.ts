/**
 * The hot path's statements run on generic plans, made once per connection and possibly while a
 * table is still empty (a new installation). Planned on empty tables, with the hot path's own
 * connection settings, every statement must still look its rows up by key: a plan that reads a
 * whole table, or a whole range of an index, would slow down as the table grows.
 */
import pg from 'pg';

import { withSessionSettings } from '../src/billing/billing-store.js';
import { RENDERED_SQL } from '../src/billing/billing.sql.js';
import { useTestApp } from './support/test-app.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

/**
 * The scans in a plan that do not look rows up by key: a sequential scan, or an index scan
 * without an equality among its index conditions (all of an index, or a range of it).
 */
function unkeyedReads(node: PlanNode, found: string[] = []): string[] {
  const type = node['Node Type'];
  if (type === 'Seq Scan') found.push(`Seq Scan on ${node['Relation Name']}`);
  if (/^(Index|Index Only|Bitmap Index) Scan$/.test(type) && !/[^<>!]= /.test(node['Index Cond'] ?? '')) {
    found.push(`${type} on ${node['Index Name']} (${node['Index Cond'] ?? 'all of it'})`);
  }
  for (const child of node.Plans ?? []) unkeyedReads(child, found);
  return found;
}

/** The cleanup of old holds reads them by a range of expiry, by design. */
const RANGE_READS: Record<string, number> = { 'hold-sweep.sql': 2 };

describe('hot-path plans on empty tables', () => {
  const t = useTestApp();

  beforeAll(async () => {
    // As a new installation has them: empty, and analyzed as such.
    await t.dataSource.query('VACUUM ANALYZE users, quota_holds, quota_charges, user_platform_quotas');
  });

  it.each(Object.keys(RENDERED_SQL))('%s looks its rows up by key', async (file) => {
    const client = new pg.Client({ connectionString: withSessionSettings(t.db.url, 10_000) });
    await client.connect();
    const sql = RENDERED_SQL[file];
    const count = Math.max(...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    const name = `plan_${file.replace(/\W/g, '_')}`;
    await client.query(`PREPARE ${name} AS ${sql}`);
    try {
      const args = Array(count).fill('NULL').join(', ');
      const { rows } = await client.query(`EXPLAIN (FORMAT JSON) EXECUTE ${name}(${args})`);
      const plan = rows[0]['QUERY PLAN'][0].Plan as PlanNode;
      const reads = unkeyedReads(plan);
      if (RANGE_READS[file]) {
        expect(reads).toHaveLength(RANGE_READS[file]);
        expect(reads.every((read) => read.includes('quota_holds_expires_at_idx'))).toBe(true);
      } else {
        expect(reads).toEqual([]);
      }
    } finally {
      await client.end();
    }
  });
});
