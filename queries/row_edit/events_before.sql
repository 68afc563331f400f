-- The earlier events before the edited ones (row_edit/edited_rows), in order.
SELECT * FROM events WHERE rowid < $first
