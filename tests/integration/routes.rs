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

const ROLES: [&str; 6] =
    ["visitor", "employee@demo.test", "manager@demo.test", "hr@demo.test", "admin@demo.test", "admin@other.test"];

/// One line a request: `METHOD ROUTE [PATH] | six statuses | [BODY]`.
///
/// - ROUTE is the route as registered, so it can be matched against the router's lists. The
///   request goes to PATH, or to ROUTE when there is none. `{name}` in either is replaced by the
///   demo id of that name (see [`ids`]); `{id}` needs a PATH.
/// - The statuses are for [visitor, employee, manager, hr, admin, other organization]; a
///   visitor is sent from a page to sign in (303).
/// - BODY is `json {…}`, `form k=v&k=v` (server functions nest arguments as `input[field]`) or
///   `multipart people|key` (an empty CSV upload).
///
/// Lines run in order: the sign-in throttle needs the first line, signing out goes last.
const TABLE: &str = r#"
# Six failures for one account from one address: the sixth is throttled.
POST /api/v1/auth/login | 401 401 401 401 401 429 | json {"email": "nobody@nowhere.test", "password": "x"}
GET /api/v1/users/me | 401 200 200 200 200 200
GET /api/v1/users | 401 403 403 200 200 200
POST /api/v1/users | 401 403 403 422 422 422 | json {"email": "not-an-email", "displayName": "", "role": "employee"}
GET /api/v1/users/{id} /api/v1/users/{person} | 401 403 403 200 200 404
PATCH /api/v1/users/{id} /api/v1/users/{person} | 401 403 403 422 422 404 | json {"email": "not-an-email"}
# HR may not act on an admin; the admin may not deactivate themself.
POST /api/v1/users/{id}/deactivate /api/v1/users/{admin}/deactivate | 401 403 403 403 409 404
POST /api/v1/users/{id}/reactivate /api/v1/users/{admin}/reactivate | 401 403 403 403 200 404
POST /api/v1/users/{id}/password-link /api/v1/users/{admin}/password-link | 401 403 403 403 201 404
GET /api/v1/users/{id}/stage-change /api/v1/users/{person}/stage-change?stageId={stage} | 401 403 403 200 200 404
GET /api/v1/users/export.csv | 401 403 403 200 200 200
POST /api/v1/users/import | 401 403 403 200 200 200 | multipart people
PATCH /api/v1/users/me | 401 422 422 422 422 422 | json {"displayName": ""}
POST /api/v1/users/me/password | 401 422 422 422 422 422 | json {"currentPassword": "x", "newPassword": "short"}
POST /api/v1/auth/set-password | 422 422 422 422 422 422 | json {"token": "no-such-link", "password": "a long enough password"}
GET /api/v1/teams | 401 200 200 200 200 200
POST /api/v1/teams | 401 403 403 422 422 422 | json {"name": "", "managerId": "{nil}"}
PATCH /api/v1/teams/{id} /api/v1/teams/{team} | 401 403 403 422 422 404 | json {"name": ""}
DELETE /api/v1/teams/{id} /api/v1/teams/{team} | 401 403 403 409 409 404
PUT /api/v1/teams/{id}/members /api/v1/teams/{team}/members | 401 403 403 422 422 404 | json {"userIds": ["{nil}"]}
GET /api/v1/periods | 401 200 200 200 200 200
POST /api/v1/periods | 401 403 403 403 422 422 | json {"name": "", "startsOn": "2027-01-01", "endsOn": "2026-01-01"}
POST /api/v1/periods/{id}/open /api/v1/periods/{period}/open | 401 403 403 403 409 404
POST /api/v1/periods/{id}/close /api/v1/periods/{planned}/close | 401 403 403 403 409 404
GET /api/v1/periods/{id}/goal-sheet /api/v1/periods/{period}/goal-sheet | 401 200 200 200 200 404
GET /api/v1/goal-sheets/mine | 401 200 200 200 200 200
GET /api/v1/stages | 401 200 200 200 200 200
POST /api/v1/stages | 401 403 403 403 201 201
GET /api/v1/stages/{id} /api/v1/stages/{stage} | 401 200 200 200 200 404
PATCH /api/v1/stages/{id}/weights /api/v1/stages/{stage}/weights | 401 403 403 403 422 404 | json {"quantitativeWeight": -1, "qualitativeWeight": 0, "competencyWeight": 0, "version": 1}
GET /api/v1/stages/{id}/weight-history /api/v1/stages/{stage}/weight-history | 401 403 403 403 200 404
GET /api/v1/goal-sheets/current | 401 200 200 200 200 200
PUT /api/v1/goal-sheets/current | 401 422 422 422 422 422 | json {"goals": [{"category": "quantitative", "title": "", "weight": 1}]}
POST /api/v1/goal-sheets/current/submit | 401 422 422 422 422 422
POST /api/v1/goal-sheets/{id}/approve /api/v1/goal-sheets/{sheet}/approve | 401 403 409 403 403 404 | json {}
POST /api/v1/goal-sheets/{id}/return /api/v1/goal-sheets/{sheet}/return | 401 403 409 403 403 404 | json {"comment": "More detail, please"}
GET /api/v1/cycles | 401 200 200 200 200 200
POST /api/v1/cycles | 401 403 403 422 422 422 | json {"name": "", "startAt": "{past}", "endAt": "{future}"}
GET /api/v1/cycles/{id} /api/v1/cycles/{open_cycle} | 401 200 200 200 200 404
PATCH /api/v1/cycles/{id} /api/v1/cycles/{open_cycle} | 401 403 403 409 409 404 | json {"name": "Renamed"}
POST /api/v1/cycles/{id}/criteria /api/v1/cycles/{open_cycle}/criteria | 401 403 403 409 409 404 | json {"name": "Extra", "weight": 0.5}
PUT /api/v1/cycles/{id}/criteria /api/v1/cycles/{open_cycle}/criteria | 401 403 403 409 409 404 | json {"criteria": [{"name": "Only", "weight": 1.0}]}
PATCH /api/v1/cycles/{id}/criteria/{criterion_id} /api/v1/cycles/{open_cycle}/criteria/{criterion} | 401 403 403 409 409 404 | json {"name": "Extra", "weight": 0.5}
POST /api/v1/cycles/{id}/open /api/v1/cycles/{final_cycle}/open | 401 403 403 409 409 404
POST /api/v1/cycles/{id}/close /api/v1/cycles/{final_cycle}/close | 401 403 403 409 409 404
# Finalizing again is the frozen result, not a change.
POST /api/v1/cycles/{id}/finalize /api/v1/cycles/{final_cycle}/finalize | 401 403 403 200 200 404
GET /api/v1/cycles/{id}/archive /api/v1/cycles/{final_cycle}/archive | 401 403 403 200 200 404
GET /api/v1/cycles/{id}/archive.csv /api/v1/cycles/{final_cycle}/archive.csv | 401 403 403 200 200 404
GET /api/v1/cycles/{id}/calibration /api/v1/cycles/{final_cycle}/calibration | 401 403 403 200 200 404
GET /api/v1/cycles/{id}/nominations /api/v1/cycles/{open_cycle}/nominations | 401 200 200 200 200 404
POST /api/v1/cycles/{id}/nominations /api/v1/cycles/{open_cycle}/nominations | 401 403 422 422 422 404 | json {"nomineeId": "{nil}", "justification": "", "scores": []}
GET /api/v1/cycles/{id}/rankings /api/v1/cycles/{open_cycle}/rankings | 401 403 403 200 200 404
GET /api/v1/cycles/{id}/rankings.csv /api/v1/cycles/{final_cycle}/rankings.csv | 401 200 200 200 200 404
POST /api/v1/nominations/{id}/approve /api/v1/nominations/{decided}/approve | 401 403 409 409 409 404 | json {}
POST /api/v1/nominations/{id}/reject /api/v1/nominations/{decided}/reject | 401 403 409 409 409 404 | json {"reason": "Not this time"}
GET /api/v1/competitions | 401 200 200 200 200 200
POST /api/v1/competitions | 401 422 422 422 422 422 | json {"title": "", "deadline": "{future}", "metric": "auc"}
GET /api/v1/competitions/{id} /api/v1/competitions/{competition} | 401 200 200 200 200 404
PATCH /api/v1/competitions/{id} /api/v1/competitions/{competition} | 401 403 422 403 403 404 | json {"title": ""}
PUT /api/v1/competitions/{id}/answer-key /api/v1/competitions/{competition}/answer-key | 401 403 400 403 403 404 | multipart key
GET /api/v1/competitions/{id}/rescoring /api/v1/competitions/{competition}/rescoring | 401 403 200 403 403 404
POST /api/v1/competitions/{id}/activate /api/v1/competitions/{competition}/activate | 401 403 409 403 403 404
POST /api/v1/competitions/{id}/enroll /api/v1/competitions/{ended}/enroll | 401 409 409 409 409 404
DELETE /api/v1/competitions/{id}/enroll /api/v1/competitions/{ended}/enroll | 401 200 200 200 200 404
GET /api/v1/competitions/{id}/enrollment /api/v1/competitions/{competition}/enrollment | 401 200 200 200 200 404
GET /api/v1/competitions/{id}/submissions /api/v1/competitions/{competition}/submissions | 401 200 200 200 200 404
POST /api/v1/competitions/{id}/submissions /api/v1/competitions/{competition}/submissions | 401 403 403 403 403 404 | multipart key
GET /api/v1/competitions/{id}/submissions/{sid} /api/v1/competitions/{competition}/submissions/{submission} | 401 404 200 404 404 404
GET /api/v1/competitions/{id}/submissions/{sid}/file /api/v1/competitions/{competition}/submissions/{submission}/file | 401 404 200 404 404 404
GET /api/v1/competitions/{id}/submissions/{sid}/receipt /api/v1/competitions/{competition}/submissions/{submission}/receipt | 401 404 200 404 404 404
GET /api/v1/competitions/{id}/answer-key/versions/{version}/file /api/v1/competitions/{competition}/answer-key/versions/1/file | 401 403 200 403 403 404
GET /api/v1/competitions/{id}/leaderboard /api/v1/competitions/{competition}/leaderboard | 401 200 200 200 200 404
GET /api/v1/competitions/{id}/leaderboard/around-me /api/v1/competitions/{competition}/leaderboard/around-me | 401 200 200 200 200 404
GET /api/v1/competitions/{id}/announcements /api/v1/competitions/{competition}/announcements | 401 200 200 200 200 404
GET /api/v1/competitions/{id}/sample-submission.csv /api/v1/competitions/{competition}/sample-submission.csv | 401 200 200 200 200 404
GET /api/v1/competitions/{id}/admin/stats /api/v1/competitions/{competition}/admin/stats | 401 403 200 403 403 404
# The demo competition has not ended: its sponsor is told the private board is not out.
GET /api/v1/competitions/{id}/shakeup /api/v1/competitions/{competition}/shakeup | 401 403 409 403 403 404
GET /api/v1/competitions/{id}/admin/participants /api/v1/competitions/{competition}/admin/participants | 401 403 200 403 403 404
GET /api/v1/competitions/{id}/admin/submissions /api/v1/competitions/{competition}/admin/submissions | 401 403 200 403 403 404
PATCH /api/v1/competitions/{id}/admin/submissions/{sid} /api/v1/competitions/{competition}/admin/submissions/{submission} | 401 403 422 403 403 404 | json {"status": "invalidated", "reason": ""}
POST /api/v1/competitions/{id}/admin/announce /api/v1/competitions/{competition}/admin/announce | 401 403 201 403 403 404 | json {"body": "From the route table"}
GET /api/v1/notifications | 401 200 200 200 200 200
POST /api/v1/notifications/{id}/read /api/v1/notifications/{nil}/read | 401 404 404 404 404 404 | json {}
POST /api/v1/notifications/read-all | 401 200 200 200 200 200 | json {}
GET /api/health/live | 200 200 200 200 200 200
GET /api/health/ready | 200 200 200 200 200 200
GET /api/v1/audit/verification | 401 403 403 403 200 200
GET /api/v1/openapi.json | 200 200 200 200 200 200
GET /metrics | 200 200 200 200 200 200
GET /api/v1/{*rest} /api/v1/no/such/thing | 404 404 404 404 404 404
# Server functions.
POST /api/audit/list | 401 403 403 403 200 200 | form
POST /api/audit/verify | 401 403 403 403 200 200 | form
POST /api/competitions/list | 401 200 200 200 200 200 | form page=1
POST /api/competitions/page | 401 200 200 200 200 404 | form slug={slug}&query[around]=false&query[page]=1
POST /api/competitions/receipt | 401 404 200 404 404 404 | form slug={slug}&submission_id={submission}
POST /api/competitions/create | 401 422 422 422 422 422 | form input[title]=&input[deadline]={future}&input[metric]=auc
POST /api/competitions/update | 401 403 422 403 403 404 | form id={competition}&patch[dailySubmissionLimit]=0
POST /api/competitions/act | 401 409 409 409 409 404 | form id={ended}&action=Enroll
POST /api/competitions/invalidate | 401 403 422 403 403 404 | form id={competition}&submission_id={submission}&reason=
POST /api/competitions/announce | 401 403 200 403 403 404 | form id={competition}&body=From the route table
POST /api/cycles/create | 401 403 403 422 422 422 | form input[name]=&input[startAt]={past}&input[endAt]={future}
POST /api/cycles/get | 401 403 403 200 200 404 | form id={open_cycle}
POST /api/cycles/update | 401 403 403 409 409 404 | form id={open_cycle}&patch[name]=Renamed
POST /api/cycles/criterion-add | 401 403 403 409 409 404 | form id={open_cycle}&input[name]=Extra&input[weight]=0.5
POST /api/cycles/criterion-update | 401 403 403 409 409 404 | form id={open_cycle}&criterion_id={criterion}&input[name]=Extra&input[weight]=0.5
POST /api/cycles/step | 401 403 403 409 409 404 | form id={final_cycle}&step=Open
POST /api/dashboard/load | 401 200 200 200 200 200 | form
POST /api/notifications/list | 401 200 200 200 200 200 | form page=1
POST /api/goals/current | 401 200 200 200 200 200 | form
POST /api/goals/save | 401 422 422 422 422 422 | form goals[0][category]=quantitative&goals[0][title]=&goals[0][weight]=1
POST /api/goals/submit | 401 422 422 422 422 422 | form
POST /api/nominations/cycles | 401 200 200 200 200 200 | form
POST /api/nominations/overview | 401 200 200 200 200 404 | form id={open_cycle}
POST /api/nominations/form | 401 403 200 200 200 404 | form id={open_cycle}
POST /api/nominations/submit | 401 403 422 422 422 404 | form cycle_id={open_cycle}&input[nomineeId]={nil}&input[justification]=&input[scores][0][criterionId]={criterion}&input[scores][0][score]=99
POST /api/nominations/queue | 401 403 200 200 200 404 | form id={open_cycle}
POST /api/nominations/decide | 401 403 409 409 409 404 | form id={decided}&approve=true
POST /api/nominations/leaderboard | 401 403 403 200 200 404 | form id={open_cycle}
POST /api/nominations/history | 401 200 200 200 200 200 | form
POST /api/nominations/archive | 401 403 403 200 200 404 | form id={final_cycle}
POST /api/nominations/calibration | 401 403 403 200 200 404 | form id={final_cycle}
POST /api/people/list | 401 403 403 200 200 200 | form
POST /api/people/create | 401 403 403 422 422 422 | form input[email]=not-an-email&input[displayName]=&input[role]=employee
POST /api/people/update | 401 403 403 422 422 404 | form id={person}&patch[email]=not-an-email
POST /api/people/set-active | 401 403 403 403 409 404 | form id={admin}&active=false
POST /api/people/password-link | 401 403 403 403 200 404 | form id={admin}
POST /api/people/stage-change | 401 403 403 200 200 404 | form id={person}&stage={stage}
POST /api/teams/list | 401 403 403 200 200 200 | form
POST /api/teams/create | 401 403 403 422 422 422 | form input[name]=&input[managerId]={nil}
POST /api/teams/update | 401 403 403 422 422 404 | form id={team}&patch[name]={too_long}
POST /api/teams/delete | 401 403 403 409 409 404 | form id={team}
POST /api/teams/add-member | 401 403 403 422 422 404 | form id={team}&email=nobody@nowhere.test
POST /api/teams/remove-member | 401 403 403 200 200 404 | form id={team}&user={nil}
POST /api/periods/list | 401 403 403 403 200 200 | form
POST /api/periods/create | 401 403 403 403 422 422 | form input[name]=&input[startsOn]=2027-01-01&input[endsOn]=2026-01-01
POST /api/periods/set-open | 401 403 403 403 409 404 | form id={period}&open=true
POST /api/goals/periods | 401 200 200 200 200 200 | form
POST /api/stages/list | 401 200 200 200 200 200 | form
POST /api/stages/update | 401 403 403 403 422 404 | form id={stage}&update[quantitativeWeight]=-1&update[qualitativeWeight]=0&update[competencyWeight]=0&update[version]=1
POST /api/stages/create | 401 403 403 403 200 200 | form
POST /api/stages/history | 401 403 403 403 200 404 | form id={stage}
POST /api/team-goals/list | 401 403 200 200 200 200 | form
POST /api/team-goals/get | 401 403 200 403 403 404 | form id={sheet}
POST /api/team-goals/decide | 401 403 409 403 403 404 | form id={sheet}&approve=true
# Pages.
GET / | 303 200 200 200 200 200
GET /login | 200 303 303 303 303 303
GET /people | 303 403 403 200 200 200
GET /admin/people | 303 403 403 200 200 200
GET /admin/people/import | 303 403 403 200 200 200
GET /admin/teams | 303 403 403 200 200 200
GET /admin/periods | 303 403 403 403 200 200
GET /profile | 303 200 200 200 200 200
GET /notifications | 303 200 200 200 200 200
GET /set-password /set-password?token=x | 200 200 200 200 200 200
GET /admin | 303 403 403 403 200 200
GET /admin/audit | 303 403 403 403 200 200
GET /admin/stage-weights | 303 403 403 403 200 200
GET /goals | 303 200 200 200 200 200
GET /team/goals | 303 403 200 200 200 200
GET /team/goals/{id} /team/goals/{sheet} | 303 403 200 403 403 404
GET /nominations | 303 200 200 200 200 200
GET /nominations/history | 303 200 200 200 200 200
GET /nominations/history/{id} /nominations/history/{final_cycle} | 303 403 403 200 200 404
GET /nominations/{id} /nominations/{open_cycle} | 303 200 200 200 200 404
GET /nominations/{id}/nominate /nominations/{open_cycle}/nominate | 303 403 200 200 200 404
GET /nominations/{id}/review /nominations/{open_cycle}/review | 303 403 200 200 200 404
GET /nominations/{id}/leaderboard /nominations/{open_cycle}/leaderboard | 303 403 403 200 200 404
GET /nominations/{id}/calibration /nominations/{final_cycle}/calibration | 303 403 403 200 200 404
GET /competitions | 303 200 200 200 200 200
GET /competitions/new | 303 200 200 200 200 200
GET /competitions/{slug} /competitions/{slug} | 303 200 200 200 200 404
GET /competitions/{slug}/submissions/{id}/receipt /competitions/{slug}/submissions/{submission}/receipt | 303 404 200 404 404 404
GET /admin/cycles | 303 403 403 200 200 200
GET /admin/cycles/{id} /admin/cycles/{open_cycle} | 303 403 403 200 200 404
# Signing out ends the sessions the rest of the table uses.
POST /api/v1/auth/logout | 204 204 204 204 204 204
"#;

enum Body {
    None,
    Json(Value),
    Form(Vec<(String, String)>),
    Multipart(&'static str),
}

struct Case {
    method: Method,
    route: String,
    path: String,
    body: Body,
    expect: [u16; 6],
}

const PEOPLE_PART: &str =
    "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n\r\nemail,name\n\r\n--b--\r\n";
const KEY_PART: &str =
    "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"k.csv\"\r\n\r\nid,prediction\n\r\n--b--\r\n";

/// The table's lines with the demo ids filled in.
fn table(ids: &HashMap<&str, String>) -> Vec<Case> {
    let fill = |text: &str| ids.iter().fold(text.to_owned(), |t, (name, id)| t.replace(&format!("{{{name}}}"), id));
    TABLE
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let mut parts = line.split(" | ");
            let (request, statuses) = (parts.next().unwrap(), parts.next().unwrap());
            let mut words = request.split(' ');
            let method = Method::from_bytes(words.next().unwrap().as_bytes()).unwrap();
            let route = words.next().unwrap().to_owned();
            let path = fill(words.next().unwrap_or(&route));
            let expect = statuses
                .split(' ')
                .map(|s| s.parse().unwrap())
                .collect::<Vec<u16>>()
                .try_into()
                .unwrap_or_else(|_| panic!("six statuses: {line}"));
            let body = match parts.next().map(|b| b.split_once(' ').unwrap_or((b, ""))) {
                None => Body::None,
                Some(("json", value)) => Body::Json(serde_json::from_str(&fill(value)).unwrap()),
                Some(("form", pairs)) => Body::Form(
                    pairs
                        .split('&')
                        .filter(|pair| !pair.is_empty())
                        .map(|pair| {
                            let (key, value) = pair.split_once('=').unwrap();
                            (key.to_owned(), fill(value))
                        })
                        .collect(),
                ),
                Some(("multipart", "people")) => Body::Multipart(PEOPLE_PART),
                Some(("multipart", "key")) => Body::Multipart(KEY_PART),
                Some(other) => panic!("unknown body {other:?} in: {line}"),
            };
            Case { method, route, path, body, expect }
        })
        .collect()
}

/// The demo data the table's requests point at, by the names the table uses.
async fn ids(app: &TestApp) -> HashMap<&'static str, String> {
    let admin = app.login("admin@demo.test").await;
    let hr = app.login("hr@demo.test").await;
    let manager = app.login("manager@demo.test").await;
    let employee = app.login("employee@demo.test").await;
    let get = |cookie: &str, uri: &str| {
        let (cookie, uri) = (cookie.to_owned(), uri.to_owned());
        async move {
            let res = app.get_as(&cookie, &uri).await;
            res.assert_status(StatusCode::OK);
            res.json()
        }
    };
    let id = |value: &Value| value["id"].as_str().unwrap().to_owned();
    // Lists answer a bare array or the paginated envelope.
    let items = |list: Value| list.as_array().or(list["items"].as_array()).unwrap().clone();
    // A draft sheet of the manager's team member, for the review routes.
    let saved = app
        .put_as(
            &employee,
            "/api/v1/goal-sheets/current",
            json!({"goals": [{"category": "quantitative", "title": "Grow", "weight": 40}]}),
        )
        .await;
    saved.assert_status(StatusCode::OK);
    // The open period, read before a planned one joins the list.
    let period = id(&items(get(&admin, "/api/v1/periods").await)[0]);
    let planned = app
        .post_as(
            &admin,
            "/api/v1/periods",
            json!({"name": "Planned", "startsOn": "2099-01-01", "endsOn": "2099-12-31"}),
        )
        .await;
    planned.assert_status(StatusCode::CREATED);
    let open = items(get(&hr, "/api/v1/cycles?status=open").await).remove(0);
    let finalized = items(get(&hr, "/api/v1/cycles?status=finalized").await).remove(0);
    let nominations = get(&hr, &format!("/api/v1/cycles/{}/nominations", id(&open))).await;
    let decided =
        items(nominations).into_iter().find(|n| n["status"] == "approved").expect("the demo's approved nomination");
    let active = get(&manager, "/api/v1/competitions?status=active").await["items"][0].clone();
    let ended = get(&manager, "/api/v1/competitions?status=ended").await["items"][0].clone();
    let submissions = get(&manager, &format!("/api/v1/competitions/{}/admin/submissions", id(&active))).await;
    HashMap::from([
        ("stage", id(&get(&admin, "/api/v1/stages").await["items"][0])),
        ("sheet", id(&saved.json())),
        ("open_cycle", id(&open)),
        ("final_cycle", id(&finalized)),
        ("criterion", id(&open["criteria"][0])),
        ("decided", id(&decided)),
        ("competition", id(&active)),
        ("slug", active["slug"].as_str().unwrap().to_owned()),
        ("ended", id(&ended)),
        ("submission", id(&submissions["items"][0])),
        ("person", app.user_id("alice@demo.test").await.to_string()),
        ("admin", app.user_id("admin@demo.test").await.to_string()),
        ("team", id(&items(get(&admin, "/api/v1/teams").await)[0])),
        ("period", period),
        ("planned", id(&planned.json())),
        ("nil", uuid::Uuid::nil().to_string()),
        ("past", "2020-01-01T00:00:00Z".to_owned()),
        ("future", "2099-01-01T00:00:00Z".to_owned()),
        ("too_long", "x".repeat(101)),
    ])
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
