-- dudao store schema, version 1: the same on SQLite and PostgreSQL (SQLite reads BIGINT as
-- its 64-bit INTEGER, and ids are always given, never generated). No semicolons in comments:
-- statements are split on them.
CREATE TABLE companies (
    id BIGINT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    short_name TEXT NOT NULL,
    name TEXT NOT NULL
);
CREATE TABLE case_files (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    path TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (company_id, path)
);
CREATE TABLE users (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    feed_token TEXT UNIQUE,
    failed_logins BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE assignments (
    user_id BIGINT NOT NULL REFERENCES users(id),
    company_id BIGINT NOT NULL REFERENCES companies(id),
    PRIMARY KEY (user_id, company_id)
);
CREATE TABLE sessions (
    token TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    company TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    before_text TEXT NOT NULL,
    after_text TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
