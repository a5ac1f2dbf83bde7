-- A user can be disabled (one who left the team): they cannot log in, their sessions and
-- calendar feed end, and their history stays in the audit log.
ALTER TABLE users ADD COLUMN disabled BIGINT NOT NULL DEFAULT 0
