//! The work items of each tracking form, worded as the form prints them: the SSE
//! guideline's 16 duties (the STAR report's and the SSE main board's section 一) and the rows
//! of the SZSE table (一、保荐工作概述 and 四、其他事项). One wording for the documents and for
//! the workbench, which asks for each item's account in the form's own words.

use dudao_model::{Board, Case, Period};

/// The SSE guideline's 16 duties, naming the company's exchange (`exchange`) and listing
/// rules.
pub(crate) fn duties(board: Board) -> Vec<String> {
    let (x, rules) = (board.exchange(), board.listing_rules());
    vec![
        "建立健全并有效执行持续督导工作制度，并针对具体的持续督导工作制定相应的工作计划".to_owned(),
        format!("根据中国证监会相关规定，在持续督导工作开始前，与上市公司或相关当事人签署持续督导协议，明确双方在持续督导期间的权利义务，并报{x}备案"),
        "通过日常沟通、定期回访、现场检查、尽职调查等方式开展持续督导工作".to_owned(),
        format!("持续督导期间，按照有关规定对上市公司违法违规事项公开发表声明的，应于披露前向{x}报告，经{x}审核后在指定媒体上公告"),
        format!(
            "持续督导期间，上市公司或相关当事人出现违法违规、违背承诺等事项的，应自发现或应当发现之日起五个工作日内向{x}报告，报告内容包括上市公司或相关当事人出现违法违规、违背承诺等事项的具体情况，保荐机构采取的督导措施等"
        ),
        format!("督导上市公司及其董事、监事、高级管理人员遵守法律、法规、部门规章和{x}发布的业务规则及其他规范性文件，并切实履行其所做出的各项承诺"),
        "督导上市公司建立健全并有效执行公司治理制度，包括但不限于股东大会、董事会、监事会议事规则以及董事、监事和高级管理人员的行为规范等".to_owned(),
        "督导上市公司建立健全并有效执行内控制度，包括但不限于财务管理制度、会计核算制度和内部审计制度，以及关联交易、对外担保、对外投资、衍生品交易、对子公司的控制等重大经营决策的程序与规则等".to_owned(),
        format!("督导公司建立健全并有效执行信息披露制度，审阅信息披露文件及其他相关文件并有充分理由确信上市公司向{x}提交的文件不存在虚假记载、误导性陈述或重大遗漏"),
        format!(
            "对上市公司的信息披露文件及向中国证监会、{x}提交的其他文件进行事前审阅，对存在问题的信息披露文件应及时督促上市公司予以更正或补充，上市公司不予更正或补充的，应及时向{x}报告；对上市公司的信息披露文件未进行事前审阅的，应在上市公司履行信息披露义务后五个交易日内，完成对有关文件的审阅工作，对存在问题的信息披露文件应及时督促上市公司更正或补充，上市公司不予更正或补充的，应及时向{x}报告"
        ),
        format!(
            "关注上市公司或其控股股东、实际控制人、董事、监事、高级管理人员受到中国证监会行政处罚、{x}纪律处分或者被{x}出具监管关注函的情况，并督促其完善内部控制制度，采取措施予以纠正"
        ),
        format!("持续关注上市公司及控股股东、实际控制人等履行承诺的情况，上市公司及控股股东、实际控制人等未履行承诺事项的，及时向{x}报告"),
        format!(
            "关注公共传媒关于上市公司的报道，及时针对市场传闻进行核查。经核查后发现上市公司存在应披露未披露的重大事项或与披露的信息与事实不符的，应及时督促上市公司如实披露或予以澄清；上市公司不予披露或澄清的，应及时向{x}报告"
        ),
        format!(
            "发现以下情形之一的，保荐机构应督促上市公司做出说明并限期改正，同时向{x}报告：（一）上市公司涉嫌违反{rules}等{x}相关业务规则；（二）证券服务机构及其签名人员出具的专业意见可能存在虚假记载、误导性陈述或重大遗漏等违法违规情形或其他不当情形；（三）上市公司出现《保荐办法》第七十条规定的情形；（四）上市公司不配合保荐机构持续督导工作；（五）{x}或保荐机构认为需要报告的其他情形"
        ),
        "制定对上市公司的现场检查工作计划，明确现场检查工作要求，确保现场检查工作质量".to_owned(),
        format!(
            "上市公司出现以下情形之一的，应自知道或应当知道之日起十五日内或{x}要求的期限内，对上市公司进行专项现场检查：（一）存在重大财务造假嫌疑；（二）控股股东、实际控制人、董事、监事或者高级管理人员涉嫌侵占上市公司利益；（三）可能存在重大违规担保；（四）资金往来或者现金流存在重大异常；（五）本所或者保荐机构认为应当进行现场核查的其他事项"
        ),
    ]
}

/// A line of the SZSE table: a group's heading (no key), or a row answered by item `key`.
#[derive(serde::Serialize)]
pub(crate) struct Row {
    pub key: Option<&'static str>,
    pub label: &'static str,
    /// Printed in bold: a group's heading, and the rows that stand alone (9, 11).
    pub bold: bool,
}

const fn group(label: &'static str) -> Row {
    Row { key: None, label, bold: true }
}

const fn row(key: &'static str, label: &'static str) -> Row {
    Row { key: Some(key), label, bold: false }
}

const fn alone(key: &'static str, label: &'static str) -> Row {
    Row { key: Some(key), label, bold: true }
}

/// 一、保荐工作概述 of the SZSE table; before 2022 (`independent_opinions`, the form of the
/// 2014 guideline) item 6 is 发表独立意见情况, as a real report of 2021 prints it.
pub(crate) fn szse_overview(independent_opinions: bool) -> Vec<Row> {
    let (six, six_one) = if independent_opinions {
        ("6.发表独立意见情况", "（1）发表独立意见次数")
    } else {
        ("6.发表专项意见情况", "（1）发表专项意见次数")
    };
    vec![
        group("1.公司信息披露审阅情况"),
        row("1.1", "（1）是否及时审阅公司信息披露文件"),
        row("1.2", "（2）未及时审阅公司信息披露文件的次数"),
        group("2.督导公司建立健全并有效执行规章制度的情况"),
        row("2.1", "（1）是否督导公司建立健全规章制度（包括但不限于防止关联方占用公司资源的制度、募集资金管理制度、内控制度、内部审计制度、关联交易制度）"),
        row("2.2", "（2）公司是否有效执行相关规章制度"),
        group("3.募集资金监督情况"),
        row("3.1", "（1）查询公司募集资金专户次数"),
        row("3.2", "（2）公司募集资金项目进展是否与信息披露文件一致"),
        group("4.公司治理督导情况"),
        row("4.1", "（1）列席公司股东大会次数"),
        row("4.2", "（2）列席公司董事会次数"),
        row("4.3", "（3）列席公司监事会次数"),
        group("5.现场检查情况"),
        row("5.1", "（1）现场检查次数"),
        row("5.2", "（2）现场检查报告是否按照本所规定报送"),
        row("5.3", "（3）现场检查发现的主要问题及整改情况"),
        group(six),
        row("6.1", six_one),
        row("6.2", "（2）发表非同意意见所涉问题及结论意见"),
        group("7.向本所报告情况（现场检查报告除外）"),
        row("7.1", "（1）向本所报告的次数"),
        row("7.2", "（2）报告事项的主要内容"),
        row("7.3", "（3）报告事项的进展或者整改情况"),
        group("8.关注职责的履行情况"),
        row("8.1", "（1）是否存在需要关注的事项"),
        row("8.2", "（2）关注事项的主要内容"),
        row("8.3", "（3）关注事项的进展或者整改情况"),
        alone("9", "9.保荐业务工作底稿记录、保管是否合规"),
        group("10.对上市公司培训情况"),
        row("10.1", "（1）培训次数"),
        row("10.2", "（2）培训日期"),
        row("10.3", "（3）培训的主要内容"),
        alone("11", "11.其他需要说明的保荐工作情况"),
    ]
}

/// 四、其他事项 of the SZSE table.
pub(crate) fn szse_other() -> Vec<Row> {
    vec![
        row("other.1", "1.保荐代表人变更及其理由"),
        row("other.2", "2.报告期内中国证监会和本所对保荐人或者其保荐的公司采取监管措施的事项及整改情况"),
        row("other.3", "3.其他需要报告的重大事项"),
    ]
}

/// Each work item of the company's tracking form for `period`, by its key in the work log,
/// with the form's wording: 第 5 项：持续督导期间，上市公司…; 一、1（1）是否及时审阅…;
/// 四、1.保荐代表人变更及其理由.
pub fn work_items(case: &Case, period: Period) -> Vec<(&'static str, String)> {
    let board = case.company.company.board;
    match board {
        Board::Star | Board::SseMain | Board::Bse => {
            board.work_items().iter().zip(duties(board)).map(|(key, duty)| (*key, format!("第 {key} 项：{duty}"))).collect()
        }
        Board::SzseMain | Board::Chinext => {
            let form = super::ANNUAL.form(board, period.filed_by()).map_or("", |f| f.id);
            let mut rows = Vec::new();
            let mut heading = "";
            for r in szse_overview(form == super::SZSE_TABLE_2015.id) {
                match r.key {
                    None => heading = r.label,
                    Some(key) if r.bold => rows.push((key, format!("一、{}", r.label))),
                    Some(key) => rows.push((key, format!("一、{heading}{}", r.label))),
                }
            }
            rows.extend(szse_other().into_iter().filter_map(|r| Some((r.key?, format!("四、{}", r.label)))));
            rows
        }
    }
}
