-- Rows the CSV reader could not parse, for the file just read: one per record, at its first bad cell
-- (the reader reports a row with 100 extra cells 100 times).
SELECT line AS record, column_idx, column_name, error_type, csv_line, error_message
FROM load_reject_errors
QUALIFY row_number() OVER (PARTITION BY line ORDER BY column_idx) = 1
ORDER BY line
