//! A mutation fuzzer that runs on the stable toolchain: it takes real inputs (the example
//! cases, the seed tracking report, real annual reports as text, HTML, JSON pages and the
//! word boxes `pdftotext` gives for a PDF), changes them the way a typo, a bad export or a
//! hostile user would, and feeds them to the same library functions the CLI and the
//! workbench call. Any panic is a crash: the harness catches it, keeps the input, and goes
//! on. Bad input must come back as an error or a finding, never as a panic.
//!
//! Three targets:
//! - `case`: one file of a case mutated, then `parse_case`, and for a case that loads the
//!   rulebook (`check`), the duty schedule, and every document kind's prose for each
//!   period it is ready for, in Markdown and Word.
//! - `disclosure`: a disclosure mutated, then read in its form (`read_str`), verified
//!   (`verify`) and extracted for ingest (`extract`).
//! - `forms`: a workbench record form (any kind; add, change or delete) filled with odd
//!   values or the case's own, through the form-to-case layer (`edit_files`); an edit it
//!   accepts must leave a case that loads, which then goes through all `case` does.
//!
//! `dudao-fuzz TARGET --seconds N` runs one for N seconds (docs/fuzzing.md).

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dudao_calendar::Calendar;
use dudao_model::records::{Change, Edit, Home, Input, KINDS, Values};
use dudao_model::{CaseFiles, Date, parse_case};
use dudao_reader::Form;
use dudao_rules::Rulebook;

/// What a run exercises.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Case files through loading, the rulebook, deadlines and rendering.
    Case,
    /// Disclosures through the readers, verify and ingest.
    Disclosure,
    /// Workbench record forms through the form-to-case layer, then as `Case`.
    Forms,
}

impl Target {
    /// The target named `name` (`case`, `disclosure` or `forms`).
    pub fn named(name: &str) -> Option<Target> {
        match name {
            "case" => Some(Target::Case),
            "disclosure" => Some(Target::Disclosure),
            "forms" => Some(Target::Forms),
            _ => None,
        }
    }
}

/// One input that made dudao panic.
#[derive(Clone, Debug)]
pub struct Crash {
    /// The panic's message and location.
    pub panic: String,
    /// Where it panicked: crashes are told apart by this (a message may hold the input).
    pub location: String,
    /// Which file of the case, or which form of disclosure, was mutated.
    pub file: String,
    /// The mutated text.
    pub input: String,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Inputs tried.
    pub runs: u64,
    /// Inputs the code under test refused (an error, not a panic).
    pub refused: u64,
    /// Distinct panics (by location), each with the first input that caused it.
    pub crashes: Vec<Crash>,
    /// The slowest inputs (at most three, slowest first): how long each took, which file
    /// or form, and the input, kept to be profiled.
    pub slowest: Vec<(Duration, String, String)>,
}

/// The repository root (the seeds live in `examples/` and `tests/fixtures/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A small, fast generator (xorshift64*): reproducible from its seed, no dependency.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed` (any value).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Values that have broken parsers and arithmetic before, or sit on a boundary.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1",
    "0.0000000001",
    "0.00000000001",
    "999999999999999999",
    "9999999999999999999",
    "79228162514264337593543950335",
    "99999999999999999999999999999999",
    "1e308",
    "-999999999999999999.9999999999",
    "1,000,000,000,000,000,000",
    "NaN",
    "∞",
    "１２３",
    "3.14.15",
    "\"\"",
    "\"0\"",
    "\"-1\"",
    "\"999999999999999999.99\"",
    "\"0.00%\"",
    "\"100%\"",
    "\"1e5\"",
    "\"9,999,999,999,999,999.99亿\"",
];

const DATES: &[&str] = &[
    "0000-01-01",
    "1899-12-31",
    "1989-12-31",
    "1990-01-01",
    "2019-01-01",
    "2018-12-31",
    "2020-02-29",
    "2021-02-29",
    "2023-13-01",
    "2026-12-31",
    "2027-01-01",
    "2036-12-31",
    "9999-12-31",
    "\"2023-02-07\"",
    "2023-02-07T10:00:00",
];

const SNIPPETS: &[&str] = &[
    "\n[[share_sales]]\nid = \"x\"\ndate = 2023-02-07\nholder = \"x\"\nshares = 1\nmethod = \"block_trade\"\naverage_price = \"1\"\n",
    "\n[[total_shares]]\ndate = 2023-01-01\nshares = 1\n",
    "{{ ",
    "{% for x in y %}",
    "{{ sales.tianxiang.shares | round(99999) }}",
    "<table><tr><td rowspan=\"99999\" colspan=\"99999\">1</td></tr></table>",
    "<td>",
    "</table>",
    "增长 100.00%",
    "减少 -0.00%",
    "较上年同期增长 99999999999999999999%",
    "合计 1 2 3",
    "{\"page\":1,\"text\":\"",
    "\u{0}",
    "\u{FEFF}",
    "\r\n",
    "＝",
    "（",
    "元",
    "万元",
    "亿元",
    "%",
    "股",
];

/// What a form field may be typed as, beyond what its kind allows: other forms of dates
/// and figures, text that is TOML or a template, very long or control characters.
const FORM_VALUES: &[&str] = &[
    "2023-06-15",
    "2024-3-1",
    "２０２４-０３-０１",
    " 2024-03-01 ",
    "2024/03/01",
    "20240301",
    "2024-03-01T00:00:00Z",
    "+2024-03-01",
    "2024-03-01\n[x]",
    "1000",
    "12.34",
    "0.5%",
    "5%",
    "1,000",
    "２３",
    "65535",
    "65536",
    "1e3",
    "2023",
    "-2023",
    "\"",
    "\"\"\"",
    "'''",
    "\\",
    "a\nb",
    "\u{0}",
    "{{ x }}",
    "{% raw %}",
    "# 注释",
    "[[share_sales]]",
    "id = \"x\"",
    " ",
    "a, b",
    "a，b、c",
    "on",
    "true",
    "other",
];

/// Every value written in `files`: the text between quotes and what follows `= ` on a
/// line without them (dates, figures) — so a form can name a real party, plan or record.
pub fn case_values(files: &CaseFiles) -> Vec<String> {
    let mut values = Vec::new();
    for (_, text) in files.iter() {
        for line in text.lines() {
            if line.contains('"') {
                values.extend(line.split('"').skip(1).step_by(2).map(str::to_owned));
            } else if let Some((_, value)) = line.split_once("= ") {
                values.push(value.trim().to_owned());
            }
        }
    }
    values.sort();
    values.dedup();
    values
}

/// An odd value for a field typed as `input`: one of the case's own, a boundary for its
/// kind, or something no form should accept.
fn odd_value(input: Input, own: &[String], rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => rng.pick(own).clone(),
        1 => match input {
            Input::Date => rng.pick(DATES).to_string(),
            Input::Shares | Input::Price | Input::Amount | Input::Percent | Input::Integer | Input::Year => rng.pick(NUMBERS).to_string(),
            _ => "x".repeat(1 + rng.below(20_000)),
        },
        _ => rng.pick(FORM_VALUES).to_string(),
    }
}

/// A value a user would type for field `key` typed as `input`, from the case's own dates
/// and names where it needs them, so that many such forms are accepted and go on to the
/// rulebook and the documents.
fn usual_value(key: &str, input: Input, own: &[String], dates: &[String], rng: &mut Rng) -> String {
    match input {
        Input::Date => rng.pick(dates).clone(),
        Input::Year => rng.pick(&["2022", "2023", "2024"]).to_string(),
        Input::Integer => rng.pick(&["0", "15", "90"]).to_string(),
        Input::Shares => rng.pick(&["100", "1000", "123456", "3000000"]).to_string(),
        Input::Price => rng.pick(&["0.01", "12.34", "45.6"]).to_string(),
        Input::Amount => rng.pick(&["1234.56", "1000000", "0"]).to_string(),
        Input::Percent => rng.pick(&["0.50%", "1%", "5.01%"]).to_string(),
        Input::Bool => rng.pick(&["on", ""]).to_string(),
        Input::Select(options) => rng.pick(&options()).0.to_owned(),
        Input::YesNo(..) => rng.pick(&["true", "false"]).to_string(),
        Input::Choices(options) => rng.pick(&options()).0.to_owned(),
        Input::Text if key == "id" => format!("fz{}", rng.below(50)),
        Input::Text | Input::LongText | Input::List => rng.pick(own).clone(),
    }
}

/// A record form of a random kind, filled as a user would, with none, one or many fields
/// odd: the edit, and its values.
fn form_edit(own: &[String], dates: &[String], rng: &mut Rng) -> (Edit<'static>, Values) {
    let kind = rng.pick(KINDS);
    let change = match rng.below(4) {
        0 | 1 => Change::Add,
        2 => Change::Replace(rng.below(6)),
        _ => Change::Delete(rng.below(6)),
    };
    let place = match kind.home {
        Home::Worklog => *rng.pick(&["2023", "2024", "2022", "", "99999", "../x", "２０２３"]),
        Home::File(path) => path.trim_end_matches(".toml"),
    };
    let odd_share = [0, 0, 1, 4][rng.below(4)];
    let mut values = Values::new();
    for field in kind.fields {
        // Now and then a field is left out of the post, as an unticked box is.
        if rng.below(12) == 0 {
            continue;
        }
        let value = if odd_share > 0 && rng.below(odd_share * 2) == 0 {
            odd_value(field.input, own, rng)
        } else {
            usual_value(field.key, field.input, own, dates, rng)
        };
        values.insert(field.key.to_owned(), value);
    }
    if kind.home == Home::Worklog {
        values.insert("year".to_owned(), if rng.below(4) == 0 { odd_value(Input::Year, own, rng) } else { rng.pick(&["2023", "2024"]).to_string() });
    }
    (Edit { kind, place, change }, values)
}

/// One random change of `text`; `donor` is another input to take lines from.
fn mutate_once(text: &str, donor: &str, rng: &mut Rng) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.is_empty() {
        return rng.pick(SNIPPETS).to_string();
    }
    let line = rng.below(lines.len());
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    match rng.below(10) {
        // Replace a number (a run of digits, signs, points and commas) with an odd one.
        0 | 1 => replace_token(&mut out[line], rng, |c| c.is_ascii_digit() || ".,-+".contains(c), NUMBERS),
        // Replace a date with an odd one.
        2 => replace_token(&mut out[line], rng, |c| c.is_ascii_digit() || c == '-', DATES),
        // Delete, duplicate or swap lines.
        3 => {
            out.remove(line);
        }
        4 => {
            let copy = out[line].clone();
            out.insert(line, copy);
        }
        5 => {
            let other = rng.below(out.len());
            out.swap(line, other);
        }
        // A line from another input, or a snippet, somewhere.
        6 => {
            let donor_lines: Vec<&str> = donor.split_inclusive('\n').collect();
            let inserted = if donor_lines.is_empty() || rng.below(2) == 0 { rng.pick(SNIPPETS).to_string() } else { rng.pick(&donor_lines).to_string() };
            out.insert(line, inserted);
        }
        // Characters inserted or removed within a line.
        7 => {
            let chars: Vec<char> = out[line].chars().collect();
            let at = rng.below(chars.len() + 1);
            let mut changed: String = chars[..at].iter().collect();
            if rng.below(2) == 0 {
                let snippet: &&str = rng.pick(SNIPPETS);
                changed.push_str(snippet);
            } else if at < chars.len() {
                changed.extend(&chars[(at + 1 + rng.below(8)).min(chars.len())..]);
                out[line] = changed;
                return out.concat();
            }
            changed.extend(&chars[at..]);
            out[line] = changed;
        }
        // Many figures at once (a product of two odd figures, a column of them).
        8 => {
            let value = *rng.pick(NUMBERS);
            let mut whole = out.concat();
            let mut at = 0;
            while let Some(start) = whole[at..].find(|c: char| c.is_ascii_digit()).map(|i| i + at) {
                let end = whole[start..].find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).map_or(whole.len(), |i| i + start);
                let in_date = whole[..start].ends_with('-') || whole[end..].starts_with('-');
                if !in_date && rng.below(2) == 0 {
                    whole.replace_range(start..end, value);
                    at = start + value.len();
                } else {
                    at = end;
                }
            }
            return whole;
        }
        // Cut the input short, or keep a slice of it (big inputs run faster as slices).
        _ => {
            let end = (line + 1 + rng.below(400)).min(out.len());
            return if rng.below(2) == 0 { out[..line].concat() } else { out[line..end].concat() };
        }
    }
    out.concat()
}

/// Replaces one run of characters matching `part` in `line` with a value from `values`.
fn replace_token(line: &mut String, rng: &mut Rng, part: impl Fn(char) -> bool, values: &[&str]) {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices().chain(std::iter::once((line.len(), ' '))) {
        match (part(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if runs.is_empty() {
        return;
    }
    let range = rng.pick(&runs).clone();
    let value: &&str = rng.pick(values);
    line.replace_range(range, value);
}

/// One to four changes of `text`.
pub fn mutate(text: &str, donor: &str, rng: &mut Rng) -> String {
    let mut out = mutate_once(text, donor, rng);
    for _ in 0..rng.below(4) {
        out = mutate_once(&out, donor, rng);
    }
    out
}

/// The seed cases: the real example and the fictional one.
pub fn case_seeds() -> Vec<CaseFiles> {
    ["examples/qingcloud", "examples/fictional"]
        .iter()
        .map(|dir| CaseFiles::read(&root().join(dir)).unwrap_or_else(|e| panic!("seed case {dir}: {e}")))
        .collect()
}

/// The seed disclosures in their forms: the seed tracking report, a verify fixture, the
/// real annual reports (JSON pages, HTML, the dataset's JSON lines) and, where `pdftotext` is installed, the word
/// boxes of the first pages of the two real PDFs.
pub fn disclosure_seeds() -> Vec<(Form, String)> {
    let fixtures = root().join("tests/fixtures");
    let read = |path: &str| std::fs::read_to_string(fixtures.join(path)).unwrap_or_else(|e| panic!("seed {path}: {e}"));
    let mut seeds = vec![
        (Form::Text, read("qingcloud-2023-tracking-report.txt")),
        (Form::Text, read("verify/excerpt-wrong-revenue-change.txt")),
        (Form::JsonPages, read("annual-reports/青岛港_601298_2019年年度报告_节选.jsonl.txt")),
        (Form::Html, read("annual-reports/2020-01-23_海翔药业_002099_2019年年度报告.html")),
        (Form::Markdown, read("qingcloud-2023-tracking-report.txt")),
        (Form::Html, read("annual-reports/2020-01-21_安靠智电_300617_2019年年度报告.html")),
        // The dataset's JSON lines: the bank's first 3,000 lines (identity, key data, tables
        // over page breaks), enough for every kind of line.
        (Form::JsonLines, read("annual-reports/2020-03-26_邮储银行_601658_2019年年度报告.txt").lines().take(3_000).map(|l| format!("{l}\n")).collect()),
    ];
    for pdf in ["2020-04-16_四方科技_603339_2019年年度报告.pdf", "2021-04-23_生物股份_600201_2020年年度报告.pdf"] {
        let boxes = std::process::Command::new("pdftotext")
            .args(["-bbox-layout", "-enc", "UTF-8", "-f", "1", "-l", "30"])
            .arg(fixtures.join("annual-reports").join(pdf))
            .arg("-")
            .output();
        if let Ok(output) = boxes
            && output.status.success()
        {
            seeds.push((Form::Pdf, String::from_utf8_lossy(&output.stdout).into_owned()));
        }
    }
    seeds
}

/// Everything the CLI does with a case, in memory: `Err` is a refusal (fine), a panic a crash.
pub fn exercise_case(files: &CaseFiles, calendar: &Calendar, rulebook: &Rulebook) -> Result<(), String> {
    let dir = Path::new("fuzz-case");
    let case = parse_case(dir, files).map_err(|e| e.to_string())?;
    let on = Date::ymd(2026, 11, 24);
    if let Some(message) = dudao_rules::outside_calendar(&case, calendar) {
        return Err(message);
    }
    let findings = dudao_rules::check(&case, calendar, on, rulebook);
    let _ = dudao_rules::schedule(&case, calendar, on);
    let templates = dudao_render::Templates::defaults();
    for kind in dudao_render::KINDS {
        for (period, missing) in kind.periods(&case, dir, &findings) {
            // A case that lacks facts still makes a draft, with its gaps marked.
            let report =
                if missing.is_empty() { kind.render(&case, dir, period, &templates, &findings) } else { kind.draft(&case, dir, period, &templates, &findings) };
            if let Ok(report) = report {
                for format in [dudao_render::Format::Markdown, dudao_render::Format::Docx] {
                    let _ = report.to_format(format, &templates);
                }
            }
        }
    }
    Ok(())
}

/// Everything dudao does with a disclosure: read it, verify it, extract facts for ingest.
pub fn exercise_disclosure(form: Form, text: &str) -> Result<(), String> {
    let doc = dudao_reader::read_str(text, form).map_err(|e| e.to_string())?;
    let _ = dudao_verify::verify(&doc, "fuzz");
    let _ = dudao_ingest::extract(&doc, "fuzz");
    Ok(())
}

/// A form's edit of a case, as the workbench would store it: `Err` is the form sent back
/// (fine); an accepted edit whose case does not load is a crash, as is any panic.
pub fn exercise_form(files: &CaseFiles, edit: &Edit<'_>, values: &Values, calendar: &Calendar, rulebook: &Rulebook) -> Result<(), String> {
    let dir = Path::new("fuzz-case");
    let changes = dudao_model::records::edit_files(files, dir, edit, values).map_err(|refusal| format!("{:?}", refusal.errors))?;
    let mut edited = files.clone();
    for change in changes {
        edited.set(&change.path, change.text);
    }
    if let Err(e) = parse_case(dir, &edited) {
        panic!("an edit the form accepted leaves a case that does not load: {e}");
    }
    exercise_case(&edited, calendar, rulebook)
}

/// How many of the slowest inputs a run keeps.
const SLOWEST_KEPT: usize = 3;

/// One input's run: `Err` is a refusal.
type Attempt<'a> = Box<dyn FnOnce() -> Result<(), String> + 'a>;

/// Runs `target` for `budget` from `seed`, catching every panic.
pub fn run(target: Target, budget: Duration, seed: u64) -> Outcome {
    let mut rng = Rng::new(seed);
    let mut outcome = Outcome::default();
    let last_panic: Arc<Mutex<Option<(String, String)>>> = Arc::default();
    let hook_slot = Arc::clone(&last_panic);
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let location = info.location().map_or_else(String::new, |l| format!("{}:{}", l.file(), l.line()));
        let message =
            info.payload().downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| info.payload().downcast_ref::<String>().cloned()).unwrap_or_default();
        *hook_slot.lock().unwrap_or_else(|e| e.into_inner()) = Some((format!("{message} at {location}"), location));
    }));
    let (calendar, rulebook) = (Calendar::embedded(), &Rulebook::shipped());
    let (cases, disclosures) = match target {
        Target::Case | Target::Forms => (case_seeds(), Vec::new()),
        Target::Disclosure => (Vec::new(), disclosure_seeds()),
    };
    let own: Vec<Vec<String>> = cases.iter().map(case_values).collect();
    let dates: Vec<Vec<String>> = own.iter().map(|values| values.iter().filter(|v| Date::parse(v).is_ok()).cloned().collect()).collect();
    let started = Instant::now();
    while started.elapsed() < budget {
        let (file, input, attempt): (String, String, Attempt<'_>) = match target {
            Target::Case => {
                let case = rng.pick(&cases);
                let names: Vec<(&str, &str)> = case.iter().collect();
                let &(name, text) = rng.pick(&names);
                let &(_, donor) = rng.pick(&names);
                let mutated = mutate(text, donor, &mut rng);
                let mut files = case.clone();
                files.set(name, mutated.clone());
                (name.to_owned(), mutated, Box::new(move || exercise_case(&files, calendar, rulebook)))
            }
            Target::Disclosure => {
                let (form, text) = rng.pick(&disclosures);
                let (_, donor) = rng.pick(&disclosures);
                let mutated = mutate(text, donor, &mut rng);
                let (form, input) = (*form, mutated.clone());
                (format!("{form:?}"), mutated, Box::new(move || exercise_disclosure(form, &input)))
            }
            Target::Forms => {
                let which = rng.below(cases.len());
                let (edit, values) = form_edit(&own[which], &dates[which], &mut rng);
                let described =
                    format!("{} {:?} {}\n{}", edit.kind.id, edit.change, edit.place, values.iter().map(|(k, v)| format!("{k} = {v:?}\n")).collect::<String>());
                let files = &cases[which];
                (edit.kind.id.to_owned(), described, Box::new(move || exercise_form(files, &edit, &values, calendar, rulebook)))
            }
        };
        let began = Instant::now();
        let result = panic::catch_unwind(AssertUnwindSafe(attempt));
        let took = began.elapsed();
        outcome.runs += 1;
        if outcome.slowest.len() < SLOWEST_KEPT || outcome.slowest.last().is_some_and(|(kept, _, _)| took > *kept) {
            outcome.slowest.truncate(SLOWEST_KEPT - 1);
            let at = outcome.slowest.partition_point(|(kept, _, _)| *kept >= took);
            outcome.slowest.insert(at, (took, file.clone(), input.clone()));
        }
        match result {
            Ok(Ok(())) => {}
            Ok(Err(_)) => outcome.refused += 1,
            Err(_) => {
                let (panic, location) = last_panic.lock().unwrap_or_else(|e| e.into_inner()).take().unwrap_or_default();
                if !outcome.crashes.iter().any(|c| c.location == location) {
                    outcome.crashes.push(Crash { panic, location, file, input });
                }
            }
        }
    }
    panic::set_hook(previous);
    outcome
}
