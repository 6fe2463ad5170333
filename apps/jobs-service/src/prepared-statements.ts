import type pg from 'pg';

/**
 * Distinct statement texts that get a server-side prepared statement. The service's statements are
 * fixed texts (batches go through unnest/jsonb arrays, not through generated IN lists), so they fit
 * well under this; the cap bounds each connection's prepared statements should a future query be
 * generated per call, which then simply stays unnamed.
 */
export const MAX_PREPARED_TEXTS = 500;

type Query = pg.PoolClient['query'];

/**
 * Makes every parameterised query of the pool's connections a named (server-prepared) statement:
 * Postgres then parses and plans a statement once per connection instead of on every call, which
 * is most of its CPU per request on the short statements of a command (the pgbench baseline runs
 * prepared for the same reason). Same text, same name, so pg's per-connection cache reuses it.
 *
 * Not for the embedded PGlite: it serves every pool connection from one backend, where a name one
 * connection prepared collides with the next connection's Parse.
 */
export function prepareStatementsOf(pool: pg.Pool): void {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known !== undefined || names.size >= MAX_PREPARED_TEXTS) return known;
    const name = `svc_${names.size + 1}`;
    names.set(text, name);
    return name;
  };
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const [text, values, callback] = args;
      const name = typeof text === 'string' && Array.isArray(values) && values.length > 0 ? nameOf(text) : undefined;
      if (name === undefined) return query(...args);
      return callback === undefined ? query({ name, text, values }) : query({ name, text, values }, callback);
    }) as Query;
  });
}
