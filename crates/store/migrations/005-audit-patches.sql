-- A case file's audit entry keeps a reversible line patch and the digest of the text it
-- left, instead of both whole texts: ten small edits of a large file grow the log by
-- about their size, not ten times the file. The entries written before are converted
-- by the store when it applies this version (their hashes stay valid).
ALTER TABLE audit_log ADD COLUMN patch TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN after_sha256 TEXT NOT NULL DEFAULT ''
