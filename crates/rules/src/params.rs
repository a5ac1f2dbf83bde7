//! Rule parameters, parsed once at load into the typed struct each check declares: a
//! role, sale method or day kind spelt wrong in the rulebook or in a user's override file
//! is a located error, never a value that silently matches nothing.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, Error as _, Unexpected};

/// A version's parameters: the table as written, for listings, and the check's typed
/// parameters parsed from it.
#[derive(Clone)]
pub struct Params {
    table: toml::Table,
    typed: Arc<dyn Any + Send + Sync>,
}

impl Params {
    pub(crate) fn new(table: toml::Table, typed: Arc<dyn Any + Send + Sync>) -> Params {
        Params { table, typed }
    }

    /// The parameters as the check's struct `T`. Each check reads the type it declared in
    /// `checks::ALL`, so the cast cannot fail once the rulebook has loaded.
    pub fn get<T: 'static>(&self) -> &T {
        self.typed.downcast_ref().expect("a check reads the parameter type it declares")
    }

    /// The parameters as written, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &toml::Value)> {
        self.table.iter()
    }

    pub(crate) fn table(&self) -> &toml::Table {
        &self.table
    }
}

impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.table.fmt(f)
    }
}

/// Parses a parameter table into a check's typed parameters.
pub type ParseParams = fn(&toml::Table) -> Result<Arc<dyn Any + Send + Sync>, ParamError>;

/// Why a parameter table does not fit its check, in Chinese, with the parameter at fault.
#[derive(Debug)]
pub struct ParamError {
    /// The parameter (`roles[1]`), where the error concerns one.
    pub field: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

/// The [`ParseParams`] of a check whose parameters are `T`.
pub fn parse<T: DeserializeOwned + Send + Sync + 'static>(table: &toml::Table) -> Result<Arc<dyn Any + Send + Sync>, ParamError> {
    let value = toml::Value::Table(table.clone());
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(typed) => Ok(Arc::new(typed)),
        Err(error) => {
            let path = error.path().to_string();
            let field = (path != ".").then_some(path);
            // toml appends the key on a second line; the field is named separately.
            let message = error.into_inner().to_string();
            Err(translate(message.lines().next().unwrap_or_default().trim(), field))
        }
    }
}

/// serde's English, for the few shapes a parameter error takes, in Chinese.
fn translate(message: &str, field: Option<String>) -> ParamError {
    let quoted = |text: &str| text.split('`').nth(1).unwrap_or_default().to_owned();
    let listed = |text: &str| -> Vec<String> { text.split('`').skip(1).step_by(2).map(str::to_owned).collect() };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let name = quoted(rest);
        let known = rest.split_once(", expected").map_or_else(Vec::new, |(_, tail)| listed(tail));
        let expected = if known.is_empty() { "该规则没有可调参数".to_owned() } else { format!("可用参数：{}", known.join("、")) };
        return ParamError { field: Some(name.clone()), message: format!("未知参数 {name}（{expected}）") };
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let name = quoted(rest);
        return ParamError { field: Some(name.clone()), message: format!("缺少参数 {name}") };
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (found, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let found = quoted(found);
        return ParamError { field, message: format!("参数值 \"{found}\" 无效：应为 {} 之一", listed(expected).join("、")) };
    }
    for prefix in ["invalid value: ", "invalid type: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            let found = if found.contains('`') { quoted(found) } else { found.find('"').map_or(found, |i| &found[i..]).to_owned() };
            return ParamError { field, message: format!("参数值 {found} 无效：应为{}", expected_in_chinese(expected)) };
        }
    }
    ParamError { field, message: message.to_owned() }
}

fn expected_in_chinese(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" => "非负整数".to_owned(),
        "a sequence" => "列表，如 [\"director\"]".to_owned(),
        "a string" => "字符串".to_owned(),
        other => other.to_owned(),
    }
}

/// The most days or months a rule may count: ten years of days. A larger count is a typing
/// error in a rulebook or an override, not a rule.
pub const MAX_COUNT: u16 = 3660;

/// A day or month count parameter (`#[serde(deserialize_with = "count")]`), refused beyond
/// [`MAX_COUNT`].
pub fn count<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u16, D::Error> {
    let value = u16::deserialize(deserializer)?;
    if value > MAX_COUNT {
        return Err(D::Error::invalid_value(Unexpected::Unsigned(u64::from(value)), &"至多 3660 的整数（十年以内的天数或月数）"));
    }
    Ok(value)
}

/// An exact decimal parameter, written as a string so no float ever holds it: `"1.5"`.
#[derive(Clone, Copy, Debug)]
pub struct Exact(pub Decimal);

impl<'de> Deserialize<'de> for Exact {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Exact, D::Error> {
        const EXPECTED: &str = "带引号的十进制数，如 \"1.5\"";
        match toml::Value::deserialize(deserializer)? {
            toml::Value::String(text) => text.parse().map(Exact).map_err(|_| D::Error::invalid_value(Unexpected::Str(&text), &EXPECTED)),
            toml::Value::Integer(n) => Err(D::Error::invalid_type(Unexpected::Signed(n), &EXPECTED)),
            toml::Value::Float(x) => Err(D::Error::invalid_type(Unexpected::Float(x), &EXPECTED)),
            _ => Err(D::Error::custom(format!("invalid type: value, expected {EXPECTED}"))),
        }
    }
}
