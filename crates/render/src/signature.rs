//! The signature page every sponsor document ends with (签章页): a statement naming the
//! document, a line for each sponsor representative to sign with the name printed under
//! it (and, where the form asks, further signers under their own role: the firm's legal
//! representative on a closing report), and the firm's name with room for its seal and a
//! date written by hand. Built by
//! the renderer rather than the templates, so each format lays it out natively (a Word
//! table without borders, an HTML block) and no template can leave it out.

use std::fmt::Write;

use serde::Serialize;

/// A document's signature page.
#[derive(Clone, Debug, Serialize)]
pub struct Signature {
    /// 本页无正文，为《…》之签章页.
    pub statement: String,
    /// Who signs, as the form asks for it: 保荐代表人签字.
    pub role: String,
    /// The signers, as printed under their lines (two-character names spaced: 王　鹤).
    pub signers: Vec<String>,
    /// Further signers under roles of their own, after the representatives.
    pub others: Vec<Signers>,
    /// The firm, whose seal goes over its name.
    pub firm: String,
    /// The date line, left for the hand: 年　　月　　日.
    pub date_line: String,
}

impl Signature {
    /// The page for the document titled `title`, signed by `signers` of `firm`.
    pub fn new(title: &str, signers: &[String], firm: &str) -> Signature {
        Signature {
            statement: format!("（本页无正文，为《{title}》之签章页）"),
            role: "保荐代表人签字".to_owned(),
            signers: signers.iter().map(|name| spaced(name)).collect(),
            others: Vec::new(),
            firm: firm.to_owned(),
            date_line: "年　　月　　日".to_owned(),
        }
    }

    /// The page with `signers` signing as `role` after those already on it.
    pub fn also(mut self, role: &str, signers: &[String]) -> Signature {
        self.others.push(Signers { role: role.to_owned(), signers: signers.iter().map(|name| spaced(name)).collect() });
        self
    }

    /// The page as Markdown: a page break (`---`, after a blank line, or the line above
    /// would become a heading), then the page as plain paragraphs.
    pub fn markdown(&self) -> String {
        let mut out = format!("\n\n---\n\n{}\n\n", self.statement);
        let representatives = Signers { role: self.role.clone(), signers: self.signers.clone() };
        for group in std::iter::once(&representatives).chain(&self.others) {
            let lines = vec!["＿＿＿＿＿＿＿＿"; group.signers.len()].join("　　　　");
            let _ = write!(out, "{}：\n\n{lines}\n\n{}\n\n", group.role, group.signers.join("　　　　　　　　"));
        }
        let _ = write!(out, "\n{}\n\n{}\n", self.firm, self.date_line);
        out
    }
}

/// Signers under one role: 保荐机构法定代表人签字 and the name.
#[derive(Clone, Debug, Serialize)]
pub struct Signers {
    /// The role, as the form asks for it.
    pub role: String,
    /// The signers, as printed under their lines.
    pub signers: Vec<String>,
}

/// A two-character name with a full-width space between, as signature pages print them.
pub(crate) fn spaced(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() == 2 { format!("{}　{}", chars[0], chars[1]) } else { name.to_owned() }
}
