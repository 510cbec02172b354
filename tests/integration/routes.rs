//! R1, every route × every role: each REST route (from the OpenAPI document the router is built
//! from), each server function (from Leptos's registry) and each page (from the route list) is
//! called as a visitor, an employee, a manager (the demo competitions' sponsor), HR, an admin and
//! an admin of another organization, and must answer the status this table expects. A route
//! the table does not name fails the test, so a new route cannot arrive without its rights.
//!
//! Requests are chosen so that an allowed role is told "no" by the rules, not by the rights
//! (a 409 or a 422 instead of a change), where a change would disturb the rest of the table.

use std::collections::{BTreeSet, HashMap};

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::common::{Req, TestApp};

/// Statuses for [visitor, employee, manager, hr, admin, other organization].
type Expect = [u16; 6];

const ROLES: [&str; 6] =
    ["visitor", "employee@demo.test", "manager@demo.test", "hr@demo.test", "admin@demo.test", "admin@other.test"];

enum Body {
    None,
    Json(Value),
    Form(Vec<(String, String)>),
    Multipart(&'static str),
}

struct Case {
    method: Method,
    /// The route as registered (`{id}` placeholders), to match against the router's lists.
    route: String,
    /// The request path with real ids.
    path: String,
    body: Body,
    expect: Expect,
}

/// The demo data the table's requests point at.
struct Ids {
    stage: String,
    sheet: String,
    open_cycle: String,
    final_cycle: String,
    criterion: String,
    decided: String,
    competition: String,
    slug: String,
    ended: String,
    submission: String,
    /// An employee of the demo organization, its admin, a team, the open period and a
    /// planned one.
    person: String,
    admin: String,
    team: String,
    period: String,
    planned: String,
}

async fn ids(app: &TestApp) -> Ids {
    let admin = app.login("admin@demo.test").await;
    let hr = app.login("hr@demo.test").await;
    let manager = app.login("manager@demo.test").await;
    let employee = app.login("employee@demo.test").await;
    let get = |cookie: &str, uri: &str| {
        let (cookie, uri) = (cookie.to_owned(), uri.to_owned());
        async move {
            let res = app.get_as(&cookie, &uri).await;
            assert_eq!(res.status, StatusCode::OK, "{uri}: {}", res.text());
            res.json()
        }
    };
    let stages = get(&admin, "/api/v1/stages").await;
    // A draft sheet of the manager's team member, for the review routes.
    let saved = app
        .send(
            Req::new(Method::PUT, "/api/v1/goal-sheets/current")
                .cookie(&employee)
                .json(json!({"goals": [{"category": "quantitative", "title": "Grow", "weight": 40}]})),
        )
        .await;
    saved.assert_status(StatusCode::OK);
    let sheet = saved.json();
    let open = get(&hr, "/api/v1/cycles?status=open").await;
    let open = open.as_array().or(open["items"].as_array()).unwrap()[0].clone();
    let finalized = get(&hr, "/api/v1/cycles?status=finalized").await;
    let finalized = finalized.as_array().or(finalized["items"].as_array()).unwrap()[0].clone();
    let open_id = open["id"].as_str().unwrap().to_owned();
    let nominations = get(&hr, &format!("/api/v1/cycles/{open_id}/nominations")).await;
    let nominations = nominations.as_array().or(nominations["items"].as_array()).unwrap().clone();
    let decided = nominations.iter().find(|n| n["status"] == "approved").expect("the demo's approved nomination");
    let active = get(&manager, "/api/v1/competitions?status=active").await["items"][0].clone();
    let ended = get(&manager, "/api/v1/competitions?status=ended").await["items"][0].clone();
    let competition = active["id"].as_str().unwrap().to_owned();
    let submissions = get(&manager, &format!("/api/v1/competitions/{competition}/admin/submissions")).await;
    let periods = get(&admin, "/api/v1/periods").await;
    let planned = app
        .send(
            Req::post("/api/v1/periods")
                .cookie(&admin)
                .json(json!({"name": "Planned", "startsOn": "2099-01-01", "endsOn": "2099-12-31"})),
        )
        .await;
    planned.assert_status(StatusCode::CREATED);
    let teams = get(&admin, "/api/v1/teams").await;
    Ids {
        stage: stages["items"][0]["id"].as_str().unwrap().to_owned(),
        sheet: sheet["id"].as_str().unwrap().to_owned(),
        criterion: open["criteria"][0]["id"].as_str().unwrap().to_owned(),
        open_cycle: open_id,
        final_cycle: finalized["id"].as_str().unwrap().to_owned(),
        decided: decided["id"].as_str().unwrap().to_owned(),
        slug: active["slug"].as_str().unwrap().to_owned(),
        competition,
        ended: ended["id"].as_str().unwrap().to_owned(),
        submission: submissions["items"][0]["id"].as_str().unwrap().to_owned(),
        person: app.user_id("alice@demo.test").await.to_string(),
        admin: app.user_id("admin@demo.test").await.to_string(),
        team: teams[0]["id"].as_str().unwrap().to_owned(),
        period: periods[0]["id"].as_str().unwrap().to_owned(),
        planned: planned.json()["id"].as_str().unwrap().to_owned(),
    }
}

fn form(pairs: &[(&str, &str)]) -> Body {
    Body::Form(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
}

fn table(ids: &Ids) -> Vec<Case> {
    let Ids {
        stage,
        sheet,
        open_cycle,
        final_cycle,
        criterion,
        decided,
        competition,
        slug,
        ended,
        submission,
        person,
        admin,
        team,
        period,
        planned,
    } = ids;
    let nil = uuid::Uuid::nil().to_string();
    let case = |method: Method, route: &str, path: String, body: Body, expect: Expect| Case {
        method,
        route: route.to_owned(),
        path,
        body,
        expect,
    };
    let rest = |method: Method, route: &str, body: Body, expect: Expect| {
        let path = route.replace("{id}", "ID").replace("{sid}", submission).replace("{criterion_id}", criterion);
        (method, route.to_owned(), path, body, expect)
    };
    let on = |(method, route, path, body, expect): (Method, String, String, Body, Expect), id: &str| {
        case(method, &route, path.replace("ID", id), body, expect)
    };
    let plain = |(method, route, path, body, expect): (Method, String, String, Body, Expect)| {
        case(method, &route, path, body, expect)
    };
    let all_ok = [401, 200, 200, 200, 200, 200];
    let demo_ok = [401, 200, 200, 200, 200, 404];
    let sponsor = |ok: u16| [401, 403, ok, 403, 403, 404];
    let hr_admin = |ok: u16| [401, 403, 403, ok, ok, ok];
    let admin_only = |ok: u16, other: u16| [401, 403, 403, 403, ok, other];
    let j = Body::Json;
    let past = "2020-01-01T00:00:00Z";
    let future = "2099-01-01T00:00:00Z";
    let people_part =
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n\r\nemail,name\n\r\n--b--\r\n";
    let csv_part =
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"k.csv\"\r\n\r\nid,prediction\n\r\n--b--\r\n";
    let mut cases = vec![
        // --- REST ---
        // Six failures for one account from one address: the sixth is throttled.
        plain(rest(
            Method::POST,
            "/api/v1/auth/login",
            j(json!({"email": "nobody@nowhere.test", "password": "x"})),
            [401, 401, 401, 401, 401, 429],
        )),
        plain(rest(Method::GET, "/api/v1/users/me", Body::None, all_ok)),
        plain(rest(Method::GET, "/api/v1/users", Body::None, hr_admin(200))),
        // --- people, teams, periods ---
        plain(rest(
            Method::POST,
            "/api/v1/users",
            j(json!({"email": "not-an-email", "displayName": "", "role": "employee"})),
            hr_admin(422),
        )),
        on(rest(Method::GET, "/api/v1/users/{id}", Body::None, [401, 403, 403, 200, 200, 404]), person),
        on(
            rest(
                Method::PATCH,
                "/api/v1/users/{id}",
                j(json!({"email": "not-an-email"})),
                [401, 403, 403, 422, 422, 404],
            ),
            person,
        ),
        // HR may not act on an admin; the admin may not deactivate themself.
        on(rest(Method::POST, "/api/v1/users/{id}/deactivate", Body::None, [401, 403, 403, 403, 409, 404]), admin),
        on(rest(Method::POST, "/api/v1/users/{id}/reactivate", Body::None, [401, 403, 403, 403, 200, 404]), admin),
        on(rest(Method::POST, "/api/v1/users/{id}/password-link", Body::None, [401, 403, 403, 403, 201, 404]), admin),
        case(
            Method::GET,
            "/api/v1/users/{id}/stage-change",
            format!("/api/v1/users/{person}/stage-change?stageId={stage}"),
            Body::None,
            [401, 403, 403, 200, 200, 404],
        ),
        plain(rest(Method::GET, "/api/v1/users/export.csv", Body::None, hr_admin(200))),
        plain(rest(Method::POST, "/api/v1/users/import", Body::Multipart(people_part), hr_admin(200))),
        plain(rest(Method::PATCH, "/api/v1/users/me", j(json!({"displayName": ""})), [401, 422, 422, 422, 422, 422])),
        plain(rest(
            Method::POST,
            "/api/v1/users/me/password",
            j(json!({"currentPassword": "x", "newPassword": "short"})),
            [401, 422, 422, 422, 422, 422],
        )),
        plain(rest(
            Method::POST,
            "/api/v1/auth/set-password",
            j(json!({"token": "no-such-link", "password": "a long enough password"})),
            [422; 6],
        )),
        plain(rest(Method::GET, "/api/v1/teams", Body::None, all_ok)),
        plain(rest(Method::POST, "/api/v1/teams", j(json!({"name": "", "managerId": nil})), hr_admin(422))),
        on(rest(Method::PATCH, "/api/v1/teams/{id}", j(json!({"name": ""})), [401, 403, 403, 422, 422, 404]), team),
        on(rest(Method::DELETE, "/api/v1/teams/{id}", Body::None, [401, 403, 403, 409, 409, 404]), team),
        on(
            rest(
                Method::PUT,
                "/api/v1/teams/{id}/members",
                j(json!({"userIds": [nil]})),
                [401, 403, 403, 422, 422, 404],
            ),
            team,
        ),
        plain(rest(Method::GET, "/api/v1/periods", Body::None, all_ok)),
        plain(rest(
            Method::POST,
            "/api/v1/periods",
            j(json!({"name": "", "startsOn": "2027-01-01", "endsOn": "2026-01-01"})),
            admin_only(422, 422),
        )),
        on(rest(Method::POST, "/api/v1/periods/{id}/open", Body::None, admin_only(409, 404)), period),
        on(rest(Method::POST, "/api/v1/periods/{id}/close", Body::None, admin_only(409, 404)), planned),
        on(rest(Method::GET, "/api/v1/periods/{id}/goal-sheet", Body::None, demo_ok), period),
        plain(rest(Method::GET, "/api/v1/goal-sheets/mine", Body::None, all_ok)),
        plain(rest(Method::GET, "/api/v1/stages", Body::None, all_ok)),
        plain(rest(Method::POST, "/api/v1/stages", Body::None, admin_only(200, 200))),
        on(rest(Method::GET, "/api/v1/stages/{id}", Body::None, demo_ok), stage),
        on(
            rest(
                Method::PATCH,
                "/api/v1/stages/{id}/weights",
                j(json!({"quantitativeWeight": -1, "qualitativeWeight": 0, "competencyWeight": 0, "version": 1})),
                admin_only(422, 404),
            ),
            stage,
        ),
        on(rest(Method::GET, "/api/v1/stages/{id}/weight-history", Body::None, admin_only(200, 404)), stage),
        plain(rest(Method::GET, "/api/v1/goal-sheets/current", Body::None, all_ok)),
        plain(rest(
            Method::PUT,
            "/api/v1/goal-sheets/current",
            j(json!({"goals": [{"category": "quantitative", "title": "", "weight": 1}]})),
            [401, 422, 422, 422, 422, 422],
        )),
        plain(rest(Method::POST, "/api/v1/goal-sheets/current/submit", Body::None, [401, 422, 422, 422, 422, 422])),
        on(rest(Method::POST, "/api/v1/goal-sheets/{id}/approve", j(json!({})), [401, 403, 409, 403, 403, 404]), sheet),
        on(
            rest(
                Method::POST,
                "/api/v1/goal-sheets/{id}/return",
                j(json!({"comment": "More detail, please"})),
                [401, 403, 409, 403, 403, 404],
            ),
            sheet,
        ),
        plain(rest(Method::GET, "/api/v1/cycles", Body::None, all_ok)),
        plain(rest(
            Method::POST,
            "/api/v1/cycles",
            j(json!({"name": "", "startAt": past, "endAt": future})),
            hr_admin(422),
        )),
        on(rest(Method::GET, "/api/v1/cycles/{id}", Body::None, demo_ok), open_cycle),
        on(
            rest(Method::PATCH, "/api/v1/cycles/{id}", j(json!({"name": "Renamed"})), [401, 403, 403, 409, 409, 404]),
            open_cycle,
        ),
        on(
            rest(
                Method::POST,
                "/api/v1/cycles/{id}/criteria",
                j(json!({"name": "Extra", "weight": 0.5})),
                [401, 403, 403, 409, 409, 404],
            ),
            open_cycle,
        ),
        on(
            rest(
                Method::PATCH,
                "/api/v1/cycles/{id}/criteria/{criterion_id}",
                j(json!({"name": "Extra", "weight": 0.5})),
                [401, 403, 403, 409, 409, 404],
            ),
            open_cycle,
        ),
        on(rest(Method::POST, "/api/v1/cycles/{id}/open", Body::None, [401, 403, 403, 409, 409, 404]), final_cycle),
        on(rest(Method::POST, "/api/v1/cycles/{id}/close", Body::None, [401, 403, 403, 409, 409, 404]), final_cycle),
        // Finalizing again is the frozen result, not a change.
        on(rest(Method::POST, "/api/v1/cycles/{id}/finalize", Body::None, [401, 403, 403, 200, 200, 404]), final_cycle),
        on(rest(Method::GET, "/api/v1/cycles/{id}/nominations", Body::None, demo_ok), open_cycle),
        on(
            rest(
                Method::POST,
                "/api/v1/cycles/{id}/nominations",
                j(json!({"nomineeId": nil, "justification": "", "scores": []})),
                [401, 403, 422, 422, 422, 404],
            ),
            open_cycle,
        ),
        on(rest(Method::GET, "/api/v1/cycles/{id}/rankings", Body::None, [401, 403, 403, 200, 200, 404]), open_cycle),
        on(rest(Method::GET, "/api/v1/cycles/{id}/rankings.csv", Body::None, demo_ok), final_cycle),
        on(
            rest(Method::POST, "/api/v1/nominations/{id}/approve", j(json!({})), [401, 403, 409, 409, 409, 404]),
            decided,
        ),
        on(
            rest(
                Method::POST,
                "/api/v1/nominations/{id}/reject",
                j(json!({"reason": "Not this time"})),
                [401, 403, 409, 409, 409, 404],
            ),
            decided,
        ),
        plain(rest(Method::GET, "/api/v1/competitions", Body::None, all_ok)),
        plain(rest(
            Method::POST,
            "/api/v1/competitions",
            j(json!({"title": "", "deadline": future, "metric": "auc"})),
            [401, 422, 422, 422, 422, 422],
        )),
        on(rest(Method::GET, "/api/v1/competitions/{id}", Body::None, demo_ok), competition),
        on(rest(Method::PATCH, "/api/v1/competitions/{id}", j(json!({"title": ""})), sponsor(422)), competition),
        on(
            rest(Method::PUT, "/api/v1/competitions/{id}/answer-key", Body::Multipart(csv_part), sponsor(400)),
            competition,
        ),
        on(rest(Method::GET, "/api/v1/competitions/{id}/rescoring", Body::None, sponsor(200)), competition),
        on(rest(Method::POST, "/api/v1/competitions/{id}/activate", Body::None, sponsor(409)), competition),
        on(rest(Method::POST, "/api/v1/competitions/{id}/enroll", Body::None, [401, 409, 409, 409, 409, 404]), ended),
        on(rest(Method::DELETE, "/api/v1/competitions/{id}/enroll", Body::None, demo_ok), ended),
        on(rest(Method::GET, "/api/v1/competitions/{id}/enrollment", Body::None, demo_ok), competition),
        on(rest(Method::GET, "/api/v1/competitions/{id}/submissions", Body::None, demo_ok), competition),
        on(
            rest(
                Method::POST,
                "/api/v1/competitions/{id}/submissions",
                Body::Multipart(csv_part),
                [401, 403, 403, 403, 403, 404],
            ),
            competition,
        ),
        on(
            rest(
                Method::GET,
                "/api/v1/competitions/{id}/submissions/{sid}",
                Body::None,
                [401, 404, 200, 404, 404, 404],
            ),
            competition,
        ),
        on(rest(Method::GET, "/api/v1/competitions/{id}/leaderboard", Body::None, demo_ok), competition),
        on(rest(Method::GET, "/api/v1/competitions/{id}/leaderboard/around-me", Body::None, demo_ok), competition),
        on(rest(Method::GET, "/api/v1/competitions/{id}/announcements", Body::None, demo_ok), competition),
        on(rest(Method::GET, "/api/v1/competitions/{id}/sample-submission.csv", Body::None, demo_ok), competition),
        on(rest(Method::GET, "/api/v1/competitions/{id}/admin/stats", Body::None, sponsor(200)), competition),
        on(rest(Method::GET, "/api/v1/competitions/{id}/admin/participants", Body::None, sponsor(200)), competition),
        on(rest(Method::GET, "/api/v1/competitions/{id}/admin/submissions", Body::None, sponsor(200)), competition),
        on(
            rest(
                Method::PATCH,
                "/api/v1/competitions/{id}/admin/submissions/{sid}",
                j(json!({"status": "invalidated", "reason": ""})),
                sponsor(422),
            ),
            competition,
        ),
        on(
            rest(
                Method::POST,
                "/api/v1/competitions/{id}/admin/announce",
                j(json!({"body": "From the route table"})),
                sponsor(201),
            ),
            competition,
        ),
        plain(rest(Method::GET, "/api/health/live", Body::None, [200; 6])),
        plain(rest(Method::GET, "/api/health/ready", Body::None, [200; 6])),
        plain(rest(Method::GET, "/api/v1/openapi.json", Body::None, [200; 6])),
        plain(rest(Method::GET, "/metrics", Body::None, [200; 6])),
        case(Method::GET, "/api/v1/{*rest}", "/api/v1/no/such/thing".into(), Body::None, [404; 6]),
    ];
    // --- server functions (form-encoded arguments, nested as `input[field]`) ---
    let sf = |name: &str, body: Body, expect: Expect| {
        let path = format!("/api/{name}");
        case(Method::POST, &path, path.clone(), body, expect)
    };
    cases.extend([
        sf("audit/list", form(&[]), admin_only(200, 200)),
        sf("competitions/list", form(&[("page", "1")]), all_ok),
        sf("competitions/page", form(&[("slug", slug), ("query[around]", "false"), ("query[page]", "1")]), demo_ok),
        sf(
            "competitions/create",
            form(&[("input[title]", ""), ("input[deadline]", future), ("input[metric]", "auc")]),
            [401, 422, 422, 422, 422, 422],
        ),
        sf("competitions/update", form(&[("id", competition), ("patch[dailySubmissionLimit]", "0")]), sponsor(422)),
        sf("competitions/act", form(&[("id", ended), ("action", "Enroll")]), [401, 409, 409, 409, 409, 404]),
        sf(
            "competitions/invalidate",
            form(&[("id", competition), ("submission_id", submission), ("reason", "")]),
            sponsor(422),
        ),
        sf("competitions/announce", form(&[("id", competition), ("body", "From the route table")]), sponsor(200)),
        sf(
            "cycles/create",
            form(&[("input[name]", ""), ("input[startAt]", past), ("input[endAt]", future)]),
            hr_admin(422),
        ),
        sf("cycles/get", form(&[("id", open_cycle)]), [401, 403, 403, 200, 200, 404]),
        sf("cycles/update", form(&[("id", open_cycle), ("patch[name]", "Renamed")]), [401, 403, 403, 409, 409, 404]),
        sf(
            "cycles/criterion-add",
            form(&[("id", open_cycle), ("input[name]", "Extra"), ("input[weight]", "0.5")]),
            [401, 403, 403, 409, 409, 404],
        ),
        sf(
            "cycles/criterion-update",
            form(&[
                ("id", open_cycle),
                ("criterion_id", criterion),
                ("input[name]", "Extra"),
                ("input[weight]", "0.5"),
            ]),
            [401, 403, 403, 409, 409, 404],
        ),
        sf("cycles/step", form(&[("id", final_cycle), ("step", "Open")]), [401, 403, 403, 409, 409, 404]),
        sf("dashboard/load", form(&[]), all_ok),
        sf("goals/current", form(&[]), all_ok),
        sf(
            "goals/save",
            form(&[("goals[0][category]", "quantitative"), ("goals[0][title]", ""), ("goals[0][weight]", "1")]),
            [401, 422, 422, 422, 422, 422],
        ),
        sf("goals/submit", form(&[]), [401, 422, 422, 422, 422, 422]),
        sf("nominations/cycles", form(&[]), all_ok),
        sf("nominations/overview", form(&[("id", open_cycle)]), demo_ok),
        sf("nominations/form", form(&[("id", open_cycle)]), [401, 403, 200, 200, 200, 404]),
        sf(
            "nominations/submit",
            form(&[
                ("cycle_id", open_cycle),
                ("input[nomineeId]", &nil),
                ("input[justification]", ""),
                ("input[scores][0][criterionId]", criterion),
                ("input[scores][0][score]", "99"),
            ]),
            [401, 403, 422, 422, 422, 404],
        ),
        sf("nominations/queue", form(&[("id", open_cycle)]), [401, 403, 200, 200, 200, 404]),
        sf("nominations/decide", form(&[("id", decided), ("approve", "true")]), [401, 403, 409, 409, 409, 404]),
        sf("nominations/leaderboard", form(&[("id", open_cycle)]), [401, 403, 403, 200, 200, 404]),
        sf("nominations/history", form(&[]), all_ok),
        sf("people/list", form(&[]), hr_admin(200)),
        sf(
            "people/create",
            form(&[("input[email]", "not-an-email"), ("input[displayName]", ""), ("input[role]", "employee")]),
            hr_admin(422),
        ),
        sf("people/update", form(&[("id", person), ("patch[email]", "not-an-email")]), [401, 403, 403, 422, 422, 404]),
        sf("people/set-active", form(&[("id", admin), ("active", "false")]), [401, 403, 403, 403, 409, 404]),
        sf("people/password-link", form(&[("id", admin)]), [401, 403, 403, 403, 200, 404]),
        sf("people/stage-change", form(&[("id", person), ("stage", stage)]), [401, 403, 403, 200, 200, 404]),
        sf("teams/list", form(&[]), hr_admin(200)),
        sf("teams/create", form(&[("input[name]", ""), ("input[managerId]", &nil)]), hr_admin(422)),
        sf("teams/update", form(&[("id", team), ("patch[name]", &"x".repeat(101))]), [401, 403, 403, 422, 422, 404]),
        sf("teams/delete", form(&[("id", team)]), [401, 403, 403, 409, 409, 404]),
        sf("teams/add-member", form(&[("id", team), ("email", "nobody@nowhere.test")]), [401, 403, 403, 422, 422, 404]),
        sf("teams/remove-member", form(&[("id", team), ("user", &nil)]), [401, 403, 403, 200, 200, 404]),
        sf("periods/list", form(&[]), admin_only(200, 200)),
        sf(
            "periods/create",
            form(&[("input[name]", ""), ("input[startsOn]", "2027-01-01"), ("input[endsOn]", "2026-01-01")]),
            admin_only(422, 422),
        ),
        sf("periods/set-open", form(&[("id", period), ("open", "true")]), admin_only(409, 404)),
        sf("goals/periods", form(&[]), all_ok),
        sf("stages/list", form(&[]), all_ok),
        sf(
            "stages/update",
            form(&[
                ("id", stage),
                ("update[quantitativeWeight]", "-1"),
                ("update[qualitativeWeight]", "0"),
                ("update[competencyWeight]", "0"),
                ("update[version]", "1"),
            ]),
            admin_only(422, 404),
        ),
        sf("stages/create", form(&[]), admin_only(200, 200)),
        sf("stages/history", form(&[("id", stage)]), admin_only(200, 404)),
        sf("team-goals/list", form(&[]), [401, 403, 200, 200, 200, 200]),
        sf("team-goals/get", form(&[("id", sheet)]), [401, 403, 200, 403, 403, 404]),
        sf("team-goals/decide", form(&[("id", sheet), ("approve", "true")]), [401, 403, 409, 403, 403, 404]),
    ]);
    // --- pages (a visitor is sent to sign in: 303) ---
    let page = |route: &str, path: String, expect: Expect| case(Method::GET, route, path, Body::None, expect);
    let everyone = [303, 200, 200, 200, 200, 200];
    let demo_page = [303, 200, 200, 200, 200, 404];
    cases.extend([
        page("/", "/".into(), everyone),
        page("/login", "/login".into(), [200, 303, 303, 303, 303, 303]),
        page("/people", "/people".into(), [303, 403, 403, 200, 200, 200]),
        page("/admin/people", "/admin/people".into(), [303, 403, 403, 200, 200, 200]),
        page("/admin/people/import", "/admin/people/import".into(), [303, 403, 403, 200, 200, 200]),
        page("/admin/teams", "/admin/teams".into(), [303, 403, 403, 200, 200, 200]),
        page("/admin/periods", "/admin/periods".into(), [303, 403, 403, 403, 200, 200]),
        page("/profile", "/profile".into(), everyone),
        page("/set-password", "/set-password?token=x".into(), [200; 6]),
        page("/admin", "/admin".into(), [303, 403, 403, 403, 200, 200]),
        page("/admin/audit", "/admin/audit".into(), [303, 403, 403, 403, 200, 200]),
        page("/admin/stage-weights", "/admin/stage-weights".into(), [303, 403, 403, 403, 200, 200]),
        page("/goals", "/goals".into(), everyone),
        page("/team/goals", "/team/goals".into(), [303, 403, 200, 200, 200, 200]),
        page("/team/goals/{id}", format!("/team/goals/{sheet}"), [303, 403, 200, 403, 403, 404]),
        page("/nominations", "/nominations".into(), everyone),
        page("/nominations/history", "/nominations/history".into(), everyone),
        page("/nominations/{id}", format!("/nominations/{open_cycle}"), demo_page),
        page(
            "/nominations/{id}/nominate",
            format!("/nominations/{open_cycle}/nominate"),
            [303, 403, 200, 200, 200, 404],
        ),
        page("/nominations/{id}/review", format!("/nominations/{open_cycle}/review"), [303, 403, 200, 200, 200, 404]),
        page(
            "/nominations/{id}/leaderboard",
            format!("/nominations/{open_cycle}/leaderboard"),
            [303, 403, 403, 200, 200, 404],
        ),
        page("/competitions", "/competitions".into(), everyone),
        page("/competitions/new", "/competitions/new".into(), everyone),
        page("/competitions/{slug}", format!("/competitions/{slug}"), demo_page),
        page("/admin/cycles", "/admin/cycles".into(), [303, 403, 403, 200, 200, 200]),
        page("/admin/cycles/{id}", format!("/admin/cycles/{open_cycle}"), [303, 403, 403, 200, 200, 404]),
    ]);
    // Signing out goes last: it ends the sessions the rest of the table uses.
    cases.push(plain(rest(Method::POST, "/api/v1/auth/logout", Body::None, [204; 6])));
    cases
}

/// Every route the router has: REST from the OpenAPI document it is built from (plus the
/// three routes outside the document), server functions from Leptos's registry, pages from
/// the route list.
fn router_routes() -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    let document = merit::web::api::openapi::whole();
    for (path, item) in document.paths.paths.iter() {
        let methods = [
            ("GET", item.get.is_some()),
            ("POST", item.post.is_some()),
            ("PUT", item.put.is_some()),
            ("PATCH", item.patch.is_some()),
            ("DELETE", item.delete.is_some()),
        ];
        for (method, present) in methods {
            if present {
                routes.insert((method.to_owned(), path.clone()));
            }
        }
    }
    for extra in ["/api/v1/openapi.json", "/metrics", "/api/v1/{*rest}"] {
        routes.insert(("GET".to_owned(), extra.to_owned()));
    }
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        routes.insert((method.to_string(), path.to_owned()));
    }
    for listing in leptos_axum::generate_route_list(merit::app::App) {
        routes.insert(("GET".to_owned(), listing.path().to_owned()));
    }
    routes
}

#[sqlx::test]
async fn every_route_answers_every_role_as_the_rules_say(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let ids = ids(&app).await;
    let cases = table(&ids);

    let named: BTreeSet<(String, String)> = cases.iter().map(|c| (c.method.to_string(), c.route.clone())).collect();
    let missing: Vec<_> = router_routes().difference(&named).cloned().collect();
    assert!(missing.is_empty(), "routes without an entry in the table (add their expected statuses): {missing:#?}");
    let stale: Vec<_> = named.difference(&router_routes()).cloned().collect();
    assert!(stale.is_empty(), "table entries for routes that do not exist: {stale:#?}");

    let mut cookies: HashMap<&str, String> = HashMap::new();
    let mut wrong = Vec::new();
    for case in &cases {
        for (role, expected) in ROLES.iter().zip(case.expect) {
            let mut req = Req::new(case.method.clone(), &case.path);
            if *role != "visitor" {
                if !cookies.contains_key(role) {
                    cookies.insert(role, app.login(role).await);
                }
                req = req.cookie(&cookies[role]);
            }
            req = match &case.body {
                Body::None => req,
                Body::Json(value) => req.json(value.clone()),
                Body::Form(pairs) => {
                    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    req.form(&pairs)
                }
                Body::Multipart(body) => {
                    req.header("content-type", "multipart/form-data; boundary=b").body(body.as_bytes().to_vec())
                }
            };
            let res = app.send(req).await;
            if res.status.as_u16() != expected {
                wrong.push(format!(
                    "{} {} as {role}: {} (expected {expected}) {}",
                    case.method,
                    case.path,
                    res.status.as_u16(),
                    res.text().chars().take(160).collect::<String>()
                ));
            }
            if res.status.is_server_error() {
                wrong.push(format!("{} {} as {role}: server error", case.method, case.path));
            }
        }
    }
    assert!(wrong.is_empty(), "{} answers differ from the table:\n{}", wrong.len(), wrong.join("\n"));
}
