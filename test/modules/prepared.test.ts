/** db/prepared.ts (issue 25): one statement per SQL text inside the scope, in its default mode; a busy one never shared. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementsPreparedOnce } from '../../src/db/prepared.js';

describe('withStatementsPreparedOnce', () => {
  it('hands back the same statement, its mode reset; prepares anew while one is iterated; puts prepare back', () => {
    const db = new Database(':memory:');
    db.exec('create table t (a int, b int); insert into t values (1, 2), (3, 4)');
    const own = db.prepare;
    withStatementsPreparedOnce(db, () => {
      const s1 = db.prepare('select a, b from t order by a');
      expect(s1.pluck().all()).toEqual([1, 3]);
      const s2 = db.prepare('select a, b from t order by a');
      expect(s2).toBe(s1);
      expect(s2.all()).toEqual([
        { a: 1, b: 2 },
        { a: 3, b: 4 },
      ]);
      const it1 = s2.iterate();
      it1.next();
      const s3 = db.prepare('select a, b from t order by a');
      expect(s3).not.toBe(s1);
      expect(s3.raw().all()).toEqual([
        [1, 2],
        [3, 4],
      ]);
      it1.return?.();
    });
    expect(db.prepare).toBe(own);
    db.close();
  });
});
