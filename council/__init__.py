"""Council reports (raadsrapportage): figures, sections, charts, the .docx, the background task
and the `council_report` command. Reads cases; nothing in cases reads it."""
