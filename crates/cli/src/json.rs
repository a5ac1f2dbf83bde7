//! The JSON shapes shared by the commands' `--format json`: one meaning per field name,
//! documented by the schemas in `docs/schemas/`.

use dudao_model::{Citation, Finding, Origin};
use serde_json::{Value, json};

/// Where a fact or a claim is written: `{ file, page, line }` (page only in documents).
pub fn location(origin: &Origin) -> Value {
    json!({ "file": &*origin.file, "page": origin.page, "line": origin.line })
}

/// A legal basis, as fields a program can take apart and as `text` for people.
pub fn citation(citation: &Citation) -> Value {
    json!({
        "regulation": citation.regulation,
        "article": citation.article,
        "from": citation.from.map(|d| d.to_string()),
        "grade": citation.grade.id(),
        "text": citation.text(),
    })
}

/// A finding of any command: `evidence` is always the facts or claims it was judged from.
pub fn finding(finding: &Finding) -> Value {
    json!({
        "rule": finding.rule,
        "kind": finding.kind.id(),
        "severity": finding.severity.id(),
        "message": finding.message,
        "date": finding.date.map(|d| d.to_string()),
        "citation": finding.citation.as_ref().map(citation),
        "evidence": finding.evidence.iter().map(location).collect::<Vec<_>>(),
        "computation": finding.computation.as_deref().map(|c| json!({
            "stated": c.stated,
            "computed": c.computed,
            "terms": c.terms,
            "tolerance": c.tolerance,
            "why": c.why,
            "excerpt": c.quote,
        })),
    })
}
