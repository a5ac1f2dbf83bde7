//! A document has the form, and cites the exchange's supervision guideline, in force when
//! it is filed: never a 2022 guideline in a document of 2019, and no document where dudao
//! knows neither. Each board's documents cite its own exchange.

use dudao_model::Period;
use dudao_render::{KINDS, RenderError, Templates, document_kind};
use dudao_testkit::CaseCopy;

/// The regulations a document cites, by the year they were issued: the guidelines of 2022
/// (上证发〔2022〕12号, 深证上〔2022〕25号) and the SZSE's of 2014.
const OF_2022: [&str; 2] = ["《上海证券交易所上市公司自律监管指引第 11 号——持续督导》", "《深圳证券交易所上市公司自律监管指引第 13 号——保荐业务》"];

#[test]
fn an_szse_document_of_2021_is_refused_naming_the_guidelines_known() {
    // The SZSE twin listed in 2019 (supervised to 2021-12-31): its FY2020 documents are filed
    // by 2021-05-31, in the year the SZSE's guideline changed on a day not on record.
    let case = CaseCopy::of(&dudao_testkit::fictional_szse_dir());
    case.edit("company.toml", "listing_date = 2023-06-20", "listing_date = 2019-06-20");
    let loaded = case.load();
    for kind in KINDS.iter().filter(|k| !k.half_yearly) {
        let refused = kind.missing(&loaded, &case.dir, Period::Year(2020), &[]).unwrap_err();
        // The guideline of the time is not on record, or (for a form issued with the 2022
        // guideline) the form: either refusal names what is.
        let guideline_unknown = refused.starts_with("2021年5月31日 深圳证券交易所适用的持续督导指引未收录") && refused.contains("2015—2020");
        let form_unknown = refused.contains("于 2021年5月31日 出具的") && refused.contains("格式未收录；已收录的格式：");
        assert!(guideline_unknown || form_unknown, "{}: {refused}", kind.id);
        match kind.render(&loaded, &case.dir, Period::Year(2020), &Templates::defaults(), &[]) {
            Err(RenderError::Period(message)) => assert_eq!(message, refused),
            other => panic!("{}: {:?}", kind.id, other.map(|r| r.title)),
        }
    }
}

/// The fictional case moved six years back, onto the SSE main board (the STAR Market
/// opened in 2019): listed 2017-06-20, supervised to 2020-12-31, every date and period of
/// its files (and the years in its file names) six years earlier.
fn fictional_of_2017() -> CaseCopy {
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    let shift = |text: &str| {
        let mut text = text.to_owned();
        for year in 2022..=2027 {
            text = text.replace(&year.to_string(), &format!("\u{0}{}", year - 6));
        }
        text.replace('\u{0}', "")
    };
    let mut files = Vec::new();
    let mut folders = vec![case.dir.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() { folders.push(path) } else { files.push(path) }
        }
    }
    for file in files {
        let relative = file.strip_prefix(&case.dir).unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::remove_file(&file).unwrap();
        let target = case.dir.join(shift(&relative));
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, shift(&text)).unwrap();
    }
    case.edit("company.toml", "board = \"star\"", "board = \"sse_main\"").append("company.toml", "\n[supervision]\nend = 2020-12-31\n");
    // The year's work log records only the inspection; the tracking report needs the duties.
    let items: String = (1..=16).map(|n| format!("{n} = \"第 {n} 项工作的完成情况（虚构）\"\n")).collect();
    case.append("worklog/2018.toml", &format!("\n[items]\n{items}"));
    case
}

#[test]
fn a_document_filed_before_2022_cites_no_regulation_of_2022() {
    // Every kind, for the periods of the fictional case moved to 2017–2020 (filed by
    // 2021-05-31 at the latest), as drafts: the citations are what is tested.
    let case = fictional_of_2017();
    let loaded = case.load();
    let mut rendered = Vec::new();
    for kind in KINDS {
        for (period, _) in kind.periods(&loaded, &case.dir, &[]) {
            assert!(period.filed_by() < dudao_model::Date::ymd(2022, 1, 7), "{period}");
            let draft = match kind.draft(&loaded, &case.dir, period, &Templates::defaults(), &[]) {
                Ok(draft) => draft,
                // A period the case has only some facts of (a ledger, a table) is not one
                // of its documents.
                Err(RenderError::Incomplete(_)) => continue,
                Err(e) => panic!("{} {period}: {e}", kind.id),
            };
            for cited in OF_2022 {
                assert!(!draft.markdown.contains(cited), "{} {period}: {cited}", kind.id);
            }
            assert!(!draft.markdown.contains("深圳证券交易所"), "{} {period}", kind.id);
            rendered.push(kind.id);
        }
    }
    rendered.dedup();
    // The SSE main board files no half-year tracking report.
    assert_eq!(rendered, ["annual-tracking", "inspection-report", "closing-report", "funds-opinion"]);
}

#[test]
fn each_board_cites_its_own_exchange() {
    let twin = CaseCopy::of(&dudao_testkit::fictional_szse_dir());
    let szse = document_kind("annual-tracking").unwrap().render(&twin.load(), &twin.dir, Period::Year(2024), &Templates::defaults(), &[]).unwrap();
    assert!(!szse.markdown.contains("上海证券交易所"), "{}", szse.markdown);
    let case = CaseCopy::new();
    let star = document_kind("annual-tracking").unwrap().render(&case.load(), &case.dir, Period::Year(2023), &Templates::defaults(), &[]).unwrap();
    assert!(star.markdown.contains("《上海证券交易所科创板股票上市规则》《上海证券交易所上市公司自律监管指引第 11 号——持续督导》等有关法律"));
    assert!(!star.markdown.contains("深圳证券交易所"));
}
