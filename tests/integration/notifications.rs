//! Notifications: one for each event that concerns a person, to that person only, never across
//! organizations; listed newest first with the unread count, marked read one by one or all.

use axum::http::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::common::{Req, TestApp};
use crate::competitions::{csv, enroll, labels, perfect, put_key, submit, Arena};
use crate::nominations::{cycle, nomination, now_window};

/// The reader's notifications (newest first) and their unread count.
async fn inbox(app: &TestApp, cookie: &str) -> (Vec<Value>, i64) {
    let res = app.get_as(cookie, "/api/v1/notifications?pageSize=100").await;
    res.assert_status(StatusCode::OK);
    let body = res.json();
    (body["items"].as_array().unwrap().clone(), body["unread"].as_i64().unwrap())
}

/// The demo data is made through the services, so it has notifications of its own; each test
/// starts without them to see only what it causes.
async fn clear(app: &TestApp) {
    sqlx::query("DELETE FROM notifications").execute(&app.pool).await.unwrap();
}

fn kinds(items: &[Value]) -> Vec<&str> {
    items.iter().map(|n| n["kind"].as_str().unwrap()).collect()
}

#[sqlx::test]
async fn a_returned_then_approved_sheet_tells_its_owner_who_marks_them_read(pool: PgPool) {
    let app = TestApp::new(pool).await;
    clear(&app).await;
    let (bob, manager) = (app.login("bob@demo.test").await, app.login("manager@demo.test").await);
    let goals = vec![
        crate::goals::goal("quantitative", "Sales", 70.0),
        crate::goals::goal("qualitative", "PJ", 30.0),
        crate::goals::goal("competency", "Growth", 10.0),
    ];
    crate::goals::put(&app, &bob, goals).await.assert_status(StatusCode::OK);
    let sheet = crate::goals::submit(&app, &bob).await.json()["id"].as_str().unwrap().to_owned();
    let returned = app
        .post_as(&manager, &format!("/api/v1/goal-sheets/{sheet}/return"), json!({"comment": "Sharpen the PJ goal"}))
        .await;
    returned.assert_status(StatusCode::OK);

    let (items, unread) = inbox(&app, &bob).await;
    assert_eq!((kinds(&items), unread), (vec!["sheet_returned"], 1));
    let n = &items[0];
    assert_eq!(n["subjectId"], sheet.as_str());
    assert_eq!(n["link"], "/goals");
    assert_eq!(n["data"]["comment"], "Sharpen the PJ goal");
    assert!(n["data"]["period"].is_string());
    assert!(n["readAt"].is_null());
    // The manager who acted is not told about their own action.
    assert_eq!(inbox(&app, &manager).await, (vec![], 0));

    crate::goals::submit(&app, &bob).await.assert_status(StatusCode::OK);
    app.post_as(&manager, &format!("/api/v1/goal-sheets/{sheet}/approve"), json!({}))
        .await
        .assert_status(StatusCode::OK);
    let (items, unread) = inbox(&app, &bob).await;
    assert_eq!((kinds(&items), unread), (vec!["sheet_approved", "sheet_returned"], 2));

    // Marking one: another person (or organization) cannot; its owner can, twice.
    let id = items[1]["id"].as_str().unwrap().to_owned();
    let read = format!("/api/v1/notifications/{id}/read");
    for other in ["alice@demo.test", "admin@other.test"] {
        let cookie = app.login(other).await;
        app.post_as(&cookie, &read, json!({})).await.assert_status(StatusCode::NOT_FOUND);
        assert_eq!(inbox(&app, &cookie).await, (vec![], 0), "{other} sees none of bob's");
    }
    for _ in 0..2 {
        let marked = app.post_as(&bob, &read, json!({})).await;
        marked.assert_status(StatusCode::OK);
        assert!(marked.json()["readAt"].is_string());
    }
    let (items, unread) = inbox(&app, &bob).await;
    assert_eq!(unread, 1);
    assert_eq!(app.get_as(&bob, "/api/v1/notifications?unread=true").await.json()["total"], 1);
    assert!(items[1]["readAt"].is_string());
    let all = app.post_as(&bob, "/api/v1/notifications/read-all", json!({})).await;
    all.assert_status(StatusCode::OK);
    assert_eq!(all.json(), json!({"marked": 1, "unread": 0}));
    assert_eq!(inbox(&app, &bob).await.1, 0);

    // The pages: the bell counts, the list shows the sentence, opening one reads it and goes there.
    let home = app.get_as(&bob, "/").await.text();
    assert!(home.contains("data-testid=\"notification-bell\" data-unread=\"0\""), "all read");
    let (items, _) = inbox(&app, &bob).await;
    let page = app.get_as(&bob, "/notifications").await.text();
    assert!(page.contains("Your goal sheet for"), "{page}");
    assert!(page.contains("was returned: “Sharpen the PJ goal”"));
    sqlx::query("UPDATE notifications SET read_at = NULL").execute(&app.pool).await.unwrap();
    let home = app.get_as(&bob, "/").await.text();
    assert!(home.contains("data-unread=\"2\""), "the bell counts both");
    let opened =
        app.send(Req::post(&format!("/notifications/{}/open", items[1]["id"].as_str().unwrap())).cookie(&bob)).await;
    assert_eq!(opened.location().as_deref(), Some("/goals"));
    assert_eq!(inbox(&app, &bob).await.1, 1);
    let alice = app.login("alice@demo.test").await;
    let foreign =
        app.send(Req::post(&format!("/notifications/{}/open", items[0]["id"].as_str().unwrap())).cookie(&alice)).await;
    assert_eq!(foreign.location().as_deref(), Some("/notifications"), "someone else's leads to one's own list");
    assert_eq!(inbox(&app, &bob).await.1, 1);
    let all = app.send(Req::post("/notifications/read-all").cookie(&bob)).await;
    assert_eq!(all.location().as_deref(), Some("/notifications"));
    assert_eq!(inbox(&app, &bob).await.1, 0);

    let bad = app.get_as(&bob, "/api/v1/notifications?unread=maybe").await;
    bad.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
    app.send(Req::get("/api/v1/notifications")).await.assert_status(StatusCode::UNAUTHORIZED);
}

#[sqlx::test]
async fn a_decision_tells_the_submitter_and_finalizing_tells_everyone_involved(pool: PgPool) {
    let app = TestApp::new(pool).await;
    clear(&app).await;
    let (hr, manager) = (app.login("hr@demo.test").await, app.login("manager@demo.test").await);
    let (start, end) = now_window();
    let (id, criteria) = cycle(&app, &hr, start, end).await;
    let mut made = Vec::new();
    for nominee in ["alice@demo.test", "bob@demo.test"] {
        let body = nomination(app.user_id(nominee).await, &criteria, [4, 3]);
        let res = app.post_as(&manager, &format!("/api/v1/cycles/{id}/nominations"), body).await;
        res.assert_status(StatusCode::CREATED);
        made.push(res.json()["id"].as_str().unwrap().to_owned());
    }
    let reject =
        app.post_as(&hr, &format!("/api/v1/nominations/{}/reject", made[0]), json!({"reason": "Too early"})).await;
    reject.assert_status(StatusCode::OK);
    app.post_as(&hr, &format!("/api/v1/nominations/{}/approve", made[1]), json!({"comment": "Well earned"}))
        .await
        .assert_status(StatusCode::OK);

    let (items, unread) = inbox(&app, &manager).await;
    assert_eq!((kinds(&items), unread), (vec!["nomination_decided", "nomination_decided"], 2));
    assert_eq!(items[1]["subjectId"], made[0].as_str());
    assert_eq!(items[1]["data"]["decision"], "rejected");
    assert_eq!(items[1]["data"]["reason"], "Too early");
    assert_eq!(items[1]["data"]["nominee"], "Alice Baker");
    assert_eq!(items[0]["data"]["decision"], "approved");
    assert_eq!(items[0]["data"]["comment"], "Well earned");
    assert_eq!(items[0]["link"], format!("/nominations/{id}"));
    // The nominees are not told who nominated them or why it was rejected.
    let (alice, bob) = (app.login("alice@demo.test").await, app.login("bob@demo.test").await);
    assert_eq!(inbox(&app, &alice).await, (vec![], 0));
    assert_eq!(inbox(&app, &bob).await, (vec![], 0));

    app.post_as(&hr, &format!("/api/v1/cycles/{id}/close"), json!({})).await.assert_status(StatusCode::OK);
    app.post_as(&hr, &format!("/api/v1/cycles/{id}/finalize"), json!({})).await.assert_status(StatusCode::OK);
    // Finalizing again changes nothing and tells nobody twice.
    app.post_as(&hr, &format!("/api/v1/cycles/{id}/finalize"), json!({})).await.assert_status(StatusCode::OK);
    let (items, _) = inbox(&app, &manager).await;
    assert_eq!(kinds(&items)[0], "cycle_finalized");
    assert_eq!(items[0]["link"], format!("/nominations/{id}/leaderboard"));
    assert_eq!(kinds(&inbox(&app, &bob).await.0), vec!["cycle_finalized"], "the approved nominee");
    assert_eq!(inbox(&app, &alice).await, (vec![], 0), "a rejected nominee is not involved");
    assert_eq!(inbox(&app, &hr).await, (vec![], 0), "hr finalized it");
}

#[sqlx::test]
async fn announcements_stay_unread_until_the_overview_is_opened(pool: PgPool) {
    let Arena { app, sponsor, alice, id } = Arena::new(pool, 5).await;
    clear(&app).await;
    let bob = app.login("bob@demo.test").await;
    let posted =
        app.post_as(&sponsor, &format!("/api/v1/competitions/{id}/admin/announce"), json!({"body": "New data"})).await;
    posted.assert_status(StatusCode::CREATED);
    let (items, unread) = inbox(&app, &alice).await;
    assert_eq!((kinds(&items), unread), (vec!["announcement"], 1));
    assert_eq!(items[0]["data"]["excerpt"], "New data");
    assert_eq!(inbox(&app, &bob).await, (vec![], 0), "not a participant");
    assert_eq!(inbox(&app, &sponsor).await, (vec![], 0), "the author");

    let context = |res: Value| res["userContext"]["unreadAnnouncements"].as_i64().unwrap();
    assert_eq!(context(app.get_as(&alice, &format!("/api/v1/competitions/{id}")).await.json()), 1);
    let slug =
        app.get_as(&alice, &format!("/api/v1/competitions/{id}")).await.json()["slug"].as_str().unwrap().to_owned();
    let list = app.get_as(&alice, "/competitions").await.text();
    assert!(list.contains("data-testid=\"unread-marker\""), "the list marks the competition");
    let other_tab = app.get_as(&alice, &format!("/competitions/{slug}?tab=leaderboard")).await.text();
    assert!(other_tab.contains("data-testid=\"unread-marker\""), "the Overview tab is marked");
    assert_eq!(inbox(&app, &alice).await.1, 1, "another tab leaves it unread");
    let overview = app.get_as(&alice, &format!("/competitions/{slug}")).await.text();
    assert!(!overview.contains("data-testid=\"unread-marker\""));
    assert_eq!(inbox(&app, &alice).await.1, 0);
    assert_eq!(context(app.get_as(&alice, &format!("/api/v1/competitions/{id}")).await.json()), 0);
}

#[sqlx::test]
async fn being_overtaken_tells_once_per_competition_and_the_header_shows_the_move(pool: PgPool) {
    let Arena { app, sponsor, alice, id } = Arena::new(pool, 5).await;
    clear(&app).await;
    let slug =
        app.get_as(&alice, &format!("/api/v1/competitions/{id}")).await.json()["slug"].as_str().unwrap().to_owned();
    // Alice leads with a constant entry (AUC 0.5 on any public split) and looks at the page.
    submit(&app, &alice, &id, &csv(&vec![0.5; labels().len()])).await.assert_status(StatusCode::CREATED);
    let page = app.get_as(&alice, &format!("/competitions/{slug}?tab=leaderboard")).await.text();
    // Once seen failing in CI and never since: say what the header held instead.
    let header = |page: &str| -> String {
        match page.find("data-testid=\"competition-stats\"") {
            Some(at) => page[at..].chars().take(1_500).collect(),
            None => format!("no header; the page: {page}"),
        }
    };
    assert!(page.contains("data-testid=\"header-rank\" data-rank=\"1\""), "rank 1, no move yet: {}", header(&page));
    assert!(!page.contains("data-moved"));

    let bob = app.login("bob@demo.test").await;
    enroll(&app, &bob, &id).await;
    submit(&app, &bob, &id, &csv(&perfect(&labels()))).await.assert_status(StatusCode::CREATED);
    let (items, unread) = inbox(&app, &alice).await;
    assert_eq!((kinds(&items), unread), (vec!["rank_lost"], 1));
    assert_eq!((items[0]["data"]["rank"].as_i64(), items[0]["data"]["previousRank"].as_i64()), (Some(2), Some(1)));
    assert_eq!(items[0]["link"], format!("/competitions/{slug}?tab=leaderboard"));
    // Bob's second entry moves nobody; Carol's pushes Alice to 3: still one unread notification.
    submit(&app, &bob, &id, &csv(&perfect(&labels()))).await.assert_status(StatusCode::CREATED);
    let carol = app.login("carol@demo.test").await;
    enroll(&app, &carol, &id).await;
    submit(&app, &carol, &id, &csv(&perfect(&labels()))).await.assert_status(StatusCode::CREATED);
    let (items, unread) = inbox(&app, &alice).await;
    assert_eq!(unread, 1);
    assert_eq!((items[0]["data"]["rank"].as_i64(), items[0]["data"]["previousRank"].as_i64()), (Some(3), Some(1)));
    assert_eq!(inbox(&app, &bob).await, (vec![], 0), "carol tied bob later, so bob stays first");

    let page = app.get_as(&alice, &format!("/competitions/{slug}?tab=leaderboard")).await.text();
    assert!(page.contains("data-rank=\"3\" data-moved=\"down\""), "the header shows the drop since the last visit");
    let again = app.get_as(&alice, &format!("/competitions/{slug}?tab=leaderboard")).await.text();
    assert!(!again.contains("data-moved"), "measured from this visit on");

    // The sponsor hears when a new key version's rescoring is done.
    put_key(&app, &sponsor, &id, &csv(&labels())).await.assert_status(StatusCode::OK);
    while merit::competitions::rescoring::run_pending(&app.pool).await.unwrap() > 0 {}
    let (items, _) = inbox(&app, &sponsor).await;
    assert_eq!(kinds(&items), vec!["rescoring_finished"]);
    assert_eq!(items[0]["data"]["version"], 2);
}
