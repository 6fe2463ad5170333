import type pg from 'pg';

/** Returned by `work` to roll back instead of committing (the transaction's outcome is the caller's choice). */
export const ROLL_BACK = Symbol('roll back');

/**
 * Runs `work` in a transaction on a client of its own: COMMIT when it returns, ROLLBACK when it
 * throws or returns ROLL_BACK. A checked-out pg client has no pool error listener, so a
 * connection reset would emit 'error' with no listener and kill the process; it is caught here,
 * and a client whose connection broke (or whose rollback failed) is destroyed, not reused.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (tx: pg.PoolClient) => Promise<T | typeof ROLL_BACK>): Promise<T | typeof ROLL_BACK> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onConnectionError = (error: Error) => (broken = error);
  client.on('error', onConnectionError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query(result === ROLL_BACK ? 'ROLLBACK' : 'COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.removeListener('error', onConnectionError);
    client.release(broken);
  }
}
