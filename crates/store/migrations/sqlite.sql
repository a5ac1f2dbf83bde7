-- dudao store schema, SQLite. Version 1.
CREATE TABLE companies (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    short_name TEXT NOT NULL,
    name TEXT NOT NULL
);
CREATE TABLE case_files (
    company_id INTEGER NOT NULL REFERENCES companies(id),
    path TEXT NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (company_id, path)
);
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    feed_token TEXT UNIQUE,
    failed_logins INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE assignments (
    user_id INTEGER NOT NULL REFERENCES users(id),
    company_id INTEGER NOT NULL REFERENCES companies(id),
    PRIMARY KEY (user_id, company_id)
);
CREATE TABLE sessions (
    token TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
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
