//! Who may read and change a competition: viewers, sponsors, the admin endpoints.

use super::*;

#[sqlx::test]
async fn role_gates_viewers_sponsors_and_admin_endpoints(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let sponsor = app.login("employee@demo.test").await;
    let alice = app.login("alice@demo.test").await;
    let manager = app.login("manager@demo.test").await;
    let id = active(&app, &sponsor, 5).await;
    let good = csv(&perfect(&labels()));

    // A viewer (signed in, not enrolled) cannot submit.
    let context = app.get_as(&alice, &format!("/api/v1/competitions/{id}/enrollment")).await;
    assert_eq!(context.json()["role"], "viewer");
    let viewer = submit(&app, &alice, &id, &good).await;
    viewer.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(viewer.error_code(), "FORBIDDEN");

    // The sponsor cannot enroll, nor submit.
    let sponsor_enroll = app.post_as(&sponsor, &format!("/api/v1/competitions/{id}/enroll"), json!({})).await;
    sponsor_enroll.assert_status(StatusCode::FORBIDDEN);
    assert_eq!(submit(&app, &sponsor, &id, &good).await.status, StatusCode::FORBIDDEN);
    let context = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/enrollment")).await;
    assert_eq!(context.json()["role"], "sponsor");

    enroll(&app, &alice, &id).await;
    let scored = submit(&app, &alice, &id, &good).await;
    scored.assert_status(StatusCode::CREATED);
    let sid = scored.json()["id"].as_str().unwrap().to_owned();

    // Neither a participant nor another member (a manager) may use the sponsor's endpoints.
    for cookie in [&alice, &manager] {
        for path in ["admin/stats", "admin/participants", "admin/submissions"] {
            let res = app.get_as(cookie, &format!("/api/v1/competitions/{id}/{path}")).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}: {}", res.text());
            assert_eq!(res.error_code(), "FORBIDDEN");
        }
        let invalidate = app
            .patch_as(
                cookie,
                &format!("/api/v1/competitions/{id}/admin/submissions/{sid}"),
                json!({"status": "invalidated", "reason": "cheating"}),
            )
            .await;
        invalidate.assert_status(StatusCode::FORBIDDEN);
        let announce =
            app.post_as(cookie, &format!("/api/v1/competitions/{id}/admin/announce"), json!({"body": "Hello"})).await;
        announce.assert_status(StatusCode::FORBIDDEN);
        let key = put_key(&app, cookie, &id, &csv(&labels())).await;
        key.assert_status(StatusCode::FORBIDDEN);
        let activate = app.post_as(cookie, &format!("/api/v1/competitions/{id}/activate"), json!({})).await;
        activate.assert_status(StatusCode::FORBIDDEN);
        let edit = app.patch_as(cookie, &format!("/api/v1/competitions/{id}"), json!({"title": "Mine now"})).await;
        edit.assert_status(StatusCode::FORBIDDEN);
    }

    // Nothing of that happened: still one scored submission, key version 1, no announcement.
    let status: String = sqlx::query_scalar("SELECT status FROM competition_submissions WHERE id = $1::uuid")
        .bind(&sid)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "scored");
    let competition = app.get_as(&alice, &format!("/api/v1/competitions/{id}")).await.json();
    assert_eq!(competition["title"], "Test churn");
    assert_eq!(competition["answerKeyVersion"], 1);
    assert_eq!(competition["userContext"]["role"], "participant");
    let announcements = app.get_as(&alice, &format!("/api/v1/competitions/{id}/announcements")).await.json();
    assert_eq!(announcements["items"].as_array().unwrap().len(), 0);
    assert_eq!(announcements["total"], 0);

    // The sponsor may.
    let stats = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/admin/stats")).await;
    stats.assert_status(StatusCode::OK);
    assert_eq!(stats.json()["participants"], 1);
    assert_eq!(stats.json()["scored"], 1);
    let participants = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/admin/participants")).await;
    participants.assert_status(StatusCode::OK);
    assert_eq!(participants.json()["items"][0]["email"], "alice@demo.test");
    let all = app.get_as(&sponsor, &format!("/api/v1/competitions/{id}/admin/submissions")).await;
    all.assert_status(StatusCode::OK);
    assert_eq!(all.json()["total"], 1);
    let announce =
        app.post_as(&sponsor, &format!("/api/v1/competitions/{id}/admin/announce"), json!({"body": "Welcome"})).await;
    announce.assert_status(StatusCode::CREATED);
    let edit = app.patch_as(&sponsor, &format!("/api/v1/competitions/{id}"), json!({"title": "Renamed churn"})).await;
    edit.assert_status(StatusCode::OK);
    assert_eq!(edit.json()["title"], "Renamed churn");

    // Leaving keeps the submission on the board, but ends the right to submit.
    let left = app.send(Req::new(Method::DELETE, &format!("/api/v1/competitions/{id}/enroll")).cookie(&alice)).await;
    left.assert_status(StatusCode::OK);
    assert_eq!(left.json()["role"], "viewer");
    assert_eq!(board(&app, &alice, &id).await.len(), 1);
    assert_eq!(submit(&app, &alice, &id, &good).await.status, StatusCode::FORBIDDEN);
}
