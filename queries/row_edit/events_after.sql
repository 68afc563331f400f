-- The earlier events after the edited ones (row_edit/edited_rows), in order.
SELECT * FROM events WHERE rowid > $last
