import type pg from 'pg';
import type { ResourceTag } from '#jobs/domain';

/** The resource kinds of resource_tag_view, as their ARNs spell them. */
export type TaggedResourceType = 'job' | 'jobtemplate' | 'thinggroup';

/** Adds the tags, or replaces the value of a key the resource holds (its place stays). */
export async function upsertTags(tx: pg.PoolClient, type: TaggedResourceType, id: string, tags: readonly ResourceTag[] | undefined): Promise<void> {
  if (tags === undefined || tags.length === 0) return;
  await tx.query(
    `INSERT INTO resource_tag_view (resource_type, resource_id, tag_key, tag_value)
     SELECT $1, $2, t.key, t.value FROM jsonb_to_recordset($3::jsonb) AS t(key text, value text)
     ON CONFLICT (resource_type, resource_id, tag_key) DO UPDATE SET tag_value = EXCLUDED.tag_value`,
    [type, id, JSON.stringify(tags)],
  );
}

export async function deleteTags(tx: pg.PoolClient, type: TaggedResourceType, id: string, tagKeys: readonly string[]): Promise<void> {
  await tx.query(`DELETE FROM resource_tag_view WHERE resource_type = $1 AND resource_id = $2 AND tag_key = ANY($3::text[])`, [type, id, tagKeys]);
}

/** The resource is gone: so are its tags. */
export async function deleteAllTags(tx: pg.PoolClient, type: TaggedResourceType, id: string): Promise<void> {
  await tx.query(`DELETE FROM resource_tag_view WHERE resource_type = $1 AND resource_id = $2`, [type, id]);
}

/** The resource's tags in the order their keys were first set. */
export async function listTags(pool: pg.Pool, type: TaggedResourceType, id: string): Promise<ResourceTag[]> {
  const { rows } = await pool.query<{ tag_key: string; tag_value: string }>(
    `SELECT tag_key, tag_value FROM resource_tag_view WHERE resource_type = $1 AND resource_id = $2 ORDER BY seq`,
    [type, id],
  );
  return rows.map((row) => ({ key: row.tag_key, value: row.tag_value }));
}
