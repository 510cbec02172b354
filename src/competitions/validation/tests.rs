use super::*;
use uuid::Uuid;

fn spec(metric: Metric) -> FileSpec {
    FileSpec { metric, id_column: "id".into(), prediction_column: "target".into() }
}

fn split(competition: &Uuid, public_share: f64) -> Split<'_> {
    Split { key: competition.as_bytes(), public_share }
}

fn key() -> AnswerKey {
    AnswerKey::from_rows(
        ["a", "b", "c", "d", "e"].iter().zip([0.0, 1.0, 0.0, 1.0, 1.0]).map(|(id, v)| (id.to_string(), v, true)),
    )
}

fn codes(errors: &[ValidationError]) -> Vec<&'static str> {
    let mut codes: Vec<_> = errors.iter().map(|e| e.code.as_str()).collect();
    codes.sort();
    codes
}

#[test]
fn a_good_file_comes_back_in_key_order() {
    let file = b"\xEF\xBB\xBFtarget,id\n0.9,e\n0.1,a\n0.8,b\n0.2,c\n0.7,d\n";
    let predictions = validate_submission(file, &spec(Metric::Auc), &key()).predictions.unwrap();
    assert_eq!(predictions, vec![0.1, 0.8, 0.2, 0.7, 0.9]);
}

#[test]
fn a_file_broken_in_many_ways_reports_each_problem_once_with_lines() {
    let file = b"id,target\na,0.5\na,0.4\nb,high\nc,1.5\nzz,0.3\nyy,NaN\n";
    let errors = validate_submission(file, &spec(Metric::Auc), &key()).predictions.unwrap_err();
    assert_eq!(
        codes(&errors),
        vec!["DUPLICATE_IDS", "MISSING_IDS", "NOT_A_NUMBER", "UNKNOWN_IDS", "VALUE_OUT_OF_RANGE"]
    );
    let by = |code: &str| errors.iter().find(|e| e.code.as_str() == code).unwrap();
    assert_eq!(by("DUPLICATE_IDS").lines, vec![3]);
    assert_eq!(by("NOT_A_NUMBER").lines, vec![4]);
    assert_eq!(by("NOT_A_NUMBER").examples, vec!["high"]);
    assert_eq!(by("VALUE_OUT_OF_RANGE").count, 2, "1.5 and NaN");
    assert_eq!(by("UNKNOWN_IDS").examples, vec!["zz", "yy"]);
    assert_eq!(by("MISSING_IDS").count, 2);
    assert_eq!(by("MISSING_IDS").examples, vec!["d", "e"]);
}

#[test]
fn missing_columns_empty_files_size_and_encoding() {
    let errors = validate_submission(b"ident,score\nq,1\n", &spec(Metric::Auc), &key()).predictions.unwrap_err();
    assert_eq!(codes(&errors), vec!["MISSING_COLUMN"]);
    assert_eq!(errors[0].examples, vec!["id", "target"]);
    for empty in [&b""[..], b"  \n", b"id,target\n"] {
        let errors = validate_submission(empty, &spec(Metric::Auc), &key()).predictions.unwrap_err();
        assert_eq!(codes(&errors), vec!["EMPTY_FILE"]);
    }
    let errors = validate_submission(b"id,target\na,0.1\nb,0.\xff9\nc,0.2\nd,0.3\ne,0.4\n", &spec(Metric::Auc), &key())
        .predictions
        .unwrap_err();
    assert_eq!(codes(&errors), vec!["MISSING_IDS", "NOT_UTF8"]);
    assert_eq!(errors.iter().find(|e| e.code == ValidationCode::NotUtf8).unwrap().lines, vec![3]);
}

#[test]
fn labels_metrics_want_zero_or_one() {
    let errors = validate_submission(b"id,target\na,0\nb,1\nc,0.5\nd,1\ne,0\n", &spec(Metric::Accuracy), &key())
        .predictions
        .unwrap_err();
    assert_eq!(codes(&errors), vec!["VALUE_OUT_OF_RANGE"]);
    assert!(errors[0].message.contains("0 or 1"));
}

#[test]
fn keys_are_checked_and_split() {
    let competition = &Uuid::from_u128(7);
    let mut file = String::from("id,target\n");
    for i in 0..200 {
        file.push_str(&format!("r{i},{}\n", i % 2));
    }
    let key = AnswerKey::parse(file.as_bytes(), &spec(Metric::Auc), split(competition, 0.3)).unwrap();
    assert_eq!(key.len(), 200);
    let public = key.public.iter().filter(|p| **p).count();
    assert!((30..90).contains(&public), "{public}");

    let errors =
        AnswerKey::parse(b"id,target\na,1\na,0\nb,2\nc,x\n", &spec(Metric::Auc), split(competition, 0.3)).unwrap_err();
    assert_eq!(codes(&errors), vec!["DUPLICATE_IDS", "NOT_A_NUMBER", "VALUE_OUT_OF_RANGE"]);
    // One class only: AUC is undefined, so the key is refused.
    let errors =
        AnswerKey::parse(b"id,target\na,1\nb,1\nc,1\n", &spec(Metric::Auc), split(competition, 0.5)).unwrap_err();
    assert!(errors.iter().all(|e| e.message.contains("both classes") || e.code == ValidationCode::KeyPartEmpty));
    // Regression keys take any finite number.
    let mut regression = String::from("id,target\n");
    for i in 0..20 {
        regression.push_str(&format!("r{i},{}\n", f64::from(i) * -3.5e3));
    }
    assert!(AnswerKey::parse(regression.as_bytes(), &spec(Metric::Rmse), split(competition, 0.5)).is_ok());
}

#[test]
fn a_large_key_is_split_row_by_row_as_one_thread_would() {
    let competition = &Uuid::from_u128(9);
    let mut file = String::from("id,target\n");
    for i in 0..40_000 {
        file.push_str(&format!("id-{i},{}\n", i % 2));
    }
    let key = AnswerKey::parse(file.as_bytes(), &spec(Metric::Auc), split(competition, 0.3)).unwrap();
    assert_eq!(key.len(), 40_000);
    for (row, id) in key.ids().enumerate() {
        assert_eq!(key.public[row], in_public_part(competition.as_bytes(), id, 0.3));
        assert_eq!(key.row(id), Some(row));
    }
    assert_eq!(key.row("id-40000"), None);
}

#[test]
fn hostile_files_stay_small_and_clear() {
    let spec = spec(Metric::Auc);
    let mut wide = ",".repeat(MAX_COLUMNS * 40);
    wide.push_str("id,target\na,1\n");
    let errors = validate_submission(wide.as_bytes(), &spec, &key()).predictions.unwrap_err();
    assert_eq!(codes(&errors), vec!["TOO_MANY_COLUMNS"]);
    assert!(errors[0].message.len() < 200);

    let mut file = String::from("id,target\n");
    file.push_str(&"x".repeat(MAX_RECORD_BYTES + 1));
    file.push_str(",0.5\na,0.1\nb\0,0.2\n");
    file.push_str(&format!("{},0.3\n", "y".repeat(MAX_ID_CHARS + 1)));
    let errors = validate_submission(file.as_bytes(), &spec, &key()).predictions.unwrap_err();
    let by = |code: &str| errors.iter().find(|e| e.code.as_str() == code).unwrap();
    assert_eq!(by("LINE_TOO_LONG").lines, vec![2]);
    assert_eq!(by("NUL_BYTES").lines, vec![4]);
    assert_eq!(by("ID_TOO_LONG").lines, vec![5]);
    assert_eq!(by("ID_TOO_LONG").examples[0].chars().count(), 100);

    // A header of many names is named in part.
    let names: Vec<String> = (0..200).map(|i| format!("column{i}")).collect();
    let file = format!("{}\na,1\n", names.join(","));
    let errors = validate_submission(file.as_bytes(), &spec, &key()).predictions.unwrap_err();
    assert!(errors[0].message.contains("(200 in all)"), "{}", errors[0].message);
    assert!(errors[0].message.len() < 600);
}

#[test]
fn rows_warnings_and_spreadsheet_marks() {
    let file = b"id,target,note\na,0.1,\"x\ny\"\nb,0.8,\nc,0.2,\nd,0.7,\ne,0.9,\n";
    let checked = validate_submission(file, &spec(Metric::Auc), &key());
    assert_eq!(checked.rows, 5);
    assert!(checked.predictions.is_ok(), "{:?}", checked.predictions);
    assert_eq!(checked.warnings[0].code, ValidationCode::ExtraColumns);
    assert_eq!(checked.warnings[0].examples, vec!["note"]);
    // A spreadsheet's text mark before a formula character is not part of the id.
    let marked = b"id,target\n'=a,0.1\n";
    let key = AnswerKey::from_rows([("=a".to_owned(), 1.0, true)]);
    assert_eq!(validate_submission(marked, &spec(Metric::Auc), &key).predictions, Ok(vec![0.1]));
}

#[test]
fn scores_cover_all_rows_and_each_part() {
    let key = AnswerKey::from_rows(vec![("a", 0.0, true), ("b", 1.0, true), ("c", 0.0, false), ("d", 1.0, false)]);
    let s = score(Metric::Auc, &key, &[0.2, 0.8, 0.9, 0.1]).unwrap();
    assert_eq!((s.public, s.private), (1.0, 0.0));
    assert_eq!(s.overall, 0.25);
}

mod hostile {
    //! R3: whatever bytes arrive, reading them never panics, never reports more than it
    //! should keep, and never counts more rows than the file has lines.
    use super::*;
    use proptest::prelude::*;

    /// Files that look like CSV more often than random bytes do.
    fn file() -> impl Strategy<Value = Vec<u8>> {
        let cell = prop_oneof![
            "[a-z0-9]{0,6}".prop_map(String::into_bytes),
            Just(b"0.5".to_vec()),
            Just(b"\"quoted\nnewline\"".to_vec()),
            Just(b"\"unclosed".to_vec()),
            Just(vec![0u8]),
            Just(vec![0xff, 0xfe]),
            Just(b"NaN".to_vec()),
            Just(b"1e308".to_vec()),
            Just(vec![b'x'; MAX_RECORD_BYTES + 10]),
            Just(vec![b','; MAX_COLUMNS + 10]),
        ];
        let line = prop::collection::vec(cell, 0..6).prop_map(|cells| cells.join(&b',')[..].to_vec());
        let structured = (
            any::<bool>(),
            prop::collection::vec(line, 0..20),
            prop_oneof![Just(b"\n".to_vec()), Just(b"\r\n".to_vec()), Just(b"\r".to_vec())],
        )
            .prop_map(|(bom, lines, newline)| {
                let mut out = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
                out.extend_from_slice(b"id,target");
                out.extend_from_slice(&newline);
                out.extend(lines.join(&newline[..]));
                out
            });
        prop_oneof![structured, prop::collection::vec(any::<u8>(), 0..2048)]
    }

    fn bounded(errors: &[ValidationError]) {
        assert!(serde_json::to_string(errors).unwrap().len() < 16 * 1024);
        for e in errors {
            assert!(e.lines.len() <= EXAMPLES && e.examples.len() <= EXAMPLES);
            assert!(e.examples.iter().all(|x| x.chars().count() <= 100));
            assert!(e.message.chars().count() < 1000, "{}", e.message);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn any_prediction_file_is_read_safely(bytes in file()) {
            let spec = spec(Metric::Auc);
            let checked = validate_submission(&bytes, &spec, &key());
            let lines = bytes.iter().filter(|b| **b == b'\n' || **b == b'\r').count() as u64;
            prop_assert!(checked.rows <= lines + 1);
            bounded(&checked.warnings);
            if let Err(errors) = &checked.predictions {
                prop_assert!(!errors.is_empty());
                bounded(errors);
            }
        }

        #[test]
        fn any_answer_key_is_read_safely(bytes in file()) {
            let spec = spec(Metric::Rmse);
            let competition = Uuid::from_u128(9);
            if let Err(errors) = AnswerKey::parse(&bytes, &spec, split(&competition, 0.5)) {
                bounded(&errors);
            }
        }
    }
}
