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
    let codes = ErrorCode::ALL;
    let mut texts: Vec<&str> = codes
        .iter()
        .map(|c| error_msg(*c).text(Locale::En))
        .collect();
    texts.sort_unstable();
    texts.dedup();
    assert_eq!(texts.len(), codes.len(), "two error codes share a text");
}

/// Every `.rs` file below `dir`, the catalog's own list of keys left out.
fn sources(dir: &std::path::Path, text: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, text);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let source = std::fs::read_to_string(&path).unwrap();
            match source.split_once("\ncatalog! {") {
                Some((before, rest)) => {
                    text.push_str(before);
                    text.push_str(rest.split_once("\n}\n").map_or("", |(_, after)| after));
                }
                None => text.push_str(&source),
            }
        }
    }
}

#[test]
fn every_message_is_used_somewhere() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = String::new();
    sources(&root.join("src"), &mut text);
    sources(&root.join("app"), &mut text);
    let used = |name: &str| {
        let needle = format!("Msg::{name}");
        text.match_indices(&needle).any(|(at, _)| {
            let next = text[at + needle.len()..].chars().next();
            !next.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
    };
    let dead: Vec<String> = Msg::ALL
        .iter()
        .map(|m| format!("{m:?}"))
        .filter(|name| !used(name))
        .collect();
    assert!(dead.is_empty(), "messages nothing shows: {dead:?}");
}
