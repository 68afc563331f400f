-- One data file, every column as text, exactly as the header names it.
-- No sniffing: the dialect is the contract's, and typing happens in the checks and the model.
-- Rows that do not parse (wrong column count, unterminated quote) go to the rejects tables.
SELECT row_number() OVER () AS _row, *
FROM read_csv(
    $path,
    header = true,
    auto_detect = false,
    columns = $columns,
    delim = ',',
    quote = '"',
    escape = '"',
    encoding = 'utf-8',
    parallel = false,
    strict_mode = true,
    store_rejects = true,
    rejects_scan = 'load_reject_scans',
    rejects_table = 'load_reject_errors'
)
