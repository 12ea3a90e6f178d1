//! The phrases that print each fact, as data: one regex per phrase whose
//! group `v` marks where the value starts (the value itself is read with
//! the model's one amount grammar, `amount::scan`), or whose group `w`
//! matches a word that means zero (无, 未购置).

use juesuan_model::FactId::{self, *};

/// One phrase that prints a fact.
pub(crate) struct Rule {
    pub id: FactId,
    pub pattern: String,
    /// Texts that may not occur between the subject and the value (a budget
    /// figure printed before the actual one).
    pub reject: &'static [&'static str],
}

fn r(id: FactId, pattern: &str) -> Rule {
    rr(id, pattern, &[])
}

fn rr(id: FactId, pattern: &str, reject: &'static [&'static str]) -> Rule {
    Rule {
        id,
        pattern: pattern.to_string(),
        reject,
    }
}

/// The three 三公 quotes around one subject's actual figure: 全年预算为 X
/// 万元，支出决算为 Y 万元 (the budget before is the comparison).
const ACTUAL: &str = r"(?P<pre>[^。；]{0,40}?)(?:决算|支出)(?:数)?(?:为|是)?(?P<v>[0-9])";

/// Words that put a figure between the subject and the value that is not
/// the actual one (a budget or last year's figure compared with it).
const CMP: &[&str] = &["其中", "较", "比", "与", "相比"];

/// As [`CMP`], and the items: a figure after an item's name is the item's.
const TOTAL_REJECT: &[&str] = &[
    "其中",
    "较",
    "比",
    "与",
    "相比",
    "因公出国",
    "公务用车",
    "公务接待",
];

/// Every rule, most specific first: when two rules read the same printed
/// value, the first one listed keeps it.
#[rustfmt::skip]
pub(crate) fn rules() -> Vec<Rule> {
    let item = |id: FactId, subject: &str, reject: &'static [&'static str]| {
        rr(id, &format!("{subject}{ACTUAL}"), reject)
    };
    let bare = |id: FactId, subject: &str| r(id, &format!("{subject}(?:支出)?(?:为)?(?P<v>[0-9])"));
    vec![
        // 机关运行经费.
        r(OperatingCostBudget, r"机关运行经费(?:财政拨款)?(?:预算安排|预算数?|安排)(?:为|共)?(?P<v>[0-9])"),
        r(OperatingCost, r"机关运行经费(?:财政拨款)?(?:支出|决算)(?:决算)?(?:数)?(?:为|共计?)?(?P<v>[0-9])"),
        // 政府采购 of a 预算.
        r(ProcurementBudgetTotal, r"政府采购预算(?:总额|金额)?(?:共|为|合计)?(?P<v>[0-9])"),
        r(ProcurementBudgetGoods, r"(?:政府采购货物(?:类)?|货物采购|货物类)预算(?:为|金额)?(?P<v>[0-9])"),
        r(ProcurementBudgetWorks, r"(?:政府采购工程(?:类)?|工程采购|工程类)预算(?:为|金额)?(?P<v>[0-9])"),
        r(ProcurementBudgetServices, r"(?:政府采购服务(?:类)?|服务采购|服务类)预算(?:为|金额)?(?P<v>[0-9])"),
        // 政府采购 of a 决算 (货物, 工程, 服务 next to 采购, so that 政府购买服务
        // is not read as procurement).
        r(ProcurementSmeReservedAwarded, r"面向中小企业预留的?政府采购项目中[，,]由中小企业供应商中标或成交的[，,]采购金额(?:为)?(?P<v>[0-9])"),
        r(ProcurementSmallMicroReservedAwarded, r"面向小微企业预留的?政府采购项目中[，,]由小微企业供应商中标或成交的[，,]采购金额(?:为)?(?P<v>[0-9])"),
        r(ProcurementSmeOtherAwarded, r"其他政府采购项目中[，,]由中小企业供应商中标或成交的[，,]采购金额(?:为)?(?P<v>[0-9])"),
        r(ProcurementSmeReserved, r"面向中小企业预留(?:的)?政府采购项目预算金额(?:为)?(?P<v>[0-9])"),
        r(ProcurementSmallMicroReserved, r"面向小微企业预留(?:的)?政府采购项目预算金额(?:为)?(?P<v>[0-9])"),
        r(ProcurementSme, r"授予中小企业合同金额(?:为|共)?(?P<v>[0-9])"),
        r(ProcurementSmallMicro, r"授予小微企业合同金额(?:为|共)?(?P<v>[0-9])"),
        r(ProcurementTotal, r"政府采购(?:支出总额|总额|金额|支出)(?:（[^）]{0,12}）)?(?:为|共计?|合计)?(?P<v>[0-9])"),
        r(ProcurementGoods, r"(?:政府采购货物(?:类)?(?:支出|金额|合同金额)|货物采购(?:支出|金额|合同金额))(?:为)?(?P<v>[0-9])"),
        r(ProcurementWorks, r"(?:政府采购工程(?:类)?(?:支出|金额|合同金额)|工程采购(?:支出|金额|合同金额))(?:为)?(?P<v>[0-9])"),
        r(ProcurementServices, r"(?:政府采购服务(?:类)?(?:支出|金额|合同金额)|服务采购(?:支出|金额|合同金额))(?:为)?(?P<v>[0-9])"),
        // 国有资产占用.
        r(VehiclesBudgetPurchases, r"预算(?:安排)?购置车辆(?:为)?(?P<v>[0-9])"),
        r(VehiclesTotal, r"(?:共有|实有|现有)车辆(?:共)?(?:为)?(?P<v>[0-9])"),
        r(VehiclesMinisterial, r"部级领导干部用车(?P<v>[0-9])"),
        r(VehiclesLeader, r"主要领导干部用车(?P<v>[0-9])"),
        r(VehiclesOfficial, r"一般公务用车(?P<v>[0-9])"),
        r(VehiclesConfidential, r"机要通信用车(?P<v>[0-9])"),
        r(VehiclesEmergency, r"应急保障用车(?P<v>[0-9])"),
        r(VehiclesLawEnforcement, r"执法执勤用车(?P<v>[0-9])"),
        r(VehiclesSpecial, r"特种专业技术用车(?P<v>[0-9])"),
        r(VehiclesRetired, r"离退休干部用车(?P<v>[0-9])"),
        r(VehiclesBusiness, r"业务用车(?P<v>[0-9])"),
        r(VehiclesOther, r"(?:其他用车|其他按照规定配备的公务用车)(?P<v>[0-9])"),
        r(EquipmentBudgetPurchases1m, r"购置单(?:位价值|价)100万(?:元)?(?:（含）)?以上的?(?:大型)?设备(?:（不含车辆）)?(?P<v>[0-9])"),
        r(EquipmentGeneral500k, r"单(?:位价值|价)50万(?:元)?(?:（含）)?以上的?通用设备(?P<v>[0-9])"),
        r(EquipmentSpecial1m, r"单(?:位价值|价)100万(?:元)?(?:（含）)?以上的?专用设备(?P<v>[0-9])"),
        r(Equipment1m, r"单(?:位价值|价)100万(?:元)?(?:（含）)?以上的?设备(?:（不含车辆）)?(?P<v>[0-9])"),
        // 三公 counts.
        r(OverseasGroups, r"(?:出国（境）|出国\(境\))?团组(?:共)?(?P<v>[0-9])"),
        r(OverseasGroups, r"(?P<w>无)因公出国(?:（境）|\(境\))?团组"),
        r(OverseasPeople, r"团组[0-9]+个[、，,](?:累计|共)?(?P<v>[0-9])"),
        r(VehicleFleet, r"公务用车保有量(?:为|共)?(?P<v>[0-9])"),
        r(VehiclePurchases, r"(?:购置公务用车|公务用车购置数)(?:为)?(?P<v>[0-9])"),
        r(VehiclePurchases, r"(?P<w>未购置)公务用车"),
        r(ReceptionForeignBatches, r"接待外宾(?P<v>[0-9])"),
        r(ReceptionForeignPeople, r"接待外宾[0-9]+批次[、，,](?P<v>[0-9])"),
        r(ReceptionBatches, r"接待(?:共)?(?P<v>[0-9])[0-9]*批"),
        r(ReceptionPeople, r"接待(?:共)?[0-9]+批次?[、，,](?:共)?(?P<v>[0-9])"),
        r(ReceptionForeign, r"外宾接待(?:支出|费)?(?:为)?(?P<v>[0-9])"),
        r(ReceptionDomestic, r"国内公务接待(?:支出|费)?(?:为)?(?P<v>[0-9])"),
        // 三公 amounts: the total, then each item.
        rr(ThreePublicTotal, r"[“]?三公[”]?经费(?P<pre>[^。；]{0,60}?)决算(?:数)?(?:为)?(?P<v>[0-9])", TOTAL_REJECT),
        r(ThreePublicTotal, r"(?P<w>无)[“]?三公[”]?经费(?:财政拨款)?支出"),
        item(ThreePublicVehicle, r"公务用车购置及运行(?:维护)?费", CMP),
        item(ThreePublicVehiclePurchase, r"公务用车购置(?:费)?", &["及", "其中", "较", "比", "与", "相比"]),
        item(ThreePublicVehicleOperation, r"公务用车运行(?:维护)?费?", CMP),
        item(ThreePublicOverseas, r"因公出国(?:（境）|\(境\))费(?:用)?", CMP),
        item(ThreePublicReception, r"公务接待费", CMP),
        bare(ThreePublicVehicle, r"公务用车购置及运行(?:维护)?费"),
        bare(ThreePublicOverseas, r"因公出国(?:（境）|\(境\))费"),
        bare(ThreePublicReception, r"公务接待费"),
        // 绩效 coverage.
        r(PerformanceProjectsEvaluated, r"(?P<v>[0-9])[0-9,]*个项目(?:的)?绩效自评"),
        r(PerformanceProjectsEvaluated, r"绩效自评的(?:[0-9]{4}年度)?项目(?:共)?(?P<v>[0-9])"),
        r(PerformanceFundsEvaluated, r"绩效自评的(?:[0-9]{4}年度)?项目[0-9]+个[，,]涉及(?:项目)?预算(?:金额|资金)(?P<v>[0-9])"),
        r(PerformanceFundsEvaluated, r"绩效自评[，,][^。]{0,60}?共?涉及财政资金(?P<v>[0-9])"),
        r(PerformanceProjectsTargeted, r"编报绩效目标的(?:[0-9]{4}年度)?项目(?:共)?(?P<v>[0-9])"),
        r(PerformanceFundsTargeted, r"编报绩效目标的(?:[0-9]{4}年度)?项目(?:共)?[0-9]+个[，,]涉及(?:项目)?预算(?:金额|资金)(?P<v>[0-9])"),
        r(PerformanceProjectsMonitored, r"绩效跟踪评价的(?:[0-9]{4}年度)?项目(?:共)?(?P<v>[0-9])"),
        r(PerformanceFundsMonitored, r"绩效跟踪评价的(?:[0-9]{4}年度)?项目(?:共)?[0-9]+个[，,]涉及(?:项目)?预算(?:金额|资金)(?P<v>[0-9])"),
        r(PerformanceAverageScore, r"平均得分(?:为)?(?P<v>[0-9])"),
    ]
}
