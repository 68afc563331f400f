-- One model table as shown to viewers (the marking ceiling already applied).
-- $table is checked against the contract's resource names before it gets here.
FROM query_table($table::VARCHAR)
