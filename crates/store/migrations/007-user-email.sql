-- Each user's e-mail address for the daily digest of what is due, overdue or newly found
-- (empty: no digest).
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT ''
