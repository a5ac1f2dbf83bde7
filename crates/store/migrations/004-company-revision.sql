-- Each company's case revision (the id of its latest audit entry), kept beside it in the
-- same transaction as the entry: the portfolio reads it on every request, and reading it
-- here costs the same however long the audit log grows.
ALTER TABLE companies ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
UPDATE companies SET revision = COALESCE((SELECT MAX(a.id) FROM audit_log a WHERE a.company = companies.code), 0)
