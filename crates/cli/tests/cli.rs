//! `dudao report` as a user runs it: on the example case, on copies of it with one fact
//! changed, and on copies with one mistake in them.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{CaseCopy, Report};

#[test]
fn the_example_renders_in_every_format_and_explains_what_it_could_not_compute() {
    let case = CaseCopy::new();
    for format in ["md", "html", "docx", "pdf"] {
        let (output, out) = case.report(format);
        assert!(output.status.success());
        let bytes = fs::read(&out).unwrap();
        match format {
            "html" => {
                let html = String::from_utf8(bytes).unwrap();
                assert!(html.starts_with("<!DOCTYPE html>"));
                assert!(html.contains("<td>营业收入</td>"));
                assert!(html.contains("<h2>九、募集资金的使用情况及是否合规</h2>"));
            }
            "docx" => assert!(bytes.starts_with(b"PK"), "a DOCX is a zip archive"),
            "pdf" => {
                assert!(bytes.starts_with(b"%PDF-"), "a PDF, laid out by LibreOffice");
                let text = std::process::Command::new("pdftotext").arg(&out).arg("-").output().unwrap().stdout;
                let text = String::from_utf8(text).unwrap();
                assert!(text.contains("335,693,624.77") && text.contains("之签章页"), "{text}");
            }
            _ => assert!(String::from_utf8(bytes).unwrap().contains("| 营业收入 | 335,693,624.77 |")),
        }
    }
    let (_, stderr) = case.markdown();
    // Total shares at 2023-12-31 are not in the case: the three holdings are taken as stated.
    assert_eq!(stderr.matches("[report.taken-as-stated]").count(), 3, "{stderr}");
    assert!(stderr.contains("警告[report.taken-as-stated]：黄允松 2023-12-31 持股比例：案卷未记录 2023-12-31 的总股本，无法计算，报告采用案卷陈述的 14.04%（见 shareholders.toml:16）"));
    // The seed's bank total (7.5757) is one 0.0001 万元 off the sum of its rows.
    assert!(stderr.contains("提示[funds.accounts-total]：2023 年末各专户余额合计：按各专户余额相加为 7.5758万元，案卷陈述为 7.5757万元，相差 0.0001万元，在列示精度的四舍五入误差范围内"), "{stderr}");
    assert!(stderr.contains("（见 funds.toml:61）"));
    assert!(stderr.contains("提示[funds.ledger-reconciles]：2023 年末募集资金专户余额：按台账各行推算为 7.5700 万元，各专户余额合计为 7.5758 万元，相差 0.0058 万元，在列示精度的四舍五入误差范围内"));
    // The breach of the sale's commitment flows into the report's output too.
    assert!(stderr.contains("错误[commitment.breach]：苏州工业园区蝴蝶天翔投资中心（有限合伙） 于 2023-02-07 减持 20,000 股"));
    assert!(!stderr.contains("错误[funds") && !stderr.contains("错误[sale") && !stderr.contains("错误[holdings"));
}

#[test]
fn changing_the_revenue_changes_every_figure_derived_from_it() {
    let case = CaseCopy::new();
    case.edit("financials.toml", "revenue                  = \"335,693,624.77\"", "revenue                  = \"350,000,000.00\"");
    let (report, _) = case.markdown();
    // (350,000,000.00 − 304,971,021.01) / 304,971,021.01 = 14.7650…%
    assert!(report.contains("| 营业收入 | 350,000,000.00 | 304,971,021.01 | 14.77 | 423,834,209.20 |"));
    assert!(report.contains("营业收入较上年同期增长14.77%"));
    assert!(!report.contains("10.07"));
}

#[test]
fn changing_the_offering_fees_changes_net_proceeds_and_unused_funds() {
    let case = CaseCopy::new();
    case.edit("funds.toml", "issuance_fees      = \"7,712.16万\"", "issuance_fees      = \"7,812.16万\"");
    // The errors this makes have no disposition yet: a draft.
    let (report, stderr) = case.draft();
    // 76,440.00 − 7,812.16 = 68,627.84; 68,627.84 − 64,506.70 = 4,121.14.
    assert!(report.contains("扣除发行费用7,812.16万元后，实际募集资金金额为68,627.84万元"));
    assert!(report.contains("募集资金余额为4,121.14万元"));
    assert!(stderr.contains("错误[funds.net-proceeds]：实际募集资金金额：按募集资金总额 − 发行费用计算为 68,627.84万元，案卷陈述为 68,727.84万元，相差 100.00万元，超出列示精度可解释的范围"), "{stderr}");
    assert!(stderr.contains("错误[funds.unused]：2023 年末募集资金余额：按实际募集资金 − 累计使用计算为 4,121.14万元，案卷陈述为 4,221.14万元"), "{stderr}");
}

#[test]
fn changing_a_sale_changes_its_amount_and_share_of_total() {
    let case = CaseCopy::new();
    case.edit("events.toml", "shares = 20000", "shares = 30000");
    // The errors this makes have no disposition yet: a draft.
    let (report, stderr) = case.draft();
    // 30,000 × 51.97 = 1,559,100; 30,000 ÷ 47,462,175 = 0.0632%.
    assert!(report.contains("卖出持有的青云科技股份 30,000 股，占公司总股本比例 0.06%，成交均价 51.97 元/股，成交金额 1,559,100 元"));
    assert!(stderr.contains("错误[sale.amount]：苏州工业园区蝴蝶天翔投资中心（有限合伙） 2023-02-07 减持成交金额：按股数 × 成交均价计算为 1,559,100元，案卷陈述为 1,039,400元，相差 519,700元"), "{stderr}");
    assert!(stderr.contains("错误[sale.percent]：苏州工业园区蝴蝶天翔投资中心（有限合伙） 2023-02-07 减持股数占总股本比例：按减持股数 ÷ 当日总股本 47,462,175 股计算为 0.06%，案卷陈述为 0.04%"), "{stderr}");
}

#[test]
fn changing_a_bank_balance_changes_the_total_and_the_ledger_closing_line() {
    let case = CaseCopy::new();
    case.edit("funds.toml", "\"0.9324万\"", "\"1.9324万\"");
    // The errors this makes have no disposition yet: a draft.
    let (report, stderr) = case.draft();
    assert!(report.contains("| 合计 | | 8.5758 |"));
    assert!(report.contains("| 2023年12月31日募集资金专户余额 | 8.58 |"));
    assert!(report.contains("募集资金专户2023年12月31日余额合计为8.58万元"));
    assert!(stderr.contains("错误[funds.ledger-reconciles]：2023 年末募集资金专户余额：按台账各行推算为 7.5700 万元，各专户余额合计为 8.5758 万元，相差 1.0058 万元，超出列示精度可解释的范围"), "{stderr}");
    assert!(stderr.contains("错误[funds.closing-balance]"), "{stderr}");
}

#[test]
fn malformed_toml_is_refused_with_its_line() {
    let case = CaseCopy::new();
    case.edit("company.toml", "[company]", "[company");
    case.refused(&format!("{}:5:9：TOML 语法错误（表头缺少“]”）：请检查引号、括号与等号", case.path("company.toml")));
}

#[test]
fn an_impossible_date_is_refused() {
    let case = CaseCopy::new();
    case.edit("events.toml", "date = 2023-02-07", "date = 2023-02-30");
    case.refused(&format!("{}:6:8：字段 date：日期无效（该月只有 28 天）：应为真实存在的日期，如 2023-02-07", case.path("events.toml")));
    let quoted = CaseCopy::new();
    quoted.edit("events.toml", "date = 2023-02-07", "date = \"2023-02-30\"");
    quoted.refused(&format!(
        "{}:6:8：字段 share_sales[0].date：“2023-02-30”不是有效的日期：应为真实存在的 YYYY-MM-DD 日期，如 2023-02-07",
        quoted.path("events.toml")
    ));
}

#[test]
fn a_malformed_amount_is_refused() {
    let case = CaseCopy::new();
    case.edit("funds.toml", "\"7,712.16万\"", "\"12,34.5万\"");
    case.refused(&format!(
        "{}:12:22：字段 offering.issuance_fees：“12,34.5万”不是有效的金额：应为如 \"335,693,624.77\"（元）、\"1,259.68万\" 或 \"0.84亿\" 的写法，千分位逗号每三位一组",
        case.path("funds.toml")
    ));
    let float = CaseCopy::new();
    float.edit("financials.toml", "\"335,693,624.77\"", "335693624.77");
    float.refused(&format!(
        "{}:7:28：字段 2023.revenue：数字 335693624.77 应写成带引号的字符串（如 \"335693624.77\"），以保留原始精度",
        float.path("financials.toml")
    ));
}

#[test]
fn a_reference_to_nothing_is_refused_where_it_is_written() {
    let seller = CaseCopy::new();
    seller.edit("events.toml", "holder = \"苏州工业园区蝴蝶天翔投资中心（有限合伙）\"", "holder = \"苏州工业园区蝴蝶天翔投资中心\"");
    seller.refused(&format!(
        "{}:4：字段 share_sales[0].holder：卖方“苏州工业园区蝴蝶天翔投资中心”未在 shareholders.toml 的 [[parties]] 中登记：请按 name 或 short_name 填写，或先登记该方（无特殊身份可写 roles = []）",
        seller.path("events.toml")
    ));
    let plan = CaseCopy::new();
    plan.edit("events.toml", "# plan = \"tianxiang-2023\"", "plan = \"tianxiang-2023\"");
    plan.refused(&format!(
        "{}:4：字段 share_sales[0].plan：减持计划“tianxiang-2023”不存在：应为 events.toml 中某个 [[reduction_plans]] 的 id",
        plan.path("events.toml")
    ));
}

#[test]
fn a_missing_required_fact_is_refused() {
    let case = CaseCopy::new();
    case.edit("company.toml", "stock_code = \"688316\"\n", "");
    case.refused(&format!("{}:5:1：字段 company.stock_code：缺少必填字段 stock_code", case.path("company.toml")));
}

#[test]
fn a_case_lacking_what_the_report_needs_gets_the_whole_list() {
    let no_prior_year = CaseCopy::new();
    no_prior_year.edit("financials.toml", "[2022]", "[2020]");
    no_prior_year.incomplete(&[format!(
        "{}：字段 2022：缺少 2022 年度主要财务数据：2023 年度报告需要 [2023] 与 [2022] 两个年度的表",
        no_prior_year.path("financials.toml")
    )]);
    let several = CaseCopy::new();
    several.edit("worklog/2023.toml", "13 = \"持续督导期间，公司未出现该等事项\"\n", "");
    several.edit("company.toml", "[sponsor]\nfirm = \"中国国际金融股份有限公司\"\nrepresentatives = [\"王鹤\", \"李振\"]\n", "");
    std::fs::remove_file(several.dir.join("narrative/2023/rd.md")).unwrap();
    several.incomplete(&[
        format!("{}：字段 sponsor：缺少保荐机构：请写明 [sponsor] 的 firm（保荐机构名称）与 representatives（保荐代表人）", several.path("company.toml")),
        format!("{}：字段 items.13：缺少第 13 项持续督导工作的完成情况：在 [items] 中写明 13 = \"…\"", several.path("worklog/2023.toml")),
        format!("{}：缺少研发投入变化及研发进展：由保荐机构撰写（可引用报告计算的数字，见 docs/templates.md）", several.path("narrative/2023/rd.md")),
    ]);
}

#[test]
fn an_unknown_field_is_refused() {
    let case = CaseCopy::new();
    case.edit("shareholders.toml", "holder = \"甘泉\"", "holdr = \"甘泉\"");
    case.refused(&format!("{}:23:1：字段 holdings[1].holdr：未知字段 holdr（可用字段：holder、date、shares、stated_percent）", case.path("shareholders.toml")));
}

#[test]
fn a_placeholder_naming_no_fact_is_refused_where_it_is_written() {
    let case = CaseCopy::new();
    case.edit("worklog/2023.toml", "{{ sales.tianxiang.shares }}", "{{ sales.tianxiang.share }}");
    case.refused(&format!(
        "{}:16：字段 items.5：模板错误：占位符 {{{{ sales.tianxiang.share }}}} 引用了不存在的字段：可用字段见 docs/templates.md（位于该字段第 3 行）",
        case.path("worklog/2023.toml")
    ));
}

#[test]
fn a_narrative_citing_an_unrecorded_figure_names_the_figure_and_its_file() {
    // risks.md line 11 prints {{ fin.net_profit.delta | wan }}: without 2023's 归母净利润 the
    // delta is unknown, and the message says which figure to record where.
    let case = CaseCopy::new();
    case.edit("financials.toml", "net_profit               = \"-170,072,432.98\"\n", "");
    case.refused(&format!(
        "{}:11：模板错误：占位符 {{{{ fin.net_profit.delta | wan }}}} 引用的主要财务数据 net_profit 在案卷中没有记录：请在 financials.toml 的本期与比较期中写明 net_profit",
        case.path("narrative/2023/risks.md")
    ));
}

#[test]
fn a_year_outside_the_supervision_is_refused_as_such() {
    // 青云科技 is supervised from 2021-03-16 (listing) to 2024-12-31.
    for (year, words) in [("2019", "2019年度"), ("2030", "2030年度")] {
        let example = dudao_testkit::example_dir().display().to_string();
        let output = Command::new(env!("CARGO_BIN_EXE_dudao")).args(["report", &example, "--year", year]).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.trim_end(), format!("错误：{words}不在持续督导期间（2021年3月16日 至 2024年12月31日）内：年度持续督导跟踪报告只就督导期间出具"));
    }
}

#[test]
fn figures_cited_in_prose_print_with_separators_and_unit() {
    let case = CaseCopy::new();
    case.append(
        "narrative/2023/other_matters.md",
        "\n营业收入{{ fin.revenue.current }}，加权平均净资产收益率{{ fin.roe.current }}，上年营业收入{{ fin.revenue.prior | wan }}万元。\n",
    );
    let (output, out) = case.report("md");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let md = std::fs::read_to_string(out).unwrap();
    // 2023: 335,693,624.77 元 and −66.85 %; 2022's revenue 304,971,021.01 元 = 30,497.10 万元.
    assert!(md.contains("营业收入335,693,624.77元，加权平均净资产收益率-66.85%，上年营业收入30,497.10万元。"), "{md}");
}

#[test]
fn a_firm_can_override_the_wording_without_recompiling() {
    let case = CaseCopy::new();
    let templates = case.dir.join("firm-templates");
    fs::create_dir(&templates).unwrap();
    let shipped = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates/tracking_report.md.j2")).unwrap();
    fs::write(templates.join("tracking_report.md.j2"), shipped.replace("## 三、重大风险事项", "## 三、重大风险提示")).unwrap();
    let out = case.dir.join("firm.md");
    let output = Command::new(env!("CARGO_BIN_EXE_dudao"))
        .args(["report", case.dir.to_str().unwrap(), "--year", "2023", "--templates", templates.to_str().unwrap(), "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success());
    let report = fs::read_to_string(out).unwrap();
    assert!(report.contains("## 三、重大风险提示"));
    assert!(report.contains("| 营业收入 | 335,693,624.77 |"));

    fs::write(templates.join("tracking_reprot.md.j2"), "").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_dudao"))
        .args(["report", case.dir.to_str().unwrap(), "--year", "2023", "--templates", templates.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains("tracking_reprot.md.j2：模板错误：未知的模板文件：可覆盖的模板为 tracking_report.md.j2、tracking_sse_main.md.j2、tracking_szse.md.j2")
    );
}

#[test]
fn a_near_miss_in_a_typed_fact_is_refused_not_ignored() {
    // A misspelt day kind used to load and silently drop the example's one error.
    let case = CaseCopy::new();
    case.edit("commitments.toml", "day_kind = \"trading\"", "day_kind = \"tradeing\"");
    case.refused(&format!("{}:11:9：字段 commitments[0].terms：未知取值 “tradeing”：应为 trading、working、calendar 之一", case.path("commitments.toml")));
    // A bank balance on a day that does not exist.
    let case = CaseCopy::new();
    case.edit("funds.toml", "balances = { 2023-12-31 = \"6.6329万\" }", "balances = { \"2023-13-31\" = \"6.6329万\" }");
    case.refused(&format!(
        "{}:20：字段 accounts[0].balances：“2023-13-31”不是有效的日期：余额应按真实存在的日期列示，如 2023-12-31 = \"6.6329万\"",
        case.path("funds.toml")
    ));
}

#[test]
fn the_kinds_are_listed_with_their_forms() {
    let output = Command::new(env!("CARGO_BIN_EXE_dudao")).args(["report", "--list-kinds"]).output().unwrap();
    assert!(output.status.success());
    let listed = String::from_utf8(output.stdout).unwrap();
    assert!(listed.starts_with("annual-tracking\t年度持续督导跟踪报告（年度，如 --period 2023）\n  star-narrative\t科创板叙述式：科创板，2019年7月22日起出具，模板 tracking_report.md.j2\n"), "{listed}");
    assert!(listed.contains("  szse-table\t深交所表格式：深交所主板、创业板，2022年1月7日起出具，模板 tracking_szse.md.j2\n"), "{listed}");
}

#[test]
fn a_document_made_from_unconfirmed_drafts_says_so_on_every_page_until_confirmed() {
    let case = CaseCopy::new();
    fs::write(
        case.dir.join("drafts.toml"),
        "[[draft]]\nfile = \"narrative/2023/risks.md\"\nbasis = \"摘自年度报告第 20 页起\"\n\n[[draft]]\nfile = \"worklog/2023.toml\"\nfield = \"items.3\"\nbasis = \"按案卷记录预填\"\n",
    )
    .unwrap();
    let (md, _) = case.markdown();
    assert!(
        md.starts_with(
            "> 草稿：含 2 项 dudao 起草、保荐机构尚未确认的内容（dudao confirm 确认后方可出具）：narrative/2023/risks.md、worklog/2023.toml 的 items.3\n\n# "
        ),
        "{md}"
    );
    let (output, html) = case.report("html");
    assert!(output.status.success());
    let html = fs::read_to_string(html).unwrap();
    assert!(html.contains("@top-center { content: \"草稿：含 2 项") && html.contains("<p class=\"draft-mark\">"));
    // In Word, the page header: on every page.
    let (output, docx) = case.report("docx");
    assert!(output.status.success());
    let mut header = String::new();
    let mut archive = zip::ZipArchive::new(fs::File::open(&docx).unwrap()).unwrap();
    std::io::Read::read_to_string(&mut archive.by_name("word/header1.xml").unwrap(), &mut header).unwrap();
    assert!(header.contains("草稿：含 2 项"), "{header}");

    let confirm = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_dudao")).arg("confirm").arg(&case.dir).args(args).output().unwrap();
    let refused = confirm(&["narrative/2023/rd.md"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("没有待确认的草稿 narrative/2023/rd.md：待确认的有 narrative/2023/risks.md、worklog/2023.toml 的 items.3")
    );
    let one = confirm(&["worklog/2023.toml#items.3"]);
    assert_eq!(String::from_utf8_lossy(&one.stdout), "已确认 1 项：worklog/2023.toml 的 items.3\n尚有 1 项待确认：narrative/2023/risks.md\n");
    assert!(case.markdown().0.starts_with("> 草稿：含 1 项"));
    let all = confirm(&["--all"]);
    assert_eq!(String::from_utf8_lossy(&all.stdout), "已确认 1 项：narrative/2023/risks.md\n案卷已无待确认的草稿\n");
    assert!(!fs::read_to_string(case.dir.join("drafts.toml")).unwrap().contains("[[draft]]"));
    assert!(case.markdown().0.starts_with("# "));
}

#[test]
fn a_draft_of_a_file_the_case_lacks_is_refused() {
    let case = CaseCopy::new();
    fs::write(case.dir.join("drafts.toml"), "[[draft]]\nfile = \"narrative/2023/nothing.md\"\nbasis = \"…\"\n").unwrap();
    case.refused(&format!(
        "{}：字段 draft[0].file：案卷中没有文件 narrative/2023/nothing.md：待确认的草稿应指向案卷中的文件",
        case.dir.join("drafts.toml").display()
    ));
}

#[test]
fn a_star_draft_marks_the_sponsors_missing_sections_and_duties() {
    // What `dudao new` leaves to the sponsor of a STAR company: a narrative section and a
    // duty's account. The final report is refused naming them; the draft marks them.
    let case = CaseCopy::new();
    std::fs::remove_file(case.dir.join("narrative/2023/rd.md")).unwrap();
    case.edit("worklog/2023.toml", "13 = \"持续督导期间，公司未出现该等事项\"\n", "");
    let (md, _) = case.draft();
    assert!(md.contains("### （一）研发投入及变化情况\n\n【待补充：研发投入变化及研发进展（narrative/2023/rd.md）】"), "{md}");
    assert!(md.contains("| 【待补充：第 13 项持续督导工作的完成情况（worklog/2023.toml 的 items.13）】 |"), "{md}");
}
