/**
 * The access log's size on disk on PostgreSQL, tables and indexes of every partition, its member index included:
 * one access-log row costs its own row and its member-index row.
 */
export const PG_LOG_BYTES = `select sum(pg_total_relation_size(relid)) as bytes from (
  select relid from pg_partition_tree('access_log') union all select relid from pg_partition_tree('access_log_member')
) parts`;
