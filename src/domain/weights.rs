//! Stage budgets and goal weights (DESIGN §6): exact percentages with two decimals, the even
//! split, "fill remaining", per-category budget status and the draft/submit rules. Shared by the
//! goal-sheet island and the services, so both say the same thing about the same numbers.

use serde::{Deserialize, Serialize};

use super::{FieldCode, FieldError};

/// A percentage from 0 to 100 with at most two decimals, held exactly as hundredths.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "f64", try_from = "f64")]
pub struct Weight(i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeightError {
    NotANumber,
    OutOfRange,
    TooManyDecimals,
}

impl WeightError {
    pub fn code(self) -> FieldCode {
        match self {
            WeightError::NotANumber => FieldCode::NotANumber,
            WeightError::OutOfRange => FieldCode::OutOfRange,
            WeightError::TooManyDecimals => FieldCode::TooManyDecimals,
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            WeightError::NotANumber => "must be a number",
            WeightError::OutOfRange => "must be between 0 and 100",
            WeightError::TooManyDecimals => "may have at most two decimals",
        }
    }
}

impl std::fmt::Display for WeightError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl Weight {
    pub const ZERO: Weight = Weight(0);
    pub const HUNDRED: Weight = Weight(10_000);

    /// From hundredths of a percent, e.g. `7000` for 70 %. Not range-checked: sums may exceed 100.
    pub const fn from_hundredths(hundredths: i64) -> Weight {
        Weight(hundredths)
    }

    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// A weight a person typed or an API client sent: 0–100, at most two decimals.
    pub fn from_f64(value: f64) -> Result<Weight, WeightError> {
        if !value.is_finite() {
            return Err(WeightError::NotANumber);
        }
        if !(0.0..=100.0).contains(&value) {
            return Err(WeightError::OutOfRange);
        }
        let scaled = value * 100.0;
        if (scaled - scaled.round()).abs() > 1e-6 {
            return Err(WeightError::TooManyDecimals);
        }
        Ok(Weight(scaled.round() as i64))
    }

    /// Parses text such as `"33.33"` or `" 70 "` (an empty field is not a number).
    pub fn parse(text: &str) -> Result<Weight, WeightError> {
        let text = text.trim();
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if text.is_empty() || !digits(whole) || !digits(fraction) || (whole.is_empty() && fraction.is_empty()) {
            return match text.strip_prefix('-') {
                Some(rest) if !rest.is_empty() && rest.parse::<f64>().is_ok() => Err(WeightError::OutOfRange),
                _ => Err(WeightError::NotANumber),
            };
        }
        if fraction.len() > 2 {
            return Err(WeightError::TooManyDecimals);
        }
        let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| WeightError::OutOfRange)? };
        let fraction: i64 = format!("{fraction:0<2}").parse().unwrap_or(0);
        let hundredths = whole.checked_mul(100).and_then(|w| w.checked_add(fraction)).ok_or(WeightError::OutOfRange)?;
        if hundredths > Weight::HUNDRED.0 {
            return Err(WeightError::OutOfRange);
        }
        Ok(Weight(hundredths))
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    pub fn saturating_sub(self, other: Weight) -> Weight {
        Weight((self.0 - other.0).max(0))
    }
}

impl std::ops::Add for Weight {
    type Output = Weight;
    fn add(self, rhs: Weight) -> Weight {
        Weight(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Weight {
    type Output = Weight;
    fn sub(self, rhs: Weight) -> Weight {
        Weight(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Weight {
    fn sum<I: Iterator<Item = Weight>>(iter: I) -> Weight {
        Weight(iter.map(|w| w.0).sum())
    }
}

impl std::fmt::Display for Weight {
    /// `70`, `33.5`, `33.33`: no trailing zeros, as people write percentages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.abs();
        let (whole, fraction) = (abs / 100, abs % 100);
        match fraction {
            0 => write!(f, "{sign}{whole}"),
            f2 if f2 % 10 == 0 => write!(f, "{sign}{whole}.{}", f2 / 10),
            f2 => write!(f, "{sign}{whole}.{f2:02}"),
        }
    }
}

impl From<Weight> for f64 {
    fn from(weight: Weight) -> f64 {
        weight.as_f64()
    }
}

impl TryFrom<f64> for Weight {
    type Error = WeightError;
    fn try_from(value: f64) -> Result<Weight, WeightError> {
        Weight::from_f64(value)
    }
}

/// The three goal categories: 定量 quantitative, 定性 qualitative (PJ), コンピテンシー competency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Quantitative,
    Qualitative,
    Competency,
}

impl Category {
    pub const ALL: [Category; 3] = [Category::Quantitative, Category::Qualitative, Category::Competency];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Quantitative => "quantitative",
            Category::Qualitative => "qualitative",
            Category::Competency => "competency",
        }
    }

    pub fn parse(value: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == value)
    }
}

/// A stage's budget per category, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Budget {
    pub quantitative: Weight,
    pub qualitative: Weight,
    pub competency: Weight,
}

impl Budget {
    /// What a new stage starts with (DESIGN §6).
    pub const NEW_STAGE: Budget = Budget {
        quantitative: Weight::from_hundredths(7000),
        qualitative: Weight::from_hundredths(3000),
        competency: Weight::from_hundredths(1000),
    };

    pub fn get(&self, category: Category) -> Weight {
        match category {
            Category::Quantitative => self.quantitative,
            Category::Qualitative => self.qualitative,
            Category::Competency => self.competency,
        }
    }

    /// Quantitative + qualitative, which the editor expects to be 100.
    pub fn performance_total(&self) -> Weight {
        self.quantitative + self.qualitative
    }

    pub fn performance_total_is_100(&self) -> bool {
        self.performance_total() == Weight::HUNDRED
    }
}

/// The default policy seeded for every organization: stage number → budget.
pub fn default_policy(stage: i32) -> Budget {
    let (quantitative, qualitative) = match stage {
        1..=3 => (7000, 3000),
        4..=5 => (8000, 2000),
        _ => (10_000, 0),
    };
    Budget { quantitative: Weight(quantitative), qualitative: Weight(qualitative), competency: Weight(1000) }
}

/// Validates the three weights an admin enters for a stage: each 0–100 with at most two
/// decimals, and not all zero. Field names are the API's.
pub fn validate_stage_weights(quantitative: f64, qualitative: f64, competency: f64) -> Result<Budget, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut check = |field: &str, value: f64| match Weight::from_f64(value) {
        Ok(weight) => weight,
        Err(e) => {
            errors.push(FieldError::new(field, e.code(), format!("{field} {}", e.message())));
            Weight::ZERO
        }
    };
    let budget = Budget {
        quantitative: check("quantitativeWeight", quantitative),
        qualitative: check("qualitativeWeight", qualitative),
        competency: check("competencyWeight", competency),
    };
    if errors.is_empty() && budget.quantitative + budget.qualitative + budget.competency == Weight::ZERO {
        errors.push(FieldError::new("weights", FieldCode::AllZero, "at least one weight must be above 0"));
    }
    if errors.is_empty() {
        Ok(budget)
    } else {
        Err(errors)
    }
}

/// Splits `budget` over `count` goals: budget / count rounded to 0.01, the rounding remainder on
/// the last goal so the sum is exact (70 → 35 + 35; 70 / 3 → 23.33 + 23.33 + 23.34). Rounds
/// down where rounding up would leave the last goal below zero.
pub fn even_split(budget: Weight, count: usize) -> Vec<Weight> {
    if count == 0 {
        return Vec::new();
    }
    let n = count as i64;
    let total = budget.0.max(0);
    let mut share = (total * 2 + n) / (2 * n); // round half up
    if share * (n - 1) > total {
        share = total / n;
    }
    let mut weights = vec![Weight(share); count];
    weights[count - 1] = Weight(total - share * (n - 1));
    weights
}

/// "Fill remaining": the weight that makes a category meet its budget given the other goals'
/// weights; never below zero.
pub fn fill_remaining(budget: Weight, others: impl IntoIterator<Item = Weight>) -> Weight {
    budget.saturating_sub(others.into_iter().sum())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BudgetState {
    Met,
    Under,
    Over,
}

impl BudgetState {
    pub fn as_str(self) -> &'static str {
        match self {
            BudgetState::Met => "met",
            BudgetState::Under => "under",
            BudgetState::Over => "over",
        }
    }
}

/// How far a category's goals are from its budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryStatus {
    pub category: Category,
    pub allocated: Weight,
    pub budget: Weight,
    pub state: BudgetState,
}

impl CategoryStatus {
    /// What is left to allocate (zero when met or over).
    pub fn remaining(&self) -> Weight {
        self.budget.saturating_sub(self.allocated)
    }
}

pub fn category_status(
    category: Category,
    budget: Weight,
    weights: impl IntoIterator<Item = Weight>,
) -> CategoryStatus {
    let allocated: Weight = weights.into_iter().sum();
    let state = match allocated.cmp(&budget) {
        std::cmp::Ordering::Equal => BudgetState::Met,
        std::cmp::Ordering::Less => BudgetState::Under,
        std::cmp::Ordering::Greater => BudgetState::Over,
    };
    CategoryStatus { category, allocated, budget, state }
}

/// Most goals a category may hold.
pub const MAX_GOALS_PER_CATEGORY: usize = 20;
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_DESCRIPTION_CHARS: usize = 4000;
pub const MAX_MEASURE_CHARS: usize = 1000;

/// One goal as a form or an API client sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GoalInput {
    pub category: Category,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub measure: String,
    pub weight: f64,
}

/// A goal that passed the rules, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidGoal {
    pub category: Category,
    pub title: String,
    pub description: String,
    pub measure: String,
    pub weight: Weight,
}

/// Saving a draft allows categories under budget; submitting needs every budget met exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetAction {
    SaveDraft,
    Submit,
}

/// Checks a whole goal sheet against a budget. Field names: `goals[i].title`,
/// `goals[i].weight`, `goals.{category}` for a category's total.
pub fn check_sheet(
    goals: &[GoalInput],
    budget: &Budget,
    action: SheetAction,
) -> Result<Vec<ValidGoal>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut valid = Vec::with_capacity(goals.len());
    for (i, goal) in goals.iter().enumerate() {
        let title = goal.title.trim().to_owned();
        if title.is_empty() {
            errors.push(FieldError::new(&format!("goals[{i}].title"), FieldCode::Required, "title is required"));
        } else if title.chars().count() > MAX_TITLE_CHARS {
            errors.push(FieldError::new(
                &format!("goals[{i}].title"),
                FieldCode::TooLong,
                "title is at most 200 characters",
            ));
        }
        if goal.description.chars().count() > MAX_DESCRIPTION_CHARS {
            errors.push(FieldError::new(
                &format!("goals[{i}].description"),
                FieldCode::TooLong,
                "description is at most 4000 characters",
            ));
        }
        if goal.measure.chars().count() > MAX_MEASURE_CHARS {
            errors.push(FieldError::new(
                &format!("goals[{i}].measure"),
                FieldCode::TooLong,
                "measure is at most 1000 characters",
            ));
        }
        let weight = match Weight::from_f64(goal.weight) {
            Ok(w) => w,
            Err(e) => {
                errors.push(FieldError::new(
                    &format!("goals[{i}].weight"),
                    e.code(),
                    format!("weight {}", e.message()),
                ));
                Weight::ZERO
            }
        };
        if budget.get(goal.category) == Weight::ZERO && weight > Weight::ZERO {
            errors.push(FieldError::new(
                &format!("goals[{i}].weight"),
                FieldCode::ZeroBudgetCategory,
                format!("{} goals are not evaluated at this stage (0%)", goal.category.as_str()),
            ));
        }
        valid.push(ValidGoal {
            category: goal.category,
            title,
            description: goal.description.trim().to_owned(),
            measure: goal.measure.trim().to_owned(),
            weight,
        });
    }
    for category in Category::ALL {
        let in_category: Vec<&ValidGoal> = valid.iter().filter(|g| g.category == category).collect();
        let field = format!("goals.{}", category.as_str());
        if in_category.len() > MAX_GOALS_PER_CATEGORY {
            errors.push(FieldError::new(&field, FieldCode::TooManyGoals, "at most 20 goals per category"));
        }
        let status = category_status(category, budget.get(category), in_category.iter().map(|g| g.weight));
        match (status.state, action) {
            (BudgetState::Over, _) => errors.push(FieldError::new(
                &field,
                FieldCode::OverBudget,
                format!(
                    "{} weights add up to {}%, over the {}% budget",
                    category.as_str(),
                    status.allocated,
                    status.budget
                ),
            )),
            (BudgetState::Under, SheetAction::Submit) => errors.push(FieldError::new(
                &field,
                FieldCode::UnderBudget,
                format!(
                    "{} weights add up to {}%, under the {}% budget",
                    category.as_str(),
                    status.allocated,
                    status.budget
                ),
            )),
            _ => {}
        }
    }
    if errors.is_empty() {
        Ok(valid)
    } else {
        Err(errors)
    }
}

/// Whether a save changes any goal's weight (as a multiset per category): the legacy rule keeps
/// a sheet on the budget it was validated against until its owner changes a weight.
pub fn weights_changed(before: &[(Category, Weight)], after: &[(Category, Weight)]) -> bool {
    let sorted = |list: &[(Category, Weight)]| {
        let mut v = list.to_vec();
        v.sort();
        v
    };
    sorted(before) != sorted(after)
}

/// The budget a save is checked against: the sheet's own until a weight changes, then the
/// stage's current one.
pub fn effective_budget(sheet: Budget, current: Budget, weights_changed: bool) -> Budget {
    if weights_changed {
        current
    } else {
        sheet
    }
}

#[cfg(test)]
mod tests;
