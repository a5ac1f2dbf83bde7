//! Every sentence a `verified` rule version or duty quotes (between “ and ”) is in the
//! regulation texts bundled under tests/fixtures/regulations (or the seed report, for the
//! standard work items): a citation the bundled text contradicts, or a quote nobody can
//! find, fails here. Line breaks, spaces and the page numbers the PDF copies carry are
//! ignored; “……” marks an omission, so each part is looked for on its own.

use std::path::Path;

use dudao_model::Grade;
use dudao_rules::{Rulebook, obligations};

fn texts() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut all = String::new();
    for entry in std::fs::read_dir(root.join("regulations")).unwrap() {
        all += &std::fs::read_to_string(entry.unwrap().path()).unwrap();
    }
    all += &std::fs::read_to_string(root.join("qingcloud-2023-tracking-report.txt")).unwrap();
    normalize(&all)
}

/// Without whitespace and without the `755/781` page marks of the PDF copies.
fn normalize(text: &str) -> String {
    let pages = regex::Regex::new(r"\d{3}/\d{3}").unwrap();
    pages.replace_all(text, "").chars().filter(|c| !c.is_whitespace()).collect()
}

/// The parts of the quotes in `source` worth looking for (six characters or more).
fn quoted(source: &str) -> Vec<String> {
    source
        .split('“')
        .skip(1)
        .filter_map(|rest| rest.split_once('”').map(|(quote, _)| quote))
        .flat_map(|quote| quote.split(['…', '‘', '’']).map(normalize).collect::<Vec<_>>())
        .filter(|part| part.chars().count() >= 6)
        .collect()
}

#[test]
fn every_verified_quote_is_in_the_bundled_texts() {
    let texts = texts();
    let mut checked = 0;
    let mut missing = Vec::new();
    let rulebook = Rulebook::shipped();
    let versions = rulebook.rules().iter().flat_map(|r| r.versions.iter().map(move |v| (r.id.as_str(), v.grade, v.source.as_str())));
    let duties = obligations().iter().map(|o| (o.id.as_str(), o.grade, o.source.as_str()));
    for (id, _, source) in versions.chain(duties).filter(|(_, e, _)| *e == Grade::Verified) {
        for part in quoted(source) {
            checked += 1;
            if !texts.contains(&part) {
                missing.push(format!("{id}: {part}"));
            }
        }
    }
    assert!(missing.is_empty(), "quoted but not in the bundled texts:\n{}", missing.join("\n"));
    assert!(checked >= 10, "the verified versions quote their texts ({checked} parts checked)");
}

/// The articles of the bundled texts: each heading (`第九条`, `2.4.4`, `【股份变动指引】第九条`
/// at the start of a line) with the normalized text up to the next heading.
fn articles() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/regulations");
    let heading = regex::Regex::new(r"^[\s*　]*(?:【[^】]+】)?(第[零一二三四五六七八九十百]+条|\d+\.\d+\.\d+)").unwrap();
    let mut out: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(root).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut current: Option<(String, String)> = None;
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            if let Some(found) = heading.captures(line) {
                out.extend(current.take());
                current = Some((found[1].to_owned(), String::new()));
            }
            if let Some((_, body)) = &mut current {
                body.push_str(line);
            }
        }
        out.extend(current);
    }
    out.into_iter().map(|(label, body)| (label, normalize(&body))).collect()
}

/// Where a verified source attributes a quote to an article (`办法第十一条：“…”`,
/// `2.4.5：“…”`), the quote is in that article of a bundled text, and the version's
/// `article` cites it: a citation of 第十条 for a sentence of 第九条 fails here.
#[test]
fn every_quote_attributed_to_an_article_is_in_that_article_and_cited() {
    let articles = articles();
    let attributed =
        regex::Regex::new(r"(第[零一二三四五六七八九十百]+条|\d+\.\d+\.\d+)(?:第[一二三四五六七八九十]+款)?(?:第[一二三四五六七八九十]+项)?[：:]\s*“([^”]+)”")
            .unwrap();
    let rulebook = Rulebook::shipped();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for rule in rulebook.rules() {
        for version in rule.versions.iter().filter(|v| v.grade == Grade::Verified) {
            for found in attributed.captures_iter(&version.source) {
                let (label, quote) = (&found[1], &found[2]);
                let parts: Vec<String> = quote.split(['…', '‘', '’']).map(normalize).filter(|p| p.chars().count() >= 6).collect();
                if parts.is_empty() {
                    continue;
                }
                checked += 1;
                let in_article = articles.iter().any(|(l, body)| l == label && parts.iter().all(|p| body.contains(p)));
                if !in_article {
                    wrong.push(format!("{} @{}: “{quote}” is not in any bundled {label}", rule.id, version.from));
                }
                let cited = normalize(&version.article).contains(&normalize(label)) || version.article.contains(&format!("第 {label} 条"));
                if !cited {
                    wrong.push(format!("{} @{}: quotes {label} but cites “{}”", rule.id, version.from, version.article));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(checked >= 12, "the verified versions attribute their quotes to articles ({checked} checked)");
}

/// A version graded verified says which sentence it was verified against: it quotes one.
/// Exempt are the rules that rest on no regulation's sentence: the reports of the
/// sponsor's duties (each duty carries its own citation), a trade on a non-trading day,
/// and dudao's own early warning on net assets.
#[test]
fn every_verified_version_quotes_the_text_it_was_verified_against() {
    let own = ["deadline.overdue", "deadline.missing-trigger", "trade.trading-day", "delisting.net-assets-cover"];
    let rulebook = Rulebook::shipped();
    let versions = rulebook
        .rules()
        .iter()
        .filter(|r| !own.contains(&r.id.as_str()))
        .flat_map(|r| r.versions.iter().map(move |v| (r.id.as_str(), v.grade, v.source.as_str())));
    let duties = obligations().iter().map(|o| (o.id.as_str(), o.grade, o.source.as_str()));
    let unquoted: Vec<&str> = versions.chain(duties).filter(|(_, g, source)| *g == Grade::Verified && quoted(source).is_empty()).map(|(id, _, _)| id).collect();
    assert!(unquoted.is_empty(), "verified without a quote: {unquoted:?}");
}

#[test]
fn each_boards_duties_cite_its_own_exchange() {
    use dudao_model::Board;
    let exchange_rules = |board: Board| match board {
        Board::Star | Board::SseMain => ("上海证券交易所", "深圳证券交易所"),
        Board::SzseMain | Board::Chinext => ("深圳证券交易所", "上海证券交易所"),
        Board::Bse => ("北京证券交易所", "证券交易所"),
    };
    for board in [Board::Star, Board::SseMain, Board::SzseMain, Board::Chinext, Board::Bse] {
        let duties: Vec<_> = obligations().iter().filter(|o| o.boards.as_ref().is_none_or(|b| b.contains(&board))).collect();
        let (own, other) = exchange_rules(board);
        for duty in &duties {
            let cited = format!("{}{}", duty.regulation, duty.article);
            assert!(!cited.contains(other) || cited.contains(own), "{board:?} {}: {cited}", duty.id);
        }
        // Every duty of an SSE or SZSE company that cites an exchange's guideline cites its own.
        if board != Board::Bse {
            let cited_own = duties.iter().filter(|d| d.regulation.contains(own)).count();
            assert!(cited_own >= 5, "{board:?}: {cited_own} duties cite {own}");
        }
    }
}
