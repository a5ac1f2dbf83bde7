-- The team's review of a case: comments on its findings and documents, and the document
-- versions a reviewer signed off, each kept as it was made with the digest of the case
-- files it was made from, and issued at most once.
CREATE TABLE comments (
    id BIGINT PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    subject TEXT NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE document_versions (
    id BIGINT PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    document TEXT NOT NULL,
    facts_sha256 TEXT NOT NULL,
    markdown TEXT NOT NULL,
    signed_by TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    issued_by TEXT,
    issued_at TEXT
)
