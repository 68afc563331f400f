-- The first $limit rows of one model table as shown to viewers (what the Data page draws; its
-- download has them all, from data/table). $table is checked against the contract's resource names.
FROM query_table($table::VARCHAR)
LIMIT $limit::INTEGER
