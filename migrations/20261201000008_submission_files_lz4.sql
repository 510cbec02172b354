-- Stored prediction files are compressed with lz4 instead of PostgreSQL's default pglz: a
-- 1,000,000-row CSV (19 MB) took pglz a large share of an upload's time, and lz4 compresses it
-- several times faster. Files already stored keep their pglz form and read as before.
ALTER TABLE competition_submissions ALTER COLUMN file_bytes SET COMPRESSION lz4;
