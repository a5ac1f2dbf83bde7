//! The Word file as a user opens it: the example's tracking report converted by
//! LibreOffice (`soffice`, installed by `.ci/run`) to PDF and read back with `pdftotext`:
//! the work-item table shows its 序号 column with 1 to 16, and no word of any page runs
//! past the right margin (every table fits the page width).

use std::path::Path;
use std::process::Command;

use dudao_model::Period;
use dudao_render::{Format, Templates, document_kind};
use dudao_testkit::ScratchDir;

#[test]
fn libreoffice_lays_the_word_file_out_within_the_page() {
    assert!(
        Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success()),
        "install LibreOffice (Debian's libreoffice-writer-nogui; bash .ci/run does)"
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/qingcloud");
    let case = dudao_model::load_case(&dir).unwrap();
    let templates = Templates::defaults();
    let report = document_kind("annual-tracking").unwrap().render(&case, &dir, Period::Year(2023), &templates, &[]).unwrap();
    let scratch = ScratchDir::new("libreoffice");
    let docx = scratch.join("report.docx");
    std::fs::write(&docx, report.to_format(Format::Docx, &templates).unwrap()).unwrap();
    let profile = format!("-env:UserInstallation=file://{}", scratch.join("profile").display());
    let converted =
        Command::new("soffice").args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"]).arg(&*scratch).arg(&docx).output().unwrap();
    assert!(converted.status.success(), "{}", String::from_utf8_lossy(&converted.stderr));
    let pdf = scratch.join("report.pdf");

    // 序号 and 1 to 16 down the work-item table's first column.
    let layout = Command::new("pdftotext").args(["-layout", "-f", "1", "-l", "6"]).arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8(layout.stdout).unwrap();
    assert!(text.contains("序号"), "{text}");
    let numbers: Vec<u32> = text.lines().filter_map(|l| l.split_whitespace().next()?.parse().ok()).filter(|n| (1..=16).contains(n)).collect();
    let mut seen = numbers.clone();
    seen.dedup();
    assert!((1..=16).all(|n| seen.contains(&n)), "the 16 work items numbered: {numbers:?}");

    // Every word within the text area: A4 is 595.3 pt wide, the margins 85.05 pt. A line
    // of Chinese may end in punctuation hung into the margin (at most one 12 pt character),
    // as Chinese typesetting does; nothing else may pass it.
    let boxes = Command::new("pdftotext").arg("-bbox").arg(&pdf).arg("-").output().unwrap();
    let html = String::from_utf8(boxes.stdout).unwrap();
    let right_edge = 595.3 - 85.05 + 1.0;
    let beyond: Vec<&str> = html
        .lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .filter(|l| {
            let x_max = l.split("xMax=\"").nth(1).and_then(|v| v.split('"').next()).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
            let word = l.split('>').nth(1).and_then(|w| w.split('<').next()).unwrap_or("");
            let hung = word.ends_with(['，', '。', '、', '；', '：', '）', '》', '”', '」']);
            x_max > right_edge + if hung { 12.5 } else { 0.0 }
        })
        .collect();
    assert!(beyond.is_empty(), "words past the right margin: {beyond:?}");
}

#[test]
fn every_kind_renders_in_every_format() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let examples = [
        ("annual-tracking", "qingcloud", "2023"),
        ("annual-tracking", "fictional-sse", "2024"),
        ("annual-tracking", "fictional-szse", "2024"),
        ("semiannual-tracking", "fictional", "2024H1"),
        ("semiannual-tracking", "fictional-szse", "2024H1"),
        ("funds-opinion", "fictional", "2024"),
        ("closing-report", "fictional", "2026"),
        ("inspection-report", "fictional", "2024"),
        ("inspection-report", "fictional-szse", "2024"),
    ];
    // Every layout of every kind (a form's template; forms differing only by date in the
    // wording of one row share it) has an example.
    let mut covered = std::collections::BTreeSet::new();
    let templates = Templates::defaults();
    for (kind, example, period) in examples {
        let dir = root.join(example);
        let case = dudao_model::load_case(&dir).unwrap();
        let period = dudao_model::Period::parse(period).unwrap();
        let kind = dudao_render::document_kind(kind).unwrap();
        covered.insert((kind.id, kind.form(case.company.company.board, period.filed_by()).unwrap().template.0));
        let report = kind.render(&case, &dir, period, &templates, &[]).unwrap_or_else(|e| panic!("{} {example}: {e}", kind.id));
        let kind = kind.id;
        let md = String::from_utf8(report.to_format(Format::Markdown, &templates).unwrap()).unwrap();
        assert!(md.starts_with(&format!("# {}", report.title)) && md.contains("之签章页"), "{kind}");
        // The page break stays a rule: “（以下无正文）” right above `---` would be a heading.
        assert!(md.contains("（以下无正文）\n\n---\n"), "{kind}");
        let html = String::from_utf8(report.to_format(Format::Html, &templates).unwrap()).unwrap();
        assert!(html.contains(&format!("<title>{}</title>", report.title)) && html.contains("class=\"signature\""), "{kind}");
        assert!(report.to_format(Format::Docx, &templates).unwrap().starts_with(b"PK"), "{kind}");
        let pdf = report.to_format(Format::Pdf, &templates).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{kind}");
        // The body in a Chinese serif face (宋体, laid out as Noto Serif CJK), headings in a
        // sans one (黑体): not a sans face throughout.
        let file = ScratchDir::new("pdffonts");
        std::fs::write(file.join("report.pdf"), &pdf).unwrap();
        let fonts = Command::new("pdffonts").arg(file.join("report.pdf")).output().unwrap();
        let fonts = String::from_utf8(fonts.stdout).unwrap();
        assert!(fonts.contains("NotoSerifCJK"), "{kind}: {fonts}");
    }
    let layouts: std::collections::BTreeSet<_> = dudao_render::KINDS.iter().flat_map(|k| k.forms.iter().map(|f| (k.id, f.template.0))).collect();
    assert_eq!(covered, layouts, "every layout has an example");
}
