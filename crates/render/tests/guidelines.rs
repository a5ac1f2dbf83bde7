//! A document cites the exchange's supervision guideline in force when it is filed: never
//! the 2022 guidelines in a document of 2019, and no document where dudao does not know
//! the guideline of the time.

use dudao_model::Period;
use dudao_render::{RenderError, Templates, document_kind};
use dudao_testkit::CaseCopy;

#[test]
fn an_szse_document_before_2022_is_refused_naming_the_forms_known() {
    // The fictional company listed on the SZSE main board in 2018 (supervised to 2020-12-31):
    // its FY2019 documents would be filed by 2020-05-31, before 深证上〔2022〕25号.
    let case = CaseCopy::of(&dudao_testkit::fictional_dir());
    case.edit("company.toml", "board = \"star\"", "board = \"szse_main\"").edit("company.toml", "listing_date = 2023-06-20", "listing_date = 2018-06-20");
    let loaded = case.load();
    for kind in dudao_render::KINDS.iter().filter(|k| !k.half_yearly) {
        let refused = kind.missing(&loaded, &case.dir, Period::Year(2019), &[]).unwrap_err();
        // The form of the time, or the guideline it would cite, is not on record: either
        // refusal names what is.
        let form_unknown = refused.contains("于 2020年5月31日 出具的") && refused.contains("格式未收录；已收录的格式：");
        let guideline_unknown = refused.contains("2020年5月31日 前深圳证券交易所的持续督导指引未收录") && refused.contains("第 13 号——保荐业务");
        assert!(form_unknown || guideline_unknown, "{}: {refused}", kind.id);
        match kind.render(&loaded, &case.dir, Period::Year(2019), &Templates::defaults(), &[]) {
            Err(RenderError::Period(message)) => assert_eq!(message, refused),
            other => panic!("{}: {:?}", kind.id, other.map(|r| r.title)),
        }
    }
}

#[test]
fn the_seed_year_cites_the_2022_guideline() {
    let case = CaseCopy::new();
    let report = document_kind("annual-tracking").unwrap().render(&case.load(), &case.dir, Period::Year(2023), &Templates::defaults(), &[]).unwrap();
    assert!(report.markdown.contains("《上海证券交易所科创板股票上市规则》《上海证券交易所上市公司自律监管指引第 11 号——持续督导》等有关法律"));
}
