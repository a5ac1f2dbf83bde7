//! The team's review of a case: comments on its findings and documents, and the versions
//! of documents a reviewer (质控) signed off and the team then issued. A version is kept as
//! it was made, with the digest of the case files it was made from, so a later change of
//! those facts shows against it; it is issued at most once. Every step is an audit entry.

use dudao_model::CaseFiles;
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{Store, StoreError, append_audit, hex, next_id, standing};

/// A comment on a finding or a document of a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Its id, from 1.
    pub id: i64,
    /// What it is on: `finding:deadline.overdue:2021-12-31`, `document:annual-tracking-2023`.
    pub subject: String,
    /// Who wrote it.
    pub author: String,
    /// When (UTC, RFC 3339).
    pub at: String,
    /// The text.
    pub body: String,
}

/// A document version a reviewer signed off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentVersion {
    /// Its id, from 1.
    pub id: i64,
    /// The document: its kind and period, `annual-tracking-2023`.
    pub document: String,
    /// The digest of the case files it was made from ([`case_digest`]).
    pub facts_sha256: String,
    /// The document as made, in Markdown.
    pub markdown: String,
    /// The reviewer who signed it off, and when.
    pub signed_by: String,
    /// When (UTC, RFC 3339).
    pub signed_at: String,
    /// Who issued it and when, once it is issued.
    pub issued: Option<(String, String)>,
}

/// The digest of a case's files, path and text of each in path order: what a document
/// version was made from.
pub fn case_digest(files: &CaseFiles) -> String {
    let mut hasher = Sha256::new();
    for (path, text) in files.iter() {
        hasher.update(path.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    hex(&hasher.finalize())
}

impl Store {
    /// Adds `author`'s comment on `subject` of company `code`'s case.
    pub async fn add_comment(&self, code: &str, subject: &str, author: &str, body: &str) -> Result<Comment, StoreError> {
        let company = self.company(code).await?;
        let mut tx = self.begin_change().await?;
        let id = next_id(&mut tx, "comments").await?;
        let at = jiff::Timestamp::now().to_string();
        sqlx::query("INSERT INTO comments (id, company_id, subject, author, at, body) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(id)
            .bind(company.id)
            .bind(subject)
            .bind(author)
            .bind(&at)
            .bind(body)
            .execute(&mut *tx)
            .await?;
        append_audit(&mut tx, author, &company.code, "comment.add", subject, "", body).await?;
        tx.commit().await?;
        Ok(Comment { id, subject: subject.to_owned(), author: author.to_owned(), at, body: body.to_owned() })
    }

    /// The comments on company `code`'s case, oldest first.
    pub async fn comments(&self, code: &str) -> Result<Vec<Comment>, StoreError> {
        let rows = sqlx::query(
            "SELECT m.id, m.subject, m.author, m.at, m.body FROM comments m JOIN companies c ON c.id = m.company_id WHERE c.code = $1 ORDER BY m.id",
        )
        .bind(code)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Comment {
                    id: r.try_get("id")?,
                    subject: r.try_get("subject")?,
                    author: r.try_get("author")?,
                    at: r.try_get("at")?,
                    body: r.try_get("body")?,
                })
            })
            .collect()
    }

    /// Keeps `markdown`, document `document` of company `code` as made from `files`, as a
    /// version `reviewer` signed off.
    pub async fn sign_off(&self, code: &str, document: &str, files: &CaseFiles, markdown: &str, reviewer: &str) -> Result<DocumentVersion, StoreError> {
        let company = self.company(code).await?;
        let facts_sha256 = case_digest(files);
        let mut tx = self.begin_change().await?;
        let id = next_id(&mut tx, "document_versions").await?;
        let at = jiff::Timestamp::now().to_string();
        sqlx::query(
            "INSERT INTO document_versions (id, company_id, document, facts_sha256, markdown, signed_by, signed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(company.id)
        .bind(document)
        .bind(&facts_sha256)
        .bind(markdown)
        .bind(reviewer)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        append_audit(&mut tx, reviewer, &company.code, "document.sign_off", document, "", &standing::sign_off_record(id, &facts_sha256, markdown)).await?;
        tx.commit().await?;
        Ok(DocumentVersion {
            id,
            document: document.to_owned(),
            facts_sha256,
            markdown: markdown.to_owned(),
            signed_by: reviewer.to_owned(),
            signed_at: at,
            issued: None,
        })
    }

    /// Issues version `id` of company `code`'s documents; a version is issued once.
    pub async fn issue(&self, code: &str, id: i64, actor: &str) -> Result<DocumentVersion, StoreError> {
        let company = self.company(code).await?;
        let mut tx = self.begin_change().await?;
        let row = sqlx::query(concat!("SELECT ", version_columns!(), " FROM document_versions WHERE id = $1 AND company_id = $2"))
            .bind(id)
            .bind(company.id)
            .fetch_optional(&mut *tx)
            .await?;
        let mut version = match row {
            Some(row) => version_from(&row)?,
            None => return Err(StoreError::NotFound(format!("{code} 的文书版本 {id}"))),
        };
        if let Some((by, at)) = &version.issued {
            return Err(StoreError::Refused(format!("版本 {id} 已由 {by} 于 {at} 出具，出具的版本不再改变")));
        }
        let at = jiff::Timestamp::now().to_string();
        sqlx::query("UPDATE document_versions SET issued_by = $1, issued_at = $2 WHERE id = $3").bind(actor).bind(&at).bind(id).execute(&mut *tx).await?;
        append_audit(&mut tx, actor, &company.code, "document.issue", &version.document, "", &standing::issue_record(id)).await?;
        tx.commit().await?;
        version.issued = Some((actor.to_owned(), at));
        Ok(version)
    }

    /// The document versions of company `code`, newest first.
    pub async fn document_versions(&self, code: &str) -> Result<Vec<DocumentVersion>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            version_columns!(),
            " FROM document_versions WHERE company_id = (SELECT id FROM companies WHERE code = $1) ORDER BY id DESC"
        ))
        .bind(code)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| version_from(r).map_err(StoreError::from)).collect()
    }
}

macro_rules! version_columns {
    () => {
        "id, document, facts_sha256, markdown, signed_by, signed_at, issued_by, issued_at"
    };
}
use version_columns;

fn version_from(row: &AnyRow) -> Result<DocumentVersion, sqlx::Error> {
    let issued_by: Option<String> = row.try_get("issued_by")?;
    let issued_at: Option<String> = row.try_get("issued_at")?;
    Ok(DocumentVersion {
        id: row.try_get("id")?,
        document: row.try_get("document")?,
        facts_sha256: row.try_get("facts_sha256")?,
        markdown: row.try_get("markdown")?,
        signed_by: row.try_get("signed_by")?,
        signed_at: row.try_get("signed_at")?,
        issued: issued_by.zip(issued_at),
    })
}
