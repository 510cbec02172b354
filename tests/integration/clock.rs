//! The clock seam: every time rule reads the caller's `Ctx::now`, so a test calls the same
//! service the pages and the API call, at the moments where a rule changes its answer.

use chrono::Duration;
use merit::competitions::service::{self as competitions, Upload};
use merit::competitions::CompetitionInput;
use merit::domain::ConflictReason;
use merit::error::AppError;
use merit::nominations::{service as nominations, NominationInput};
use sqlx::PgPool;
use uuid::Uuid;

use crate::common::TestApp;
use crate::competitions::{csv, input, labels, perfect, Arena};
use crate::nominations::{nomination, open_cycle};

/// The conflict reason of a service error, or a failed test.
#[track_caller]
fn reason(result: Result<impl std::fmt::Debug, AppError>) -> ConflictReason {
    let error = result.expect_err("a conflict");
    let details = error.details().expect("a conflict with details");
    serde_json::from_value(details["reason"].clone()).unwrap()
}

#[sqlx::test]
async fn nominations_open_and_close_with_the_window_on_the_callers_clock(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let hr = app.login("hr@demo.test").await;
    let (id, criteria) = open_cycle(&app, &hr).await;
    let id: Uuid = id.parse().unwrap();
    let cycle = nominations::get(&app.pool, &app.ctx_for("hr@demo.test").await, id).await.unwrap();
    let manager = app.ctx_for("manager@demo.test").await;
    let alice = app.user_id("alice@demo.test").await;
    let input: NominationInput = serde_json::from_value(nomination(alice, &criteria, [4, 3])).unwrap();
    let second = Duration::seconds(1);
    for at in [cycle.start_at - second, cycle.end_at + second] {
        let outside = nominations::nominate(&app.pool, &manager.clone().at(at), id, &input).await;
        assert_eq!(reason(outside), ConflictReason::OutsideWindow, "at {at}");
    }
    let inside = manager.at(cycle.end_at - second);
    let made = nominations::nominate(&app.pool, &inside, id, &input).await;
    assert_eq!(made.unwrap().nominee_id, alice);
}

#[sqlx::test]
async fn deadlines_and_the_daily_limit_follow_the_callers_clock(pool: PgPool) {
    let Arena { app, alice, id, .. } = Arena::new(pool, 1).await;
    let id: Uuid = id.parse().unwrap();
    let file = csv(&perfect(&labels()));
    let upload = || Upload { file_name: "predictions.csv".into(), bytes: file.clone().into_bytes(), room: None };
    crate::competitions::submit(&app, &alice, &id.to_string(), &file)
        .await
        .assert_status(axum::http::StatusCode::CREATED);
    let ctx = app.ctx_for("alice@demo.test").await;

    // Today's one upload is used; tomorrow is another day; after the deadline nothing counts.
    let today = competitions::submit(&app.pool, &ctx, id, upload()).await;
    assert!(matches!(today, Err(AppError::RateLimited(_))), "{today:?}");
    let tomorrow = ctx.clone().at(ctx.now + Duration::days(1));
    competitions::submit(&app.pool, &tomorrow, id, upload()).await.unwrap();
    let late = ctx.clone().at(ctx.now + Duration::days(8));
    let refused = competitions::may_submit_now(&app.pool, &late, id).await;
    assert_eq!(reason(refused), ConflictReason::DeadlinePassed);

    // A deadline an hour away is valid now and in the past two hours later.
    let sponsor = app.ctx_for("employee@demo.test").await;
    let mut soon: CompetitionInput = serde_json::from_value(input(5)).unwrap();
    soon.deadline = sponsor.now + Duration::hours(1);
    let later = sponsor.clone().at(sponsor.now + Duration::hours(2));
    let refused = competitions::create(&app.pool, &later, &soon).await;
    assert!(matches!(refused, Err(AppError::Validation(_))), "{refused:?}");
    competitions::create(&app.pool, &sponsor, &soon).await.unwrap();
}
