import { MAX_STATEMENTS, openSqlite } from './sqlite.js';

it('keeps a bounded number of prepared statements, however many distinct statements it runs', async () => {
  const driver = openSqlite(':memory:');
  try {
    await driver.execute('CREATE TABLE t (v TEXT)');
    // Every distinct $filter shape is a distinct SQL text: thousands of them must not each keep a statement.
    for (let i = 0; i < MAX_STATEMENTS * 3; i++) {
      expect(await driver.query(`SELECT ${i} AS n FROM t UNION ALL SELECT ${i}`)).toEqual([{ n: i }]);
    }
    expect(driver.preparedStatements).toBe(MAX_STATEMENTS);
    // A statement forgotten is prepared again when it comes back, and answers the same.
    expect(await driver.query('SELECT 0 AS n FROM t UNION ALL SELECT 0')).toEqual([{ n: 0 }]);
  } finally {
    await driver.close();
  }
});
