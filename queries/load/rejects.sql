-- Rows the CSV reader could not parse, for the file just read.
SELECT line AS record, column_idx, column_name, error_type, csv_line, error_message
FROM load_reject_errors
ORDER BY line, column_idx
