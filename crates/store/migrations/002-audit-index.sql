-- The portfolio asks for each company's latest audit entry on every request (its case's
-- revision). Without an index that scans the whole log, which grows with every change.
-- (Statements here are split at semicolons, so comments hold none.)
CREATE INDEX IF NOT EXISTS audit_log_company_id ON audit_log (company, id);
