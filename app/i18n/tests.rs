use super::*;

#[test]
fn every_message_has_text_in_both_languages() {
    for msg in Msg::ALL {
        assert!(
            !msg.text(Locale::En).trim().is_empty(),
            "{msg:?} has no English"
        );
        assert!(
            !msg.text(Locale::Ja).trim().is_empty(),
            "{msg:?} has no Japanese"
        );
    }
}

#[test]
fn placeholders_match_between_languages() {
    let placeholders = |s: &str| {
        let mut found: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
            .collect();
        found.sort();
        found
    };
    for msg in Msg::ALL {
        assert_eq!(
            placeholders(msg.text(Locale::En)),
            placeholders(msg.text(Locale::Ja)),
            "{msg:?}"
        );
    }
}

#[test]
fn goal_sheet_sentences_read_as_specified() {
    let ja = |msg, args: &[(&str, &str)]| tr(Locale::Ja, msg, args);
    let quantitative = category_short_msg(Category::Quantitative).text(Locale::Ja);
    let qualitative = category_short_msg(Category::Qualitative).text(Locale::Ja);
    assert_eq!(
        ja(
            Msg::HelperRemaining,
            &[("remaining", "30"), ("category", quantitative)]
        ),
        "残り30%を定量目標に割り当ててください"
    );
    assert_eq!(
        ja(Msg::ZeroBudget, &[("category", qualitative)]),
        "定性目標はこのステージでは評価対象外 (0%)"
    );
    assert_eq!(
        ja(
            Msg::AllocationComplete,
            &[("stage", "Stage 3"), ("q", "70"), ("ql", "30")]
        ),
        "Stage 3 の70%/30%配分が完了しました"
    );
}

#[test]
fn tr_fills_placeholders() {
    assert_eq!(
        tr(Locale::Ja, Msg::DashboardWelcome, &[("name", "花子")]),
        "ようこそ、花子 さん"
    );
}

#[test]
fn every_conflict_reason_says_what_conflicts_in_both_languages() {
    for reason in ConflictReason::ALL {
        let msg = conflict_msg(reason);
        assert_ne!(
            msg,
            Msg::ErrConflict,
            "{reason:?} falls back to the generic text"
        );
        assert_ne!(msg.text(Locale::En), msg.text(Locale::Ja), "{reason:?}");
    }
}

#[test]
fn every_error_code_has_its_own_page_text() {
    let codes = [
        ErrorCode::Unauthenticated,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::ValidationError,
        ErrorCode::Conflict,
        ErrorCode::RateLimitExceeded,
        ErrorCode::PayloadTooLarge,
        ErrorCode::Internal,
    ];
    let mut texts: Vec<&str> = codes
        .iter()
        .map(|c| error_msg(*c).text(Locale::En))
        .collect();
    texts.sort_unstable();
    texts.dedup();
    assert_eq!(texts.len(), codes.len(), "two error codes share a text");
}
