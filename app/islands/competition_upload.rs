//! The upload box of a competition: sends the chosen CSV as multipart `file` to the REST API with
//! a progress bar, then shows the score and rank (predictions), the stored version (answer
//! keys), or every problem the server found, in the user's language.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::hydrated_marker;
use crate::competitions::{AnswerKeyInfo, Submission, ValidationError};
use crate::domain::{ConflictReason, ErrorCode, Locale};
use crate::format::{score_text, validation_text};
use crate::i18n::{conflict_msg, error_msg, tr, Msg};

/// What the box uploads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadKind {
    /// Participants' predictions: POST, answers a scored submission.
    Submission,
    /// The sponsor's answer key: PUT, answers the stored version.
    AnswerKey,
}

/// What became of an upload. (Built in the browser only; the server renders the empty box.)
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Scored(Box<Submission>),
    KeyStored(AnswerKeyInfo),
    Invalid(Vec<ValidationError>),
    Failed(String),
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Deserialize)]
struct ErrorEnvelope {
    error: ErrorPayload,
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Deserialize)]
struct ErrorPayload {
    code: ErrorCode,
    #[serde(default)]
    details: serde_json::Value,
}

/// Reads the API's answer into an outcome.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn outcome(kind: UploadKind, status: u16, body: &str, locale: Locale) -> Outcome {
    if (200..300).contains(&status) {
        let parsed = match kind {
            UploadKind::Submission => serde_json::from_str(body).map(|s| Outcome::Scored(Box::new(s))),
            UploadKind::AnswerKey => serde_json::from_str(body).map(Outcome::KeyStored),
        };
        return parsed.unwrap_or_else(|_| Outcome::Failed(Msg::ErrInternal.text(locale).into()));
    }
    let Ok(ErrorEnvelope { error }) = serde_json::from_str::<ErrorEnvelope>(body) else {
        let msg = if status == 413 { Msg::ErrTooLarge } else { Msg::ErrInternal };
        return Outcome::Failed(msg.text(locale).into());
    };
    if status == 400 {
        if let Ok(errors) = serde_json::from_value::<Vec<ValidationError>>(error.details.clone()) {
            return Outcome::Invalid(errors);
        }
    }
    let text = match error.code {
        // The daily allowances say which one is used up; a per-minute request limit has no scope.
        ErrorCode::RateLimitExceeded if error.details["scope"].is_string() => {
            let limit = error.details["limit"].to_string();
            let time = error.details["resetsAt"]
                .as_str()
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            if error.details["scope"] == "invalid" {
                tr!(locale, quota_invalid_used, limit = limit, time = time)
            } else {
                tr!(locale, quota_used, limit = limit, time = time)
            }
        }
        ErrorCode::Conflict => error.details["reason"]
            .as_str()
            .and_then(ConflictReason::parse)
            .map_or(Msg::ErrConflict, conflict_msg)
            .text(locale)
            .into(),
        code => error_msg(code).text(locale).into(),
    };
    Outcome::Failed(text)
}

#[island]
pub fn FileUpload(url: String, kind: UploadKind, locale: Locale) -> impl IntoView {
    let hydrated = hydrated_marker();
    let input: NodeRef<leptos::html::Input> = NodeRef::new();
    let progress = RwSignal::new(None::<u32>);
    let result = RwSignal::new(None::<Outcome>);
    let (input_id, testid_prefix) = match kind {
        UploadKind::Submission => ("file-input", ""),
        UploadKind::AnswerKey => ("key-file-input", "key-"),
    };
    let send = move || {
        result.set(None);
        #[cfg(feature = "hydrate")]
        {
            let Some(file) = super::xhr::chosen_file(input) else {
                result.set(Some(Outcome::Failed(Msg::ChooseFileFirst.text(locale).into())));
                return;
            };
            progress.set(Some(0));
            let method = match kind {
                UploadKind::Submission => "POST",
                UploadKind::AnswerKey => "PUT",
            };
            let done = move |status: u16, body: String| {
                progress.set(None);
                result.set(Some(outcome(kind, status, &body, locale)));
            };
            if super::xhr::send(&url, method, &file, progress, done).is_err() {
                progress.set(None);
                result.set(Some(Outcome::Failed(Msg::ErrInternal.text(locale).into())));
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&url, input, kind);
    };
    view! {
        <form class="space-y-3" data-hydrated=hydrated data-testid=format!("{testid_prefix}upload")
            on:submit=move |ev| { ev.prevent_default(); send(); }>
            <label class="block text-sm font-medium text-slate-700" for=input_id>{Msg::CsvFile.text(locale)}</label>
            <input id=input_id type="file" accept=".csv,text/csv" node_ref=input data-testid=input_id
                class="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-indigo-50 file:px-3 file:py-2 file:font-medium file:text-indigo-700"/>
            <button type="submit" data-testid=format!("{testid_prefix}submit-button") disabled=move || progress.get().is_some()
                class="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-50">
                {match kind { UploadKind::Submission => Msg::UploadAction, UploadKind::AnswerKey => Msg::UploadKey }.text(locale)}
            </button>
            {move || progress.get().map(|pct| view! {
                <div data-testid="upload-progress">
                    <div class="h-2 w-full overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=pct>
                        <div class="h-2 bg-indigo-600 transition-all" style=format!("width: {pct}%")></div>
                    </div>
                    <p class="mt-1 text-xs text-slate-600">
                        {if pct >= 100 { Msg::Scoring.text(locale).to_owned() } else { tr!(locale, uploading, pct = pct.to_string()) }}
                    </p>
                </div>
            })}
            {move || result.get().map(|r| match r {
                Outcome::Scored(s) => view! {
                    <div class="rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900" data-testid="submission-result" role="status">
                        <p class="font-semibold">{Msg::ResultHeading.text(locale)}</p>
                        <p>{Msg::ResultScore.text(locale)} ": " <span class="font-mono" data-testid="submission-score">{s.score.map(score_text).unwrap_or_default()}</span></p>
                        <p>{Msg::ResultRank.text(locale)} ": " <span class="font-semibold" data-testid="submission-rank">{s.rank.map(|r| r.to_string()).unwrap_or_default()}</span></p>
                        <p data-testid="submission-previous-rank">{match s.previous_rank {
                            Some(rank) => tr!(locale, previous_rank, rank = rank.to_string()),
                            None => Msg::FirstRank.text(locale).to_owned(),
                        }}</p>
                    </div>
                }.into_any(),
                Outcome::KeyStored(info) => view! {
                    <p class="rounded-lg border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="key-result" role="status">
                        {tr!(locale, key_stored, version = info.version.to_string(), rescored = info.rescoring.total.to_string())}
                    </p>
                }.into_any(),
                Outcome::Invalid(errors) => view! {
                    <div class="rounded-lg border border-rose-200 bg-rose-50 p-4 text-sm text-rose-900" role="alert">
                        <p class="font-semibold">{Msg::FileRejected.text(locale)}</p>
                        <ul class="mt-2 list-disc space-y-1 pl-5" data-testid=format!("{testid_prefix}submission-errors")>
                            {errors.iter().map(|e| view! { <li data-code=e.code.as_str()>{validation_text(e, locale)}</li> }).collect_view()}
                        </ul>
                    </div>
                }.into_any(),
                Outcome::Failed(message) => view! {
                    <p class="rounded-lg border border-rose-200 bg-rose-50 p-3 text-sm text-rose-900" role="alert" data-testid="upload-error">{message}</p>
                }.into_any(),
            })}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::competitions::ValidationCode;

    #[test]
    fn reads_every_kind_of_answer() {
        let invalid = r#"{"error":{"code":"VALIDATION_ERROR","message":"x","details":[{"code":"MISSING_IDS","message":"m","count":3,"examples":["a"]}]}}"#;
        match outcome(UploadKind::Submission, 400, invalid, Locale::En) {
            Outcome::Invalid(errors) => assert_eq!(errors[0].code, ValidationCode::MissingIds),
            other => panic!("{other:?}"),
        }
        let limited = r#"{"error":{"code":"RATE_LIMIT_EXCEEDED","message":"x","details":{"limit":5,"used":5,"resetsAt":"2026-11-23T00:00:00Z","scope":"daily"}}}"#;
        assert_eq!(
            outcome(UploadKind::Submission, 429, limited, Locale::En),
            Outcome::Failed(
                "Daily submission limit reached: you have used all 5 submissions for today. Try again after 2026-11-23 00:00 UTC."
                    .into()
            )
        );
        let Outcome::Failed(ja) = outcome(UploadKind::Submission, 429, limited, Locale::Ja) else { panic!() };
        assert!(ja.starts_with("本日の提出上限に達しました"), "{ja}");
        // The per-minute request limit is not the daily quota.
        let throttled = r#"{"error":{"code":"RATE_LIMIT_EXCEEDED","message":"x","details":{"limit":600,"used":600,"resetsAt":"2026-11-23T00:00:05Z"}}}"#;
        assert_eq!(
            outcome(UploadKind::Submission, 429, throttled, Locale::En),
            Outcome::Failed(Msg::ErrRateLimited.text(Locale::En).into())
        );
        let closed = r#"{"error":{"code":"CONFLICT","message":"x","details":{"reason":"deadline_passed"}}}"#;
        assert_eq!(
            outcome(UploadKind::Submission, 409, closed, Locale::Ja),
            Outcome::Failed(Msg::ErrDeadlinePassed.text(Locale::Ja).into())
        );
        assert!(matches!(outcome(UploadKind::AnswerKey, 502, "<html>", Locale::En), Outcome::Failed(_)));
    }
}
