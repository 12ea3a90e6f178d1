//! Facts the 情况说明 prints outside the tables (机关运行经费, 政府采购, 国有资产,
//! 三公 counts, 绩效 coverage), as typed records with a stable [`FactId`].
//!
//! Only the types and the id table live here; reading them from the prose is
//! the `juesuan-facts` crate's job (the model reads no prose).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::amount::Amount;

/// What a fact counts or measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactUnit {
    /// Money in 万元.
    WanYuan,
    /// Vehicles (辆, some documents print 台).
    Vehicles,
    /// Pieces of equipment (台（套）).
    Sets,
    /// Groups, projects or other counted items (个, 批次).
    Count,
    /// People (人, 人次).
    People,
    /// A percentage, printed with `%`.
    Percent,
    /// A score (分).
    Score,
}

impl FactUnit {
    /// The id serde writes.
    pub fn id(self) -> &'static str {
        match self {
            FactUnit::WanYuan => "wan_yuan",
            FactUnit::Vehicles => "vehicles",
            FactUnit::Sets => "sets",
            FactUnit::Count => "count",
            FactUnit::People => "people",
            FactUnit::Percent => "percent",
            FactUnit::Score => "score",
        }
    }
}

macro_rules! facts {
    ($( $variant:ident = $id:literal, $group:literal, $zh:literal, $unit:ident; )*) => {
        /// The stable id of a narrative fact. Serde and [`FactId::id`] use the
        /// snake-case ids listed in SCHEMA.md, which never change once published.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[allow(missing_docs)]
        pub enum FactId {
            $( #[serde(rename = $id)] $variant, )*
        }

        /// Every fact id with its group, Chinese name and unit, in declaration order.
        #[rustfmt::skip]
        const FACTS: &[(FactId, &str, &str, &str, FactUnit)] = &[
            $( (FactId::$variant, $id, $group, $zh, FactUnit::$unit), )*
        ];
    };
}

facts! {
    OperatingCost = "operating_cost", "机关运行经费", "机关运行经费支出", WanYuan;
    OperatingCostBudget = "operating_cost_budget", "机关运行经费", "机关运行经费预算", WanYuan;
    ProcurementTotal = "procurement_total", "政府采购", "政府采购支出总额", WanYuan;
    ProcurementGoods = "procurement_goods", "政府采购", "货物", WanYuan;
    ProcurementWorks = "procurement_works", "政府采购", "工程", WanYuan;
    ProcurementServices = "procurement_services", "政府采购", "服务", WanYuan;
    ProcurementSme = "procurement_sme", "政府采购", "授予中小企业合同金额", WanYuan;
    ProcurementSmallMicro = "procurement_small_micro", "政府采购", "授予小微企业合同金额", WanYuan;
    ProcurementSmeReserved = "procurement_sme_reserved", "政府采购", "面向中小企业预留项目预算金额", WanYuan;
    ProcurementSmallMicroReserved = "procurement_small_micro_reserved", "政府采购", "面向小微企业预留项目预算金额", WanYuan;
    ProcurementSmeReservedAwarded = "procurement_sme_reserved_awarded", "政府采购", "预留项目中由中小企业中标或成交", WanYuan;
    ProcurementSmallMicroReservedAwarded = "procurement_small_micro_reserved_awarded", "政府采购", "预留项目中由小微企业中标或成交", WanYuan;
    ProcurementSmeOtherAwarded = "procurement_sme_other_awarded", "政府采购", "其他项目中由中小企业中标或成交", WanYuan;
    ProcurementBudgetTotal = "procurement_budget_total", "政府采购预算", "政府采购预算总额", WanYuan;
    ProcurementBudgetGoods = "procurement_budget_goods", "政府采购预算", "货物预算", WanYuan;
    ProcurementBudgetWorks = "procurement_budget_works", "政府采购预算", "工程预算", WanYuan;
    ProcurementBudgetServices = "procurement_budget_services", "政府采购预算", "服务预算", WanYuan;
    VehiclesTotal = "vehicles_total", "国有资产占用", "车辆", Vehicles;
    VehiclesMinisterial = "vehicles_ministerial", "国有资产占用", "部级领导干部用车", Vehicles;
    VehiclesLeader = "vehicles_leader", "国有资产占用", "主要领导干部用车", Vehicles;
    VehiclesOfficial = "vehicles_official", "国有资产占用", "一般公务用车", Vehicles;
    VehiclesConfidential = "vehicles_confidential", "国有资产占用", "机要通信用车", Vehicles;
    VehiclesEmergency = "vehicles_emergency", "国有资产占用", "应急保障用车", Vehicles;
    VehiclesLawEnforcement = "vehicles_law_enforcement", "国有资产占用", "执法执勤用车", Vehicles;
    VehiclesSpecial = "vehicles_special", "国有资产占用", "特种专业技术用车", Vehicles;
    VehiclesRetired = "vehicles_retired", "国有资产占用", "离退休干部用车", Vehicles;
    VehiclesBusiness = "vehicles_business", "国有资产占用", "业务用车", Vehicles;
    VehiclesOther = "vehicles_other", "国有资产占用", "其他用车", Vehicles;
    VehiclesBudgetPurchases = "vehicles_budget_purchases", "国有资产占用", "预算安排购置车辆", Vehicles;
    EquipmentGeneral500k = "equipment_general_500k", "国有资产占用", "单价50万元以上通用设备", Sets;
    EquipmentSpecial1m = "equipment_special_1m", "国有资产占用", "单价100万元以上专用设备", Sets;
    Equipment1m = "equipment_1m", "国有资产占用", "单价100万元以上设备", Sets;
    EquipmentBudgetPurchases1m = "equipment_budget_purchases_1m", "国有资产占用", "预算安排购置单价100万元以上设备", Sets;
    ThreePublicTotal = "three_public_total", "三公", "“三公”经费", WanYuan;
    ThreePublicOverseas = "three_public_overseas", "三公", "因公出国（境）费", WanYuan;
    ThreePublicVehicle = "three_public_vehicle", "三公", "公务用车购置及运行费", WanYuan;
    ThreePublicVehiclePurchase = "three_public_vehicle_purchase", "三公", "公务用车购置费", WanYuan;
    ThreePublicVehicleOperation = "three_public_vehicle_operation", "三公", "公务用车运行费", WanYuan;
    ThreePublicReception = "three_public_reception", "三公", "公务接待费", WanYuan;
    OverseasGroups = "overseas_groups", "三公", "因公出国（境）团组", Count;
    OverseasPeople = "overseas_people", "三公", "因公出国（境）人次", People;
    VehiclePurchases = "vehicle_purchases", "三公", "公务用车购置数", Vehicles;
    VehicleFleet = "vehicle_fleet", "三公", "公务用车保有量", Vehicles;
    ReceptionBatches = "reception_batches", "三公", "公务接待批次", Count;
    ReceptionPeople = "reception_people", "三公", "公务接待人次", People;
    ReceptionForeign = "reception_foreign", "三公", "外宾接待支出", WanYuan;
    ReceptionDomestic = "reception_domestic", "三公", "国内公务接待支出", WanYuan;
    ReceptionForeignBatches = "reception_foreign_batches", "三公", "外宾接待批次", Count;
    ReceptionForeignPeople = "reception_foreign_people", "三公", "外宾接待人次", People;
    PerformanceProjectsEvaluated = "performance_projects_evaluated", "绩效", "绩效自评项目数", Count;
    PerformanceFundsEvaluated = "performance_funds_evaluated", "绩效", "绩效自评涉及资金", WanYuan;
    PerformanceProjectsTargeted = "performance_projects_targeted", "绩效", "编报绩效目标项目数", Count;
    PerformanceFundsTargeted = "performance_funds_targeted", "绩效", "编报绩效目标涉及资金", WanYuan;
    PerformanceProjectsMonitored = "performance_projects_monitored", "绩效", "绩效跟踪项目数", Count;
    PerformanceFundsMonitored = "performance_funds_monitored", "绩效", "绩效跟踪涉及资金", WanYuan;
    PerformanceAverageScore = "performance_average_score", "绩效", "绩效自评平均得分", Score;
}

impl FactId {
    fn info(self) -> &'static (FactId, &'static str, &'static str, &'static str, FactUnit) {
        // FACTS lists the variants in declaration order (tested).
        &FACTS[self as usize]
    }

    /// Every fact id, in declaration order.
    pub fn all() -> impl Iterator<Item = FactId> {
        FACTS.iter().map(|f| f.0)
    }

    /// The stable snake-case id.
    pub fn id(self) -> &'static str {
        self.info().1
    }

    /// The group of the 情况说明 it belongs to (机关运行经费, 政府采购 …).
    pub fn group(self) -> &'static str {
        self.info().2
    }

    /// The short Chinese name.
    pub fn chinese_name(self) -> &'static str {
        self.info().3
    }

    /// What the value counts or measures.
    pub fn unit(self) -> FactUnit {
        self.info().4
    }
}

impl fmt::Display for FactId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for FactId {
    type Err = String;

    fn from_str(s: &str) -> Result<FactId, String> {
        FactId::all()
            .find(|f| f.id() == s)
            .ok_or_else(|| format!("unknown fact id {s:?}"))
    }
}

/// What a fact's value is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The budget (年初预算, 全年预算, 调整后预算).
    Budget,
    /// The previous year's figure (上年, 2023年度).
    PreviousYear,
}

impl Basis {
    /// The id serde writes.
    pub fn id(self) -> &'static str {
        match self {
            Basis::Budget => "budget",
            Basis::PreviousYear => "previous_year",
        }
    }
}

/// A comparison printed with a fact: 比年初预算数减少 48.55 万元，降低 44.7%.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Budget or previous year.
    pub basis: Basis,
    /// The compared figure, when printed (年初预算为 28.5 万元).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Amount>,
    /// The printed difference, in the fact's unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference: Option<Amount>,
    /// The direction word as printed (增加, 减少, 持平 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// The printed percentage: a change (降低 44.7%) or a completion rate
    /// (完成预算的 65.6%), see `percent_kind`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<Amount>,
    /// `change` or `completion` for `percent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent_kind: Option<String>,
}

/// One fact of the 情况说明, located.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// The stable id.
    pub id: FactId,
    /// The value; a count printed as a word (无, 未购置) reads as 0.
    pub value: Amount,
    /// The value's text exactly as printed (`59.97`, `无`).
    pub printed: String,
    /// The unit of the value.
    pub unit: FactUnit,
    /// The 1-based page the value is printed on.
    pub page: u32,
    /// The printed value's box, as in [`crate::Value::bbox`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
    /// The sentence the value was read from, white space removed.
    pub sentence: String,
    /// The comparison printed with it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparison: Option<Comparison>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_declaration_order_and_ids_round_trip() {
        for (i, f) in FactId::all().enumerate() {
            assert_eq!(f as usize, i);
            assert_eq!(f.id().parse::<FactId>().unwrap(), f);
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.id()));
        }
        assert_eq!(FactId::VehiclesOfficial.unit(), FactUnit::Vehicles);
        assert_eq!(FactId::ThreePublicTotal.group(), "三公");
        assert!("nope".parse::<FactId>().is_err());
    }
}
