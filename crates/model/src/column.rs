//! Canonical column ids (the value keys of a row).

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::kind::{Side, TableKind};

/// The prefix that marks an unknown column in its serialized id.
pub const OTHER_PREFIX: &str = "x:";

/// A canonical column id of SCHEMA.md, or an unknown printed header.
///
/// Serde renders a canonical column as its SCHEMA id (`"total"`,
/// `"budget_overseas"` …) and an unknown one as `"x:"` followed by its printed
/// header with white space removed (`"x:其中：教育收费"`), so an unknown column
/// can never collide with a canonical id. Reading is lenient: a string that is
/// neither a canonical id nor `x:`-prefixed also becomes [`ColumnId::Other`]
/// (and is written back with the prefix), so a typo in a truth file shows up as
/// cells that never match rather than as a load failure.
///
/// The variant order is the canonical column order, which `Ord` follows; the
/// 三公 columns are ordered in printed 预算/决算 pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ColumnId {
    /// `amount`: the single 决算数 column.
    Amount,
    /// `total`: 合计 / 本年收入合计 / 本年支出合计 / 小计.
    Total,
    /// `fiscal_appropriation`: 财政拨款收入.
    FiscalAppropriation,
    /// `superior_subsidy`: 上级补助收入.
    SuperiorSubsidy,
    /// `business`: 事业收入.
    Business,
    /// `operating`: 经营收入 (income) or 经营支出 (expenditure).
    Operating,
    /// `affiliated_remittance`: 附属单位上缴收入.
    AffiliatedRemittance,
    /// `other`: 其他收入.
    OtherIncome,
    /// `basic`: 基本支出.
    Basic,
    /// `project`: 项目支出.
    Project,
    /// `remit_to_superior`: 上缴上级支出.
    RemitToSuperior,
    /// `subsidy_to_affiliated`: 对附属单位补助支出.
    SubsidyToAffiliated,
    /// `general_budget`: 一般公共预算财政拨款.
    GeneralBudget,
    /// `government_fund`: 政府性基金预算财政拨款.
    GovernmentFund,
    /// `state_capital`: 国有资本经营预算财政拨款.
    StateCapital,
    /// `personnel`: 人员经费 (基本支出表 printed with two amount columns).
    Personnel,
    /// `public_funds`: 公用经费 (基本支出表 printed with two amount columns).
    PublicFunds,
    /// `budget_total`: 三公 合计, 预算数.
    BudgetTotal,
    /// `actual_total`: 三公 合计, 决算数.
    ActualTotal,
    /// `budget_overseas`: 因公出国（境）费, 预算数.
    BudgetOverseas,
    /// `actual_overseas`: 因公出国（境）费, 决算数.
    ActualOverseas,
    /// `budget_vehicle_total`: 公务用车购置及运行费 小计, 预算数.
    BudgetVehicleTotal,
    /// `actual_vehicle_total`: 公务用车购置及运行费 小计, 决算数.
    ActualVehicleTotal,
    /// `budget_vehicle_purchase`: 公务用车购置费, 预算数.
    BudgetVehiclePurchase,
    /// `actual_vehicle_purchase`: 公务用车购置费, 决算数.
    ActualVehiclePurchase,
    /// `budget_vehicle_operation`: 公务用车运行费, 预算数.
    BudgetVehicleOperation,
    /// `actual_vehicle_operation`: 公务用车运行费, 决算数.
    ActualVehicleOperation,
    /// `budget_reception`: 公务接待费, 预算数.
    BudgetReception,
    /// `actual_reception`: 公务接待费, 决算数.
    ActualReception,
    /// `opening_balance`: 年初结转和结余.
    OpeningBalance,
    /// `income`: 本年收入.
    Income,
    /// `expenditure_total`: 本年支出合计 / 小计.
    ExpenditureTotal,
    /// `closing_balance`: 年末结转和结余.
    ClosingBalance,
    /// A printed column with no canonical id, holding its printed header
    /// (white space removed; levels of a multi-level header joined with `/`).
    Other(Header),
}

/// The printed header of an unknown column: a small `Copy` handle to the text,
/// which is kept beside it in a process-wide table of headers.
///
/// Interning lets [`ColumnId`] be `Copy` (and so live in `const` tables) while
/// unknown columns keep their printed header. Each distinct header is stored
/// once for the life of the process; headers longer than
/// [`Header::MAX_CHARS`] characters are cut, so a hostile file cannot grow the
/// table by more than that per column it prints.
///
/// Headers compare, order and hash as their text.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Header(&'static str);

impl Header {
    /// The longest header kept, in characters.
    pub const MAX_CHARS: usize = 64;

    /// The handle of `text` (cut to [`Header::MAX_CHARS`] characters).
    pub fn new(text: &str) -> Header {
        static HEADERS: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
        let text: String = text.chars().take(Header::MAX_CHARS).collect();
        let table = HEADERS.get_or_init(Mutex::default);
        // A poisoned lock still holds a valid table: entries are only added.
        let mut table = table.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(kept) = table.get(&text) {
            return Header(kept);
        }
        let kept: &'static str = Box::leak(text.clone().into_boxed_str());
        table.insert(text, kept);
        Header(kept)
    }

    /// The printed header.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl PartialOrd for Header {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Header {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(other.0)
    }
}

impl fmt::Debug for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl fmt::Display for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// Every canonical column, in canonical order.
const CANONICAL: [ColumnId; 33] = [
    ColumnId::Amount,
    ColumnId::Total,
    ColumnId::FiscalAppropriation,
    ColumnId::SuperiorSubsidy,
    ColumnId::Business,
    ColumnId::Operating,
    ColumnId::AffiliatedRemittance,
    ColumnId::OtherIncome,
    ColumnId::Basic,
    ColumnId::Project,
    ColumnId::RemitToSuperior,
    ColumnId::SubsidyToAffiliated,
    ColumnId::GeneralBudget,
    ColumnId::GovernmentFund,
    ColumnId::StateCapital,
    ColumnId::Personnel,
    ColumnId::PublicFunds,
    ColumnId::BudgetTotal,
    ColumnId::ActualTotal,
    ColumnId::BudgetOverseas,
    ColumnId::ActualOverseas,
    ColumnId::BudgetVehicleTotal,
    ColumnId::ActualVehicleTotal,
    ColumnId::BudgetVehiclePurchase,
    ColumnId::ActualVehiclePurchase,
    ColumnId::BudgetVehicleOperation,
    ColumnId::ActualVehicleOperation,
    ColumnId::BudgetReception,
    ColumnId::ActualReception,
    ColumnId::OpeningBalance,
    ColumnId::Income,
    ColumnId::ExpenditureTotal,
    ColumnId::ClosingBalance,
];

const SUMMARY: &[ColumnId] = &[ColumnId::Amount];
const INCOME: &[ColumnId] = &[
    ColumnId::Total,
    ColumnId::FiscalAppropriation,
    ColumnId::SuperiorSubsidy,
    ColumnId::Business,
    ColumnId::Operating,
    ColumnId::AffiliatedRemittance,
    ColumnId::OtherIncome,
];
const EXPENDITURE: &[ColumnId] = &[
    ColumnId::Total,
    ColumnId::Basic,
    ColumnId::Project,
    ColumnId::RemitToSuperior,
    ColumnId::Operating,
    ColumnId::SubsidyToAffiliated,
];
const APPROPRIATION: &[ColumnId] = &[
    ColumnId::Amount,
    ColumnId::Total,
    ColumnId::GeneralBudget,
    ColumnId::GovernmentFund,
    ColumnId::StateCapital,
];
const APPROPRIATION_EXPENDITURE: &[ColumnId] = &[
    ColumnId::Total,
    ColumnId::GeneralBudget,
    ColumnId::GovernmentFund,
    ColumnId::StateCapital,
];
const GENERAL_BUDGET: &[ColumnId] = &[ColumnId::Total, ColumnId::Basic, ColumnId::Project];
const BASIC: &[ColumnId] = &[ColumnId::Amount, ColumnId::Personnel, ColumnId::PublicFunds];
const THREE_PUBLIC: &[ColumnId] = &[
    ColumnId::BudgetTotal,
    ColumnId::ActualTotal,
    ColumnId::BudgetOverseas,
    ColumnId::ActualOverseas,
    ColumnId::BudgetVehicleTotal,
    ColumnId::ActualVehicleTotal,
    ColumnId::BudgetVehiclePurchase,
    ColumnId::ActualVehiclePurchase,
    ColumnId::BudgetVehicleOperation,
    ColumnId::ActualVehicleOperation,
    ColumnId::BudgetReception,
    ColumnId::ActualReception,
];
const BUDGET_INCOME: &[ColumnId] = &[
    ColumnId::Total,
    ColumnId::FiscalAppropriation,
    ColumnId::GeneralBudget,
    ColumnId::GovernmentFund,
    ColumnId::StateCapital,
    ColumnId::SuperiorSubsidy,
    ColumnId::Business,
    ColumnId::Operating,
    ColumnId::AffiliatedRemittance,
    ColumnId::OtherIncome,
    ColumnId::OpeningBalance,
];
const BUDGET_ITEMS: &[ColumnId] = &[ColumnId::Amount, ColumnId::Total];
const FUND: &[ColumnId] = &[
    ColumnId::OpeningBalance,
    ColumnId::Income,
    ColumnId::ExpenditureTotal,
    ColumnId::Basic,
    ColumnId::Project,
    ColumnId::ClosingBalance,
];

impl ColumnId {
    /// Every canonical column (not [`ColumnId::Other`]), in canonical order.
    pub fn canonical() -> &'static [ColumnId] {
        &CANONICAL
    }

    /// The canonical columns a table of `kind` may print, in canonical order.
    ///
    /// For [`TableKind::AppropriationSummary`] this is the union of both sides
    /// (see [`ColumnId::columns_for_side`]); for
    /// [`TableKind::GeneralBudgetBasicExpenditure`] it lists `amount` and the
    /// alternative `personnel`/`public_funds` pair.
    pub fn columns_for(kind: TableKind) -> &'static [ColumnId] {
        match kind {
            TableKind::IncomeExpenditureSummary => SUMMARY,
            TableKind::Income => INCOME,
            TableKind::Expenditure => EXPENDITURE,
            TableKind::AppropriationSummary => APPROPRIATION,
            TableKind::GeneralBudgetExpenditure => GENERAL_BUDGET,
            TableKind::GeneralBudgetBasicExpenditure => BASIC,
            TableKind::ThreePublic => THREE_PUBLIC,
            TableKind::GovernmentFund | TableKind::StateCapital => FUND,
            TableKind::GeneralBudgetEconomicExpenditure
            | TableKind::BudgetGeneralExpenditure
            | TableKind::BudgetAppropriationExpenditure
            | TableKind::BudgetGovernmentFund
            | TableKind::BudgetStateCapital
            | TableKind::BudgetEconomicExpenditure => GENERAL_BUDGET,
            TableKind::BudgetIncomeExpenditureSummary => SUMMARY,
            TableKind::BudgetAppropriationSummary => APPROPRIATION,
            TableKind::BudgetIncome => BUDGET_INCOME,
            TableKind::BudgetExpenditure => EXPENDITURE,
            TableKind::BudgetGeneralBasicExpenditure | TableKind::BudgetOperatingCost => BASIC,
            TableKind::BudgetThreePublic => THREE_PUBLIC,
            TableKind::BudgetProjectExpenditure
            | TableKind::BudgetProcurement
            | TableKind::BudgetPurchasedServices
            | TableKind::BudgetProjectPerformance
            | TableKind::BudgetOverallPerformance => BUDGET_ITEMS,
        }
    }

    /// The canonical columns of one side of a table; `side` matters only for
    /// [`TableKind::AppropriationSummary`].
    pub fn columns_for_side(kind: TableKind, side: Option<Side>) -> &'static [ColumnId] {
        match (kind, side) {
            (
                TableKind::AppropriationSummary | TableKind::BudgetAppropriationSummary,
                Some(Side::Income),
            ) => SUMMARY,
            (
                TableKind::AppropriationSummary | TableKind::BudgetAppropriationSummary,
                Some(Side::Expenditure),
            ) => APPROPRIATION_EXPENDITURE,
            _ => ColumnId::columns_for(kind),
        }
    }

    /// An unknown column named by its printed header; white space is removed
    /// because wrapped headers break words.
    pub fn other(printed_header: &str) -> ColumnId {
        let compact: String = printed_header
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        ColumnId::Other(Header::new(&compact))
    }

    /// Reads a serialized id: a canonical id, `x:` + header, or (leniently) any other string.
    pub fn parse(id: &str) -> ColumnId {
        if let Some(header) = id.strip_prefix(OTHER_PREFIX) {
            return ColumnId::Other(Header::new(header));
        }
        CANONICAL
            .iter()
            .find(|c| c.canonical_id() == Some(id))
            .copied()
            .unwrap_or_else(|| ColumnId::Other(Header::new(id)))
    }

    /// The SCHEMA id of a canonical column; `None` for [`ColumnId::Other`].
    pub fn canonical_id(&self) -> Option<&'static str> {
        Some(match self {
            ColumnId::Amount => "amount",
            ColumnId::Total => "total",
            ColumnId::FiscalAppropriation => "fiscal_appropriation",
            ColumnId::SuperiorSubsidy => "superior_subsidy",
            ColumnId::Business => "business",
            ColumnId::Operating => "operating",
            ColumnId::AffiliatedRemittance => "affiliated_remittance",
            ColumnId::OtherIncome => "other",
            ColumnId::Basic => "basic",
            ColumnId::Project => "project",
            ColumnId::RemitToSuperior => "remit_to_superior",
            ColumnId::SubsidyToAffiliated => "subsidy_to_affiliated",
            ColumnId::GeneralBudget => "general_budget",
            ColumnId::GovernmentFund => "government_fund",
            ColumnId::StateCapital => "state_capital",
            ColumnId::Personnel => "personnel",
            ColumnId::PublicFunds => "public_funds",
            ColumnId::BudgetTotal => "budget_total",
            ColumnId::ActualTotal => "actual_total",
            ColumnId::BudgetOverseas => "budget_overseas",
            ColumnId::ActualOverseas => "actual_overseas",
            ColumnId::BudgetVehicleTotal => "budget_vehicle_total",
            ColumnId::ActualVehicleTotal => "actual_vehicle_total",
            ColumnId::BudgetVehiclePurchase => "budget_vehicle_purchase",
            ColumnId::ActualVehiclePurchase => "actual_vehicle_purchase",
            ColumnId::BudgetVehicleOperation => "budget_vehicle_operation",
            ColumnId::ActualVehicleOperation => "actual_vehicle_operation",
            ColumnId::BudgetReception => "budget_reception",
            ColumnId::ActualReception => "actual_reception",
            ColumnId::OpeningBalance => "opening_balance",
            ColumnId::Income => "income",
            ColumnId::ExpenditureTotal => "expenditure_total",
            ColumnId::ClosingBalance => "closing_balance",
            ColumnId::Other(_) => return None,
        })
    }

    /// The serialized id: the SCHEMA id, or `x:` + printed header.
    pub fn id(&self) -> String {
        match self {
            ColumnId::Other(header) => format!("{OTHER_PREFIX}{header}"),
            canonical => canonical.canonical_id().unwrap_or_default().to_owned(),
        }
    }

    /// Whether this is a canonical column.
    pub fn is_canonical(&self) -> bool {
        !matches!(self, ColumnId::Other(_))
    }

    /// A usual printed header (for display; printed headers vary).
    pub fn chinese_name(&self) -> &str {
        match self {
            ColumnId::Amount => "决算数",
            ColumnId::Total => "合计",
            ColumnId::FiscalAppropriation => "财政拨款收入",
            ColumnId::SuperiorSubsidy => "上级补助收入",
            ColumnId::Business => "事业收入",
            ColumnId::Operating => "经营收入/经营支出",
            ColumnId::AffiliatedRemittance => "附属单位上缴收入",
            ColumnId::OtherIncome => "其他收入",
            ColumnId::Basic => "基本支出",
            ColumnId::Project => "项目支出",
            ColumnId::RemitToSuperior => "上缴上级支出",
            ColumnId::SubsidyToAffiliated => "对附属单位补助支出",
            ColumnId::GeneralBudget => "一般公共预算财政拨款",
            ColumnId::GovernmentFund => "政府性基金预算财政拨款",
            ColumnId::StateCapital => "国有资本经营预算财政拨款",
            ColumnId::Personnel => "人员经费",
            ColumnId::PublicFunds => "公用经费",
            ColumnId::BudgetTotal => "合计/预算数",
            ColumnId::ActualTotal => "合计/决算数",
            ColumnId::BudgetOverseas => "因公出国（境）费/预算数",
            ColumnId::ActualOverseas => "因公出国（境）费/决算数",
            ColumnId::BudgetVehicleTotal => "公务用车购置及运行费/小计/预算数",
            ColumnId::ActualVehicleTotal => "公务用车购置及运行费/小计/决算数",
            ColumnId::BudgetVehiclePurchase => "公务用车购置费/预算数",
            ColumnId::ActualVehiclePurchase => "公务用车购置费/决算数",
            ColumnId::BudgetVehicleOperation => "公务用车运行费/预算数",
            ColumnId::ActualVehicleOperation => "公务用车运行费/决算数",
            ColumnId::BudgetReception => "公务接待费/预算数",
            ColumnId::ActualReception => "公务接待费/决算数",
            ColumnId::OpeningBalance => "年初结转和结余",
            ColumnId::Income => "本年收入",
            ColumnId::ExpenditureTotal => "本年支出合计",
            ColumnId::ClosingBalance => "年末结转和结余",
            ColumnId::Other(header) => header.as_str(),
        }
    }
}

impl fmt::Display for ColumnId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnId::Other(header) => write!(f, "{OTHER_PREFIX}{header}"),
            canonical => f.write_str(canonical.canonical_id().unwrap_or_default()),
        }
    }
}

impl From<&str> for ColumnId {
    fn from(id: &str) -> Self {
        ColumnId::parse(id)
    }
}

impl Serialize for ColumnId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.canonical_id() {
            Some(id) => serializer.serialize_str(id),
            None => serializer.serialize_str(&self.id()),
        }
    }
}

impl<'de> Deserialize<'de> for ColumnId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;

        impl Visitor<'_> for IdVisitor {
            type Value = ColumnId;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a column id string")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<ColumnId, E> {
                Ok(ColumnId::parse(v))
            }
        }

        deserializer.deserialize_str(IdVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_ids_round_trip() {
        for c in ColumnId::canonical() {
            let id = c.canonical_id().unwrap();
            assert_eq!(&ColumnId::parse(id), c);
            assert_eq!(serde_json::to_string(c).unwrap(), format!("\"{id}\""));
            assert_eq!(c.to_string(), id);
        }
        assert_eq!(ColumnId::OtherIncome.id(), "other");
    }

    #[test]
    fn unknown_columns_keep_their_header() {
        let c = ColumnId::other("其中：教育 收费");
        assert_eq!(c, ColumnId::other("其中：教育收费"));
        assert_eq!(c.id(), "x:其中：教育收费");
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<ColumnId>(&json).unwrap(), c);
        // Lenient reading: a bare unknown id is an unknown column too.
        assert_eq!(ColumnId::parse("totl"), ColumnId::other("totl"));
    }

    #[test]
    fn every_kind_has_its_schema_columns() {
        let ids =
            |k| -> Vec<String> { ColumnId::columns_for(k).iter().map(ColumnId::id).collect() };
        assert_eq!(ids(TableKind::IncomeExpenditureSummary), ["amount"]);
        assert_eq!(
            ids(TableKind::Income),
            [
                "total",
                "fiscal_appropriation",
                "superior_subsidy",
                "business",
                "operating",
                "affiliated_remittance",
                "other"
            ]
        );
        assert_eq!(
            ids(TableKind::Expenditure),
            [
                "total",
                "basic",
                "project",
                "remit_to_superior",
                "operating",
                "subsidy_to_affiliated"
            ]
        );
        assert_eq!(
            ids(TableKind::GeneralBudgetExpenditure),
            ["total", "basic", "project"]
        );
        assert_eq!(
            ids(TableKind::GeneralBudgetBasicExpenditure),
            ["amount", "personnel", "public_funds"]
        );
        assert_eq!(ids(TableKind::ThreePublic).len(), 12);
        assert_eq!(
            ids(TableKind::StateCapital),
            [
                "opening_balance",
                "income",
                "expenditure_total",
                "basic",
                "project",
                "closing_balance"
            ]
        );
        let side = |s| -> Vec<String> {
            ColumnId::columns_for_side(TableKind::AppropriationSummary, Some(s))
                .iter()
                .map(ColumnId::id)
                .collect()
        };
        assert_eq!(side(Side::Income), ["amount"]);
        assert_eq!(
            side(Side::Expenditure),
            [
                "total",
                "general_budget",
                "government_fund",
                "state_capital"
            ]
        );
        // Every canonical column belongs to some kind.
        for c in ColumnId::canonical() {
            assert!(
                TableKind::ALL
                    .iter()
                    .any(|k| ColumnId::columns_for(*k).contains(c)),
                "{c}"
            );
        }
    }
}
