//! Stages and their weight budgets: the admins' table, its optimistic-locked editor and the
//! append-only change history.

#[cfg(feature = "ssr")]
pub mod service;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::weights::{Budget, Weight};

/// A stage as the API and pages show it. Weights are percentages (JSON numbers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Stage {
    pub id: Uuid,
    pub number: i32,
    pub name: String,
    #[cfg_attr(feature = "ssr", schema(value_type = f64))]
    pub quantitative_weight: Weight,
    #[cfg_attr(feature = "ssr", schema(value_type = f64))]
    pub qualitative_weight: Weight,
    #[cfg_attr(feature = "ssr", schema(value_type = f64))]
    pub competency_weight: Weight,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    /// Who made the last weight change, if anyone has.
    pub last_changed_by: Option<String>,
    /// Active people on this stage.
    pub people: i64,
    /// Sheets of the open period held to this stage and not yet approved: a weight change
    /// applies to them when their owner next changes a weight.
    pub open_sheets: i64,
}

impl Stage {
    pub fn budget(&self) -> Budget {
        Budget {
            quantitative: self.quantitative_weight,
            qualitative: self.qualitative_weight,
            competency: self.competency_weight,
        }
    }
}

/// `PATCH /api/v1/stages/{id}/weights` body, and the modal's save.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WeightsUpdate {
    pub quantitative_weight: f64,
    pub qualitative_weight: f64,
    pub competency_weight: f64,
    /// The version the editor started from; a newer one in the database means a conflict.
    pub version: i32,
}

/// One change of a stage's weights.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WeightChange {
    pub id: Uuid,
    pub changed_at: DateTime<Utc>,
    pub actor_name: Option<String>,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub before: Budget,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub after: Budget,
}

/// `GET /api/v1/stages/{id}`: the stage and where to read more about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StageDetail {
    #[serde(flatten)]
    pub stage: Stage,
    pub links: StageLinks,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StageLinks {
    /// `GET` it for the stage's weight changes, newest first; present for those who may
    /// (admins).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight_history: Option<String>,
}

impl StageDetail {
    /// The stage with the links its reader may follow.
    pub fn new(stage: Stage, reads_history: bool) -> StageDetail {
        let weight_history = reads_history.then(|| format!("/api/v1/stages/{}/weight-history", stage.id));
        StageDetail { stage, links: StageLinks { weight_history } }
    }
}

/// A stage's budget on the wire: the stage's own field names, and, for one release, the
/// previous names (`quantitative`, `qualitative`, `competency`) that clients may still read.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WeightConfig {
    #[cfg_attr(feature = "ssr", schema(value_type = f64))]
    pub quantitative_weight: Weight,
    #[cfg_attr(feature = "ssr", schema(value_type = f64))]
    pub qualitative_weight: Weight,
    #[cfg_attr(feature = "ssr", schema(value_type = f64))]
    pub competency_weight: Weight,
    /// Deprecated: `quantitativeWeight`; removed in the next release.
    #[serde(default, skip_deserializing)]
    #[cfg_attr(feature = "ssr", schema(value_type = f64, deprecated))]
    pub quantitative: Weight,
    /// Deprecated: `qualitativeWeight`; removed in the next release.
    #[serde(default, skip_deserializing)]
    #[cfg_attr(feature = "ssr", schema(value_type = f64, deprecated))]
    pub qualitative: Weight,
    /// Deprecated: `competencyWeight`; removed in the next release.
    #[serde(default, skip_deserializing)]
    #[cfg_attr(feature = "ssr", schema(value_type = f64, deprecated))]
    pub competency: Weight,
}

impl From<Budget> for WeightConfig {
    fn from(b: Budget) -> WeightConfig {
        WeightConfig {
            quantitative_weight: b.quantitative,
            qualitative_weight: b.qualitative,
            competency_weight: b.competency,
            quantitative: b.quantitative,
            qualitative: b.qualitative,
            competency: b.competency,
        }
    }
}

impl From<WeightConfig> for Budget {
    fn from(c: WeightConfig) -> Budget {
        Budget {
            quantitative: c.quantitative_weight,
            qualitative: c.qualitative_weight,
            competency: c.competency_weight,
        }
    }
}

/// A stage with its current budget: what a goal sheet is checked against, and `stage` in
/// `GET /api/v1/users/me`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StageBudget {
    pub id: Uuid,
    pub number: i32,
    pub name: String,
    pub version: i32,
    #[serde(with = "weight_config_wire")]
    #[cfg_attr(feature = "ssr", schema(value_type = WeightConfig))]
    pub weight_config: Budget,
}

/// [`StageBudget::weight_config`] is a [`Budget`] in Rust and a [`WeightConfig`] on the wire.
mod weight_config_wire {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{Budget, WeightConfig};

    pub fn serialize<S: Serializer>(budget: &Budget, s: S) -> Result<S::Ok, S::Error> {
        WeightConfig::from(*budget).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Budget, D::Error> {
        WeightConfig::deserialize(d).map(Budget::from)
    }
}
