use super::*;
use crate::domain::weights::Category;
use crate::domain::{ConflictReason, ErrorCode};

#[test]
fn every_message_has_text_in_both_languages() {
    for msg in Msg::ALL {
        assert!(!msg.text(Locale::En).trim().is_empty(), "{msg:?} has no English");
        assert!(!msg.text(Locale::Ja).trim().is_empty(), "{msg:?} has no Japanese");
    }
}

/// The keys of a locale file, plural forms folded into their key.
fn locale_keys(locale: &str) -> std::collections::BTreeSet<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("locales/{locale}.json"));
    let file: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    file.keys()
        .map(|k| ["_one", "_other"].iter().find_map(|suffix| k.strip_suffix(suffix)).unwrap_or(k).to_owned())
        .collect()
}

/// leptos_i18n falls back to English for a key Japanese lacks, with only a build warning.
#[test]
fn both_locales_have_the_same_keys() {
    let (en, ja) = (locale_keys("en"), locale_keys("ja"));
    let only_en: Vec<_> = en.difference(&ja).collect();
    let only_ja: Vec<_> = ja.difference(&en).collect();
    assert!(only_en.is_empty(), "keys without Japanese: {only_en:?}");
    assert!(only_ja.is_empty(), "keys without English: {only_ja:?}");
}

#[test]
fn goal_sheet_sentences_read_as_specified() {
    let quantitative = category_short_msg(Category::Quantitative).text(Locale::Ja);
    let qualitative = category_short_msg(Category::Qualitative).text(Locale::Ja);
    assert_eq!(
        tr!(Locale::Ja, helper_remaining, remaining = 30, category = quantitative),
        "残り30%を定量目標に割り当ててください"
    );
    assert_eq!(tr!(Locale::Ja, zero_budget, category = qualitative), "定性目標はこのステージでは評価対象外 (0%)");
    assert_eq!(
        tr!(Locale::Ja, allocation_complete, stage = "Stage 3", q = 70, ql = 30),
        "Stage 3 の70%/30%配分が完了しました"
    );
}

#[test]
fn placeholders_are_filled_and_english_counts_agree() {
    assert_eq!(tr!(Locale::Ja, dashboard_welcome, name = "花子"), "ようこそ、花子 さん");
    assert_eq!(tr!(Locale::En, team_members, count = 1), "1 member");
    assert_eq!(tr!(Locale::En, team_members, count = 3), "3 members");
    assert_eq!(tr!(Locale::Ja, team_members, count = 1), "メンバー 1 名");
}

#[test]
fn every_conflict_reason_says_what_conflicts_in_both_languages() {
    for reason in ConflictReason::ALL {
        let msg = conflict_msg(reason);
        assert_ne!(msg, Msg::ErrConflict, "{reason:?} falls back to the generic text");
        assert_ne!(msg.text(Locale::En), msg.text(Locale::Ja), "{reason:?}");
    }
}

#[test]
fn every_error_code_has_its_own_page_text() {
    let codes = ErrorCode::ALL;
    let mut texts: Vec<&str> = codes.iter().map(|c| error_msg(*c).text(Locale::En)).collect();
    texts.sort_unstable();
    texts.dedup();
    assert_eq!(texts.len(), codes.len(), "two error codes share a text");
}

/// Every `.rs` file below `dir`, the list of messages itself left out.
fn sources(dir: &std::path::Path, text: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, text);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let source = std::fs::read_to_string(&path).unwrap();
            match source.split_once("\nmessages! {") {
                Some((before, rest)) => {
                    text.push_str(before);
                    text.push_str(rest.split_once("\n}\n").map_or("", |(_, after)| after));
                }
                None => text.push_str(&source),
            }
        }
    }
}

/// The code of `src/` and `app/`, the list of messages left out.
fn all_sources() -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = String::new();
    sources(&root.join("src"), &mut text);
    sources(&root.join("app"), &mut text);
    text
}

#[test]
fn every_message_is_used_somewhere() {
    let text = all_sources();
    let used = |name: &str| {
        let needle = format!("Msg::{name}");
        text.match_indices(&needle).any(|(at, _)| {
            let next = text[at + needle.len()..].chars().next();
            !next.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
    };
    let dead: Vec<String> = Msg::ALL.iter().map(|m| format!("{m:?}")).filter(|name| !used(name)).collect();
    assert!(dead.is_empty(), "messages nothing shows: {dead:?}");
}

#[test]
fn every_locale_key_is_used_somewhere() {
    let text = all_sources();
    let mut used: std::collections::BTreeSet<String> = Msg::ALL.iter().map(|m| m.key().to_owned()).collect();
    for (at, _) in text.match_indices("tr!(") {
        if let Some(key) = text[at..].split(',').nth(1) {
            used.insert(key.trim().to_owned());
        }
    }
    let dead: Vec<_> = locale_keys("en").into_iter().filter(|k| !used.contains(k)).collect();
    assert!(dead.is_empty(), "texts nothing shows: {dead:?}");
}
