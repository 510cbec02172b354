//! Where a `next=` parameter may send someone after sign-in: local paths only.

/// `Some(path)` when `next` is a path on this site (`/…`, not `//host` or `/\host`, no control
/// characters); `None` for anything that could leave Merit.
pub fn safe_next(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\')
        && next.len() <= 2048;
    ok.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn local_paths_pass() {
        assert_eq!(safe_next("/admin/audit?page=2"), Some("/admin/audit?page=2"));
        assert_eq!(safe_next("/"), Some("/"));
    }

    #[test]
    fn long_paths_and_hidden_characters_are_refused() {
        let longest = format!("/{}", "a".repeat(2047));
        assert_eq!(safe_next(&longest), Some(longest.as_str()));
        assert_eq!(safe_next(&format!("{longest}a")), None);
        assert_eq!(safe_next("/a\tb"), None);
        assert_eq!(safe_next("/a\\b"), None);
        assert_eq!(safe_next("/ja/メンバー"), Some("/ja/メンバー"));
    }

    #[test]
    fn anything_that_leaves_is_refused() {
        for bad in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "evil",
            "/a\r\nLocation: x",
            "javascript:alert(1)",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }
}
