use super::*;

fn w(text: &str) -> Weight {
    Weight::parse(text).unwrap()
}

#[test]
fn parses_and_prints_percentages() {
    assert_eq!(w("70").hundredths(), 7000);
    assert_eq!(w(" 33.33 ").hundredths(), 3333);
    assert_eq!(w("5.5").hundredths(), 550);
    assert_eq!(w(".5").hundredths(), 50);
    assert_eq!(w("100").to_string(), "100");
    assert_eq!(w("33.50").to_string(), "33.5");
    assert_eq!(w("0.05").to_string(), "0.05");
    assert_eq!(Weight::parse("100.01"), Err(WeightError::OutOfRange));
    assert_eq!(Weight::parse("-1"), Err(WeightError::OutOfRange));
    assert_eq!(Weight::parse("33.333"), Err(WeightError::TooManyDecimals));
    assert_eq!(Weight::parse("abc"), Err(WeightError::NotANumber));
    assert_eq!(Weight::parse(""), Err(WeightError::NotANumber));
    assert_eq!(Weight::parse("."), Err(WeightError::NotANumber));
}

#[test]
fn numbers_from_json_follow_the_same_rules() {
    assert_eq!(Weight::from_f64(85.0).unwrap().hundredths(), 8500);
    assert_eq!(Weight::from_f64(23.34).unwrap().hundredths(), 2334);
    assert_eq!(Weight::from_f64(120.0), Err(WeightError::OutOfRange));
    assert_eq!(Weight::from_f64(-1.0), Err(WeightError::OutOfRange));
    assert_eq!(Weight::from_f64(33.333), Err(WeightError::TooManyDecimals));
    assert_eq!(Weight::from_f64(f64::NAN), Err(WeightError::NotANumber));
}

#[test]
fn stage_weights_validation() {
    assert_eq!(validate_stage_weights(85.0, 15.0, 10.0).unwrap().quantitative, w("85"));
    let fields = |r: Result<Budget, Vec<FieldError>>| {
        r.unwrap_err().into_iter().map(|e| (e.field, e.code.as_str())).collect::<Vec<_>>()
    };
    assert_eq!(fields(validate_stage_weights(120.0, 0.0, 0.0)), [("quantitativeWeight".into(), "out_of_range")]);
    assert_eq!(fields(validate_stage_weights(70.0, -1.0, 10.0)), [("qualitativeWeight".into(), "out_of_range")]);
    assert_eq!(fields(validate_stage_weights(70.0, 30.0, 33.333)), [("competencyWeight".into(), "too_many_decimals")]);
    assert_eq!(fields(validate_stage_weights(0.0, 0.0, 0.0)), [("weights".into(), "all_zero")]);
}

#[test]
fn default_policy_matches_the_design() {
    assert_eq!(default_policy(1), Budget { quantitative: w("70"), qualitative: w("30"), competency: w("10") });
    assert_eq!(default_policy(5), Budget { quantitative: w("80"), qualitative: w("20"), competency: w("10") });
    assert_eq!(default_policy(6), Budget { quantitative: w("100"), qualitative: w("0"), competency: w("10") });
    assert!(default_policy(4).performance_total_is_100());
}

#[test]
fn even_split_examples() {
    assert_eq!(even_split(w("70"), 2), [w("35"), w("35")]);
    assert_eq!(even_split(w("70"), 3), [w("23.33"), w("23.33"), w("23.34")]);
    assert_eq!(even_split(w("10"), 1), [w("10")]);
    assert_eq!(even_split(w("0.02"), 4), [w("0"), w("0"), w("0"), w("0.02")]);
    assert!(even_split(w("70"), 0).is_empty());
}

#[test]
fn fill_remaining_and_status() {
    assert_eq!(fill_remaining(w("85"), [w("40"), w("20")]), w("25"));
    assert_eq!(fill_remaining(w("85"), [w("90")]), Weight::ZERO);
    let status = category_status(Category::Quantitative, w("70"), [w("40")]);
    assert_eq!((status.state, status.remaining()), (BudgetState::Under, w("30")));
    assert_eq!(category_status(Category::Quantitative, w("70"), [w("35"), w("35")]).state, BudgetState::Met);
    assert_eq!(category_status(Category::Quantitative, w("70"), [w("71")]).state, BudgetState::Over);
}

fn goal(category: Category, weight: f64) -> GoalInput {
    GoalInput { category, title: "Grow revenue".into(), description: String::new(), measure: String::new(), weight }
}

#[test]
fn drafts_may_be_under_but_never_over() {
    let budget = default_policy(4);
    let under = [goal(Category::Quantitative, 40.0)];
    assert!(check_sheet(&under, &budget, SheetAction::SaveDraft).is_ok());
    let codes =
        |r: Result<Vec<ValidGoal>, Vec<FieldError>>| r.unwrap_err().into_iter().map(|e| e.code).collect::<Vec<_>>();
    assert_eq!(
        codes(check_sheet(&under, &budget, SheetAction::Submit)),
        ["under_budget", "under_budget", "under_budget"]
    );
    let over = [goal(Category::Quantitative, 50.0), goal(Category::Quantitative, 31.0)];
    assert_eq!(codes(check_sheet(&over, &budget, SheetAction::SaveDraft)), ["over_budget"]);
}

#[test]
fn submit_needs_every_budget_met_exactly() {
    let budget = default_policy(4);
    let full = [
        goal(Category::Quantitative, 40.0),
        goal(Category::Quantitative, 40.0),
        goal(Category::Qualitative, 20.0),
        goal(Category::Competency, 10.0),
    ];
    assert_eq!(check_sheet(&full, &budget, SheetAction::Submit).unwrap().len(), 4);
}

#[test]
fn zero_budget_categories_take_no_weighted_goals() {
    use Category::{Competency, Qualitative, Quantitative};
    let budget = default_policy(6);
    let sheet = |goals: &[(Category, f64)]| -> Vec<GoalInput> { goals.iter().map(|(c, w)| goal(*c, *w)).collect() };
    let with_qualitative = sheet(&[(Quantitative, 100.0), (Qualitative, 5.0), (Competency, 10.0)]);
    let errors = check_sheet(&with_qualitative, &budget, SheetAction::SaveDraft).unwrap_err();
    assert_eq!(errors[0].field, "goals[1].weight");
    assert_eq!(errors[0].code, "zero_budget_category");
    let without = sheet(&[(Quantitative, 100.0), (Competency, 10.0)]);
    assert!(check_sheet(&without, &budget, SheetAction::Submit).is_ok());
}

#[test]
fn titles_are_required_and_bounded() {
    let mut untitled = goal(Category::Competency, 10.0);
    untitled.title = "   ".into();
    let errors = check_sheet(&[untitled], &default_policy(1), SheetAction::SaveDraft).unwrap_err();
    assert_eq!((errors[0].field.as_str(), errors[0].code.as_str()), ("goals[0].title", "required"));
}

#[test]
fn legacy_rule() {
    let old = default_policy(4);
    let new = validate_stage_weights(85.0, 15.0, 10.0).unwrap();
    let before = [(Category::Quantitative, w("80"))];
    assert!(!weights_changed(&before, &[(Category::Quantitative, w("80"))]));
    assert!(weights_changed(&before, &[(Category::Quantitative, w("85"))]));
    assert_eq!(effective_budget(old, new, false), old);
    assert_eq!(effective_budget(old, new, true), new);
}

mod properties {
    use super::super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn even_split_sums_exactly_and_never_goes_negative(budget in 0i64..=10_000, count in 1usize..=20) {
            let weights = even_split(Weight::from_hundredths(budget), count);
            prop_assert_eq!(weights.len(), count);
            prop_assert_eq!(weights.iter().copied().sum::<Weight>(), Weight::from_hundredths(budget));
            prop_assert!(weights.iter().all(|w| w.hundredths() >= 0));
            // Everyone but the last gets the same share, and the last is within n hundredths of it.
            prop_assert!(weights[..count - 1].windows(2).all(|p| p[0] == p[1]));
        }

        #[test]
        fn fill_remaining_never_goes_below_zero(budget in 0i64..=10_000, others in proptest::collection::vec(0i64..=10_000, 0..20)) {
            let filled = fill_remaining(Weight::from_hundredths(budget), others.iter().map(|&o| Weight::from_hundredths(o)));
            prop_assert!(filled.hundredths() >= 0);
            let sum: i64 = others.iter().sum();
            if sum <= budget {
                prop_assert_eq!(filled.hundredths() + sum, budget);
            }
        }

        #[test]
        fn parse_round_trips_display(hundredths in 0i64..=10_000) {
            let weight = Weight::from_hundredths(hundredths);
            prop_assert_eq!(Weight::parse(&weight.to_string()), Ok(weight));
            prop_assert_eq!(Weight::from_f64(weight.as_f64()), Ok(weight));
        }
    }
}
