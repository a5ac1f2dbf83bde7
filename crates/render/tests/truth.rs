//! The truth rule: a document never prints the absence of a fact as the absence of the
//! thing. The example's tracking report is rendered with each fact behind one of its
//! negative sentences removed in turn: the final report is refused naming the file, and
//! the draft prints a placeholder there — never the sentence — and lists it at the end.

use dudao_model::Period;
use dudao_render::{Format, RenderError, Templates, document_kind};
use dudao_testkit::CaseCopy;

/// One fact the report's negative sentences rest on: how to take it out of the example,
/// the sentences that must not appear without it (those the complete case prints, and
/// those dudao once wrote in its place), and the file a gap names.
struct Removal {
    what: &'static str,
    remove: fn(&CaseCopy),
    sentences: &'static [&'static str],
    never: &'static [&'static str],
    file: &'static str,
}

const REMOVALS: &[Removal] = &[
    Removal {
        what: "no problems found (section 二)",
        remove: |case| {
            case.edit("worklog/2023.toml", "\nproblems = []\n", "\n");
        },
        sentences: &["暂无。"],
        never: &[],
        file: "worklog/2023.toml",
    },
    Removal {
        what: "no pledges or freezes (section 十)",
        remove: |case| {
            case.edit("shareholders.toml", "\nencumbrances = []\n", "\n");
        },
        sentences: &["不存在质押、冻结"],
        never: &[],
        file: "shareholders.toml",
    },
    Removal {
        what: "the raised funds (section 九)",
        remove: |case| std::fs::remove_file(case.dir.join("funds.toml")).unwrap(),
        sentences: &["募集资金专户余额"],
        never: &["不存在募集资金"],
        file: "funds.toml",
    },
    Removal {
        what: "the year's IP (section 七)",
        remove: |case| {
            let text = std::fs::read_to_string(case.dir.join("financials.toml")).unwrap();
            let start = text.find("intellectual_property = [").unwrap();
            let end = start + text[start..].find("]\n").unwrap() + 2;
            std::fs::write(case.dir.join("financials.toml"), format!("{}{}", &text[..start], &text[end..])).unwrap();
        },
        sentences: &["知识产权列表如下"],
        never: &["未新增知识产权"],
        file: "financials.toml",
    },
    Removal {
        what: "the sponsor's section 四",
        remove: |case| std::fs::remove_file(case.dir.join("narrative/2023/violations.md")).unwrap(),
        sentences: &["不存在重大违规事项"],
        never: &["公司不存在重大违规事项"],
        file: "narrative/2023/violations.md",
    },
    Removal {
        what: "the holdings (section 十)",
        remove: |case| {
            let text = std::fs::read_to_string(case.dir.join("shareholders.toml")).unwrap();
            let start = text.find("[controllers]").unwrap();
            let end = text.find("[[holdings]]").unwrap();
            let kept = format!("{}{}", &text[..start], &text[end..]);
            // The insiders' holdings go too: nothing of section 十 is left.
            let kept = kept.split("[[insiders]]").next().unwrap().to_owned();
            std::fs::write(case.dir.join("shareholders.toml"), kept).unwrap();
        },
        sentences: &["持有公司股份，具体情况如下表所示", "共同控股股东"],
        never: &[],
        file: "shareholders.toml",
    },
];

#[test]
fn every_fact_behind_a_negative_sentence_is_a_gap_when_removed() {
    let kind = document_kind("annual-tracking").unwrap();
    let templates = Templates::defaults();
    let complete = CaseCopy::new();
    let whole = kind.render(&complete.load(), &complete.dir, Period::Year(2023), &templates, &[]).unwrap();
    for removal in REMOVALS {
        let case = CaseCopy::new();
        (removal.remove)(&case);
        let loaded = case.load();
        let missing = kind.missing(&loaded, &case.dir, Period::Year(2023), &[]).unwrap();
        assert!(missing.iter().any(|e| e.file.ends_with(removal.file)), "{}: {missing:?}", removal.what);
        match kind.render(&loaded, &case.dir, Period::Year(2023), &templates, &[]) {
            Err(RenderError::Incomplete(listed)) => assert!(listed.iter().any(|e| e.file.ends_with(removal.file)), "{}: {listed:?}", removal.what),
            other => panic!("{}: a final report is refused, got {:?}", removal.what, other.map(|r| r.markdown)),
        }
        let draft = kind.draft(&loaded, &case.dir, Period::Year(2023), &templates, &[]).unwrap();
        let md = String::from_utf8(draft.to_format(Format::Markdown, &templates).unwrap()).unwrap();
        for sentence in removal.sentences {
            assert!(whole.markdown.contains(sentence), "{}: the complete case prints {sentence}", removal.what);
        }
        for sentence in removal.sentences.iter().chain(removal.never) {
            assert!(!md.contains(sentence), "{}: the draft still says {sentence}", removal.what);
        }
        let gap = &draft.gaps[0];
        assert!(gap.file == removal.file && draft.gaps.len() == 1, "{}: {:?}", removal.what, draft.gaps);
        let placeholder = gap.placeholder();
        assert!(placeholder.starts_with("【待补充：") && placeholder.contains(removal.file), "{placeholder}");
        let at_end = md.find("## 待补充事项").unwrap_or_else(|| panic!("{}: no list at the end", removal.what));
        assert!(md[..at_end].contains(&placeholder) && md[at_end..].contains(&placeholder), "{}: in place and listed", removal.what);
        // Word shows it highlighted; the HTML page marks it.
        let docx = draft.to_format(Format::Docx, &templates).unwrap();
        let xml = word_document(&docx);
        assert!(xml.contains("<w:highlight w:val=\"yellow\" />") && xml.contains(&placeholder), "{}", removal.what);
        let html = String::from_utf8(draft.to_format(Format::Html, &templates).unwrap()).unwrap();
        assert!(html.contains(&format!("<mark>{placeholder}</mark>")), "{}", removal.what);
    }
}

/// `word/document.xml` of a Word file.
fn word_document(docx: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    xml
}

#[test]
fn a_complete_case_has_no_gap_and_its_draft_is_the_report() {
    let case = CaseCopy::new();
    let (kind, templates) = (document_kind("annual-tracking").unwrap(), Templates::defaults());
    let loaded = case.load();
    assert!(kind.missing(&loaded, &case.dir, Period::Year(2023), &[]).unwrap().is_empty());
    let final_report = kind.render(&loaded, &case.dir, Period::Year(2023), &templates, &[]).unwrap();
    let draft = kind.draft(&loaded, &case.dir, Period::Year(2023), &templates, &[]).unwrap();
    assert!(draft.gaps.is_empty() && draft.markdown == final_report.markdown);
    assert!(!final_report.markdown.contains("待补充"));
}

/// What `check` finds in the example, as of a day in 2026.
fn found(case: &CaseCopy) -> Vec<dudao_model::Finding> {
    dudao_rules::check(&case.load(), dudao_calendar::Calendar::embedded(), dudao_model::Date::ymd(2026, 11, 24), &dudao_rules::Rulebook::shipped())
}

#[test]
fn every_error_found_has_the_sponsors_disposition() {
    let kind = document_kind("annual-tracking").unwrap();
    let templates = Templates::defaults();
    // The example: 苏州天翔's breach (commitment.breach, 2023-02-07) is accounted for in
    // work item 5, and section 二 reads 暂无 as the real report does.
    let case = CaseCopy::new();
    let report = kind.render(&case.load(), &case.dir, Period::Year(2023), &templates, &found(&case)).unwrap();
    assert!(report.markdown.contains("## 二、保荐机构和保荐代表人发现的问题及整改情况\n\n暂无。"), "{}", report.markdown);
    // Without the disposition the error is a gap, named with its rule and date.
    let bare = CaseCopy::new();
    let text = std::fs::read_to_string(bare.dir.join("worklog/2023.toml")).unwrap();
    std::fs::write(bare.dir.join("worklog/2023.toml"), &text[..text.find("\n# What the sponsor made of the error").unwrap()]).unwrap();
    let missing = kind.missing(&bare.load(), &bare.dir, Period::Year(2023), &found(&bare)).unwrap();
    assert!(missing.iter().any(|e| e.field.as_deref() == Some("dispositions") && e.message.contains("commitment.breach（2023-02-07）")), "{missing:?}");
    // Listed in section 二, the finding is the problem and the account its rectification.
    let listed = CaseCopy::new();
    listed.edit("worklog/2023.toml", "in_report = false", "in_report = true");
    let report = kind.render(&listed.load(), &listed.dir, Period::Year(2023), &templates, &found(&listed)).unwrap();
    assert!(report.markdown.contains("（1）发现的问题：苏州工业园区蝴蝶天翔投资中心（有限合伙） 于 2023-02-07 减持 20,000 股"), "{}", report.markdown);
    assert!(report.markdown.contains("整改情况：苏州天翔违反减持承诺一事已在持续督导工作第 5 项说明"));
}

#[test]
fn the_funds_opinion_never_concludes_for_the_sponsor() {
    // The fictional case's opinion of 2024, with the sponsor's two texts removed in turn:
    // dudao's check finding nothing about the funds writes neither "未发现问题" nor the
    // conclusion 不存在变相改变募集资金用途… itself.
    let kind = document_kind("funds-opinion").unwrap();
    let templates = Templates::defaults();
    for (file, never) in [("funds_problems.md", "未发现募集资金使用及披露中存在问题"), ("funds_conclusion.md", "不存在变相改变募集资金用途")]
    {
        let case = CaseCopy::of(&dudao_testkit::fictional_dir());
        std::fs::remove_file(case.dir.join("narrative/2024").join(file)).unwrap();
        let loaded = case.load();
        assert!(matches!(kind.render(&loaded, &case.dir, Period::Year(2024), &templates, &[]), Err(RenderError::Incomplete(_))), "{file}");
        let draft = kind.draft(&loaded, &case.dir, Period::Year(2024), &templates, &[]).unwrap();
        assert!(!draft.markdown.contains(never), "{file}: {}", draft.markdown);
        assert!(draft.markdown.contains(&draft.gaps[0].placeholder()) && draft.gaps[0].file.ends_with(file), "{file}: {:?}", draft.gaps);
    }
}

#[test]
fn the_inspection_and_closing_reports_ask_rather_than_deny() {
    // Without the sponsor's conclusion the inspection report does not conclude for it,
    // and without funds.toml the closing report does not say the offering raised no funds.
    let inspection = CaseCopy::of(&dudao_testkit::fictional_dir());
    let text = std::fs::read_to_string(inspection.dir.join("worklog/2024.toml")).unwrap();
    let start = text.find("conclusion = ").unwrap();
    let end = start + text[start..].find('\n').unwrap() + 1;
    std::fs::write(inspection.dir.join("worklog/2024.toml"), format!("{}{}", &text[..start], &text[end..])).unwrap();
    let missing = document_kind("inspection-report").unwrap().missing(&inspection.load(), &inspection.dir, Period::Year(2024), &[]).unwrap();
    assert!(missing.iter().any(|e| e.field.as_deref() == Some("inspections.conclusion") && e.message.contains("由保荐机构撰写")), "{missing:?}");
    let closing = CaseCopy::of(&dudao_testkit::fictional_dir());
    std::fs::remove_file(closing.dir.join("funds.toml")).unwrap();
    let kind = document_kind("closing-report").unwrap();
    let missing = kind.missing(&closing.load(), &closing.dir, Period::Year(2026), &[]).unwrap();
    assert!(missing.iter().any(|e| e.file.ends_with("funds.toml") && e.message.contains("募集资金是否使用完毕")), "{missing:?}");
    assert!(matches!(kind.render(&closing.load(), &closing.dir, Period::Year(2026), &Templates::defaults(), &[]), Err(RenderError::Incomplete(_))));
}

#[test]
fn removing_an_optional_file_never_turns_into_a_denial() {
    // Each optional case file of the example taken away in turn: the tracking report is
    // refused (what is missing listed, or the prose citing it located), or made without
    // it — and no draft says of itself that what the file held does not exist.
    let kind = document_kind("annual-tracking").unwrap();
    let templates = Templates::defaults();
    let denials = ["不存在募集资金", "未新增知识产权", "不存在质押、冻结", "暂无。"];
    for file in ["funds.toml", "shareholders.toml", "commitments.toml", "events.toml"] {
        let case = CaseCopy::new();
        std::fs::remove_file(case.dir.join(file)).unwrap();
        // Other files may name what it held (a sale's seller among the parties): the case
        // is then refused at the place that names it.
        let loaded = match dudao_model::load_case(&case.dir) {
            Ok(loaded) => loaded,
            Err(error) => {
                assert!(error.line.is_some() && error.field.is_some(), "{file}: {error}");
                continue;
            }
        };
        match kind.draft(&loaded, &case.dir, Period::Year(2023), &templates, &[]) {
            Ok(draft) => {
                let complete = kind.render(&CaseCopy::new().load(), &CaseCopy::new().dir, Period::Year(2023), &templates, &[]).unwrap();
                for denial in denials {
                    assert!(!draft.markdown.contains(denial) || complete.markdown.contains(denial), "{file}: the draft says {denial}");
                }
                let needed = draft.gaps.iter().any(|g| g.file == file);
                assert!(needed || draft.gaps.is_empty(), "{file}: {:?}", draft.gaps);
                if needed {
                    assert!(kind.render(&loaded, &case.dir, Period::Year(2023), &templates, &[]).is_err(), "{file}: a final report is refused");
                }
            }
            // Refused with what is missing, or with the place that needs the file's facts.
            Err(RenderError::Incomplete(missing)) => assert!(!missing.is_empty(), "{file}"),
            Err(RenderError::Template { file: at, line, .. }) => assert!(line.is_some() && !at.is_empty(), "{file}"),
            Err(RenderError::Case(error)) => assert!(error.line.is_some() || error.field.is_some(), "{file}: {error}"),
            Err(other) => panic!("{file}: {other}"),
        }
    }
}
