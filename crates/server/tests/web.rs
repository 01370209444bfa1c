//! The web app over real HTTP, on a real SQLite store (and PostgreSQL when
//! `BAROMETER_TEST_POSTGRES` holds a URL): the public form, sign-in, roles, CSRF, labels and
//! the dashboard's counts, a respondent's campaign, escaping, and rate limiting.

mod common;

use common::{TestApp, backends, demo, form_body};
use reqwest::StatusCode;

#[tokio::test]
async fn the_consultation_page_lists_every_proposal_and_the_form_every_question() {
    for backend in backends() {
        let app = TestApp::spawn(backend, 100).await;
        let page = app.get("/").await.text().await.unwrap();
        for p in &demo().proposals {
            assert!(page.contains(p.short_name()), "{backend:?}: {}", p.text);
        }
        let form = app.get("/respond").await.text().await.unwrap();
        for q in &demo().questions {
            assert!(
                form.contains(&format!("name=\"q-{}\"", q.id.0)),
                "{backend:?}: {}",
                q.id.0
            );
        }
        assert!(form.contains("Privacy notice"));
        assert!(form.contains("/assets/govuk-frontend.min.css"));
        let css = app.get("/assets/govuk-frontend.min.css").await;
        assert_eq!(css.status(), StatusCode::OK);
        assert!(css.text().await.unwrap().contains(".govuk-button"));
    }
}

#[tokio::test]
async fn an_invalid_response_is_refused_with_a_summary_naming_each_field_and_nothing_is_stored() {
    for backend in backends() {
        let app = TestApp::spawn(backend, 100).await;
        let r = app
            .post_form(
                "/respond",
                &[("responding-as", "organisation"), ("email", "nope")],
                None,
            )
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let page = r.text().await.unwrap();
        assert!(page.contains("There is a problem"));
        for anchor in ["#organisation-name", "#organisation-type", "#email", "#q-Q1"] {
            assert!(
                page.contains(&format!("href=\"{anchor}\"")),
                "{backend:?}: {anchor}"
            );
        }
        // What the respondent typed is kept, so they need not type it again.
        assert!(page.contains("value=\"nope\""));
        assert_eq!(app.store.count_responses(&app.consultation_id).await.unwrap(), 0);
    }
}

#[tokio::test]
async fn a_valid_response_is_stored_before_its_reference_is_given() {
    for backend in backends() {
        let app = TestApp::spawn(backend, 100).await;
        let r = app
            .post_form(
                "/respond",
                &form_body("individual", "Strongly disagree", "Keep child protection public."),
                None,
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let location = r.headers()["location"].to_str().unwrap().to_string();
        let reference = location.strip_prefix("/confirmation/").unwrap().to_string();
        let stored = app.store.load_responses(&app.consultation_id).await.unwrap();
        assert_eq!(stored.len(), 1);
        let record = &stored[0].record;
        assert_eq!(record.external_id, reference);
        assert_eq!(record.answers[0].option.as_deref(), Some("Strongly disagree"));
        assert_eq!(
            record.answers[1].text.as_deref(),
            Some("Keep child protection public.")
        );
        let page = app.get(&location).await.text().await.unwrap();
        assert!(page.contains(&reference));
        assert_eq!(
            app.get("/confirmation/BRM-NOPE0-NOPE0").await.status(),
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn a_client_over_its_rate_is_refused_and_nothing_more_is_stored() {
    for backend in backends() {
        let app = TestApp::spawn(backend, 2).await;
        let body = form_body("individual", "Agree", "Fine.");
        for _ in 0..2 {
            assert_eq!(
                app.post_form("/respond", &body, None).await.status(),
                StatusCode::SEE_OTHER
            );
        }
        let r = app.post_form("/respond", &body, None).await;
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(r.headers().contains_key("retry-after"));
        assert_eq!(app.store.count_responses(&app.consultation_id).await.unwrap(), 2);
        // Behind the proxy, another client is another budget; a forged first hop changes nothing.
        let other = app
            .post_form_from("/respond", &body, None, Some("203.0.113.9"))
            .await;
        assert_eq!(other.status(), StatusCode::SEE_OTHER);
        let again = app
            .post_form_from("/respond", &body, None, Some("203.0.113.9"))
            .await;
        assert_eq!(again.status(), StatusCode::SEE_OTHER);
        let forged = app
            .post_form_from("/respond", &body, None, Some("198.51.100.1, 203.0.113.9"))
            .await;
        assert_eq!(forged.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}

#[tokio::test]
async fn signed_out_visitors_are_sent_to_sign_in_from_every_analyst_page() {
    for backend in backends() {
        let app = TestApp::spawn(backend, 100).await;
        for path in [
            "/analyst",
            "/analyst/review",
            "/analyst/responses",
            "/analyst/organisations",
            "/analyst/themes",
            "/analyst/audit",
            "/analyst/report",
            "/analyst/export.csv",
            "/analyst/export.json",
        ] {
            let r = app.get(path).await;
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{backend:?} {path}");
            assert_eq!(r.headers()["location"], "/login");
        }
        let r = app
            .post_form(
                "/analyst/label",
                &[("response_id", "x"), ("proposal", "P1"), ("camp", "for")],
                None,
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn a_wrong_password_or_a_missing_login_token_opens_no_session() {
    for backend in backends() {
        let app = TestApp::spawn(backend, 100).await;
        let user = app.add_user("analyst", "correct horse battery").await;
        assert!(app.try_login(&user, "wrong password here", true).await.is_none());
        assert!(
            app.try_login(&user, "correct horse battery", false)
                .await
                .is_none()
        );
        assert!(
            app.try_login(&user, "correct horse battery", true)
                .await
                .is_some()
        );
    }
}

#[tokio::test]
async fn an_analysts_correction_is_stored_audited_and_counted_at_once() {
    for backend in backends() {
        let app = TestApp::spawn_with_responses(backend).await;
        let user = app.add_user("analyst", "correct horse battery").await;
        let session = app.login(&user, "correct horse battery").await;
        let before = app.dashboard_count(&session, "P1", "against").await;
        let (response_id, camp) = app.a_response_with_camp("P1", "for").await;
        assert_eq!(camp, "for");
        // Without the session's CSRF token the edit is refused.
        let r = app.post_label(&session, &response_id, "against", "forged").await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.dashboard_count(&session, "P1", "against").await, before);
        let r = app
            .post_label(&session, &response_id, "against", &session.csrf)
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(app.dashboard_count(&session, "P1", "against").await, before + 1);
        let log = app.store.audit_log(&app.consultation_id).await.unwrap();
        let last = log.last().unwrap();
        assert_eq!(
            (last.actor.as_str(), last.after.as_deref()),
            (user.as_str(), Some("against"))
        );
        assert_eq!(last.target, format!("{response_id}/P1"));
    }
}

#[tokio::test]
async fn a_viewer_reads_but_cannot_edit() {
    for backend in backends() {
        let app = TestApp::spawn_with_responses(backend).await;
        let user = app.add_user("viewer", "correct horse battery").await;
        let session = app.login(&user, "correct horse battery").await;
        assert_eq!(app.get_as("/analyst", &session).await.status(), StatusCode::OK);
        let (response_id, _) = app.a_response_with_camp("P1", "for").await;
        let page = app
            .get_as(&format!("/analyst/responses/{response_id}"), &session)
            .await
            .text()
            .await
            .unwrap();
        assert!(
            !page.contains("action=\"/analyst/label\""),
            "a viewer is offered no edit form"
        );
        let r = app
            .post_label(&session, &response_id, "against", &session.csrf)
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert!(
            app.store
                .stance_labels(&app.consultation_id)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test]
async fn markup_in_a_response_is_shown_as_text_on_every_analyst_page() {
    const PAYLOAD: &str = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    for backend in backends() {
        let app = TestApp::spawn(backend, 100).await;
        let r = app
            .post_form("/respond", &form_body("individual", "Agree", PAYLOAD), None)
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        app.analyse_now().await;
        let user = app.add_user("analyst", "correct horse battery").await;
        let session = app.login(&user, "correct horse battery").await;
        let id = app.store.load_responses(&app.consultation_id).await.unwrap()[0]
            .id
            .clone();
        for path in [
            format!("/analyst/responses/{id}"),
            "/analyst/responses?q=alert".to_string(),
            "/analyst/report".to_string(),
        ] {
            let r = app.get_as(&path, &session).await;
            assert!(
                r.headers()["content-security-policy"]
                    .to_str()
                    .unwrap()
                    .contains("script-src 'none'")
            );
            let page = r.text().await.unwrap();
            assert!(!page.contains("<script>alert"), "{backend:?} {path}");
            assert!(!page.contains("<img src=x"), "{backend:?} {path}");
            if path.starts_with("/analyst/responses") {
                assert!(
                    page.contains("&lt;script&gt;") || page.contains("&#60;script&#62;"),
                    "{path}"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_respondents_page_names_the_campaign_it_belongs_to_and_its_own_words() {
    for backend in backends() {
        let app = TestApp::spawn_with_responses(backend).await;
        let ids: Vec<String> = app
            .store
            .load_responses(&app.consultation_id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        let campaign = barometer_store::StoredCampaign {
            id: "c1".into(),
            template_response_id: ids[0].clone(),
            template: "Councils need flexibility to commission the best provider.".into(),
            first_seen: None,
            last_seen: None,
            members: vec![
                (ids[0].clone(), None),
                (ids[1].clone(), Some("And my own words.".into())),
            ],
        };
        app.store
            .replace_campaigns(&app.consultation_id, &[campaign])
            .await
            .unwrap();
        let user = app.add_user("viewer", "correct horse battery").await;
        let session = app.login(&user, "correct horse battery").await;
        let path = |id: &str| format!("/analyst/responses/{id}");

        let member = app.get_as(&path(&ids[1]), &session).await.text().await.unwrap();
        assert!(member.contains("Part of campaign c1: 2 responses"), "{backend:?}");
        assert!(
            member.contains("Words of its own: And my own words."),
            "{backend:?}"
        );
        assert!(
            member.contains(&format!("href=\"/analyst/responses/{}\"", ids[0])),
            "{backend:?}"
        );

        let template = app.get_as(&path(&ids[0]), &session).await.text().await.unwrap();
        assert!(
            template.contains("This response's text is the template."),
            "{backend:?}"
        );
        assert!(template.contains("It adds no words of its own."), "{backend:?}");

        let outside = app.get_as(&path(&ids[2]), &session).await.text().await.unwrap();
        assert!(
            outside.contains("Stances") && !outside.contains("id=\"campaign\""),
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn keyword_search_finds_responses_by_their_words_including_new_form_responses() {
    for backend in backends() {
        let app = TestApp::spawn_with_responses(backend).await;
        let r = app
            .post_form(
                "/respond",
                &form_body("individual", "Agree", "Zanzibar quokkas deserve better."),
                None,
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let user = app.add_user("viewer", "correct horse battery").await;
        let session = app.login(&user, "correct horse battery").await;
        let page = app
            .get_as("/analyst/responses?q=quokkas", &session)
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("1 responses match"), "{backend:?}");
        assert!(page.contains("Zanzibar quokkas"));
        let none = app
            .get_as("/analyst/responses?q=xylophonist", &session)
            .await
            .text()
            .await
            .unwrap();
        assert!(none.contains("0 responses match"));
    }
}

/// Waits until the dashboard says the analysis an admin started has ended, and returns what it
/// says.
async fn analysis_ended(app: &TestApp, admin: &common::Session) -> String {
    for _ in 0..1200 {
        let page = app.get_as("/analyst", admin).await.text().await.unwrap();
        if page.contains("finished at") || page.contains("failed") {
            return page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    panic!("the analysis never ended");
}

// The real pipeline (import, encoder, stance, themes) behind the button, on a real store: the
// demo's sources are imported, and a response sent through the form a moment before counts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admins_analyse_again_runs_the_real_pipeline_and_counts_new_web_responses() {
    for backend in backends() {
        let app = TestApp::spawn_with(backend, 1000, true).await;
        let admin = app.add_user("admin", "correct horse battery").await;
        let analyst = app.add_user("analyst", "correct horse battery").await;
        let admin = app.login(&admin, "correct horse battery").await;
        let analyst = app.login(&analyst, "correct horse battery").await;
        let page = app.get_as("/analyst", &analyst).await.text().await.unwrap();
        assert!(
            !page.contains("id=\"reanalyse\""),
            "an analyst is not offered the button"
        );
        let r = app
            .post_form(
                "/analyst/reanalyse",
                &[("csrf", &analyst.csrf)],
                Some(&analyst.cookie),
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = app
            .post_form("/analyst/reanalyse", &[("csrf", "forged")], Some(&admin.cookie))
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);

        let form = [("csrf", admin.csrf.as_str())];
        let start = || app.post_form("/analyst/reanalyse", &form, Some(&admin.cookie));
        assert_eq!(start().await.status(), StatusCode::SEE_OTHER);
        let page = analysis_ended(&app, &admin).await;
        assert!(page.contains("finished at"), "{backend:?}: {page}");
        let imported = app.store.count_responses(&app.consultation_id).await.unwrap() as u64;
        assert!(imported > 100, "the demo's sources were imported: {imported}");
        let before = app.dashboard_count(&admin, "P1", "against").await;

        let r = app
            .post_form("/respond", &form_body("individual", "Disagree", "No."), None)
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(start().await.status(), StatusCode::SEE_OTHER);
        let page = analysis_ended(&app, &admin).await;
        assert!(page.contains("finished at"), "{backend:?}: {page}");
        assert_eq!(app.dashboard_count(&admin, "P1", "against").await, before + 1);
        // The summary the web app exports is the new analysis's: every response counted.
        let summary: serde_json::Value = app
            .get_as("/analyst/export.json", &admin)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            summary["totals"]["responses"].as_u64(),
            Some(imported + 1),
            "{backend:?}"
        );
        assert!(
            summary["themes"].as_array().is_some_and(|t| !t.is_empty()),
            "themes found"
        );
        // Search by meaning runs on the new analysis's vectors and the analyser's encoder: the
        // 50 nearest of the demo's responses.
        let found = app
            .get_as("/analyst/responses?q=profit+from+children&by=meaning", &admin)
            .await
            .text()
            .await
            .unwrap();
        assert!(
            found.contains("id=\"matched\">50 responses match."),
            "{backend:?}: search by meaning"
        );
        let log = app.store.audit_log(&app.consultation_id).await.unwrap();
        assert_eq!(log.iter().filter(|e| e.action == "reanalyse").count(), 2);
    }
}

// "Calibrate this proposal" on the real pipeline: the answer is stored as the analyst's label,
// the stances are read again at once, and the next question is another response.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calibrating_a_proposal_stores_the_answer_relearns_and_asks_the_next_question() {
    let backend = backends()[0];
    let app = TestApp::spawn_with(backend, 1000, true).await;
    let admin = app.add_user("admin", "correct horse battery").await;
    let admin = app.login(&admin, "correct horse battery").await;
    let form = [("csrf", admin.csrf.as_str())];
    let r = app
        .post_form("/analyst/reanalyse", &form, Some(&admin.cookie))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(analysis_ended(&app, &admin).await.contains("finished at"));

    let asked = |page: &str| -> String {
        let at = page.find("data-response=\"").expect("a question is shown") + "data-response=\"".len();
        page[at..].split('"').next().unwrap().to_string()
    };
    let page = app
        .get_as("/analyst/calibrate?proposal=P1", &admin)
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"settles\">Your answer settles"), "{page}");
    assert!(page.contains("analysts labelled 0,"), "{page}");
    let first = asked(&page);

    let r = app
        .post_form(
            "/analyst/calibrate",
            &[
                ("csrf", admin.csrf.as_str()),
                ("response_id", first.as_str()),
                ("proposal", "P1"),
                ("camp", "against"),
            ],
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let next = r.headers()["location"].to_str().unwrap().to_string();
    assert!(next.contains("relearned_ms="), "{next}");
    // How long the re-learning took, for docs/PERFORMANCE.md (`-- --nocapture` shows it).
    eprintln!("calibrate: {next}");
    let page = app.get_as(&next, &admin).await.text().await.unwrap();
    assert!(page.contains("id=\"relearned\""), "{page}");
    // The stances shown were read again with the label: the analysis itself counts it.
    assert!(page.contains("analysts labelled 1,"), "{page}");
    assert_ne!(asked(&page), first, "the answered response is not asked again");
    let labels = app.store.stance_labels(&app.consultation_id).await.unwrap();
    assert!(
        labels
            .iter()
            .any(|l| l.response_id == first && l.camp == barometer_domain::Camp::Against)
    );
    // A forged form changes nothing.
    let r = app
        .post_form(
            "/analyst/calibrate",
            &[
                ("csrf", "forged"),
                ("response_id", first.as_str()),
                ("proposal", "P1"),
                ("camp", "for"),
            ],
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_server_started_without_analysis_refuses_analyse_again() {
    let app = TestApp::spawn_with_responses(backends()[0]).await;
    let admin = app.add_user("admin", "correct horse battery").await;
    let admin = app.login(&admin, "correct horse battery").await;
    let page = app.get_as("/analyst", &admin).await.text().await.unwrap();
    assert!(
        !page.contains("id=\"reanalyse\""),
        "no button without an analyser"
    );
    let r = app
        .post_form(
            "/analyst/reanalyse",
            &[("csrf", &admin.csrf)],
            Some(&admin.cookie),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn theme_edits_are_stored_for_the_next_analysis_and_audited_and_refused_to_viewers() {
    for backend in backends() {
        let app = TestApp::spawn_with_responses(backend).await;
        let analyst = app.add_user("analyst", "correct horse battery").await;
        let viewer = app.add_user("viewer", "correct horse battery").await;
        let a = app.login(&analyst, "correct horse battery").await;
        let v = app.login(&viewer, "correct horse battery").await;
        let rename = [
            ("question", "Q1_explain"),
            ("kind", "rename"),
            ("theme", "t01"),
            ("label", "Accountability"),
        ];
        let mut as_viewer = rename.to_vec();
        as_viewer.push(("csrf", &v.csrf));
        let r = app
            .post_form("/analyst/themes/edit", &as_viewer, Some(&v.cookie))
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let incomplete = [
            ("question", "Q1_explain"),
            ("kind", "merge"),
            ("theme", "t01"),
            ("csrf", &a.csrf),
        ];
        let r = app
            .post_form("/analyst/themes/edit", &incomplete, Some(&a.cookie))
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let mut as_analyst = rename.to_vec();
        as_analyst.push(("csrf", &a.csrf));
        let r = app
            .post_form("/analyst/themes/edit", &as_analyst, Some(&a.cookie))
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let edits = app
            .store
            .theme_edits(&app.consultation_id, "Q1_explain")
            .await
            .unwrap();
        assert_eq!(edits.len(), 1, "{backend:?}");
        assert_eq!(edits[0].author, analyst);
        let edit: serde_json::Value = serde_json::from_str(&edits[0].edit).unwrap();
        assert_eq!(edit["kind"], "rename");
        assert_eq!(edit["label"], "Accountability");
        let log = app.store.audit_log(&app.consultation_id).await.unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(
            (log[0].action.as_str(), log[0].actor.as_str()),
            ("theme_edit", analyst.as_str())
        );
    }
}

#[tokio::test]
async fn the_csv_export_carries_the_analysts_label_and_signing_out_ends_the_session() {
    for backend in backends() {
        let app = TestApp::spawn_with_responses(backend).await;
        let analyst = app.add_user("analyst", "correct horse battery").await;
        let s = app.login(&analyst, "correct horse battery").await;
        let (id, _) = app.a_response_with_camp("P1", "for").await;
        let fields = [
            ("response_id", id.as_str()),
            ("proposal", "P1"),
            ("camp", "undecided"),
            ("csrf", &s.csrf),
        ];
        assert_eq!(
            app.post_form("/analyst/label", &fields, Some(&s.cookie))
                .await
                .status(),
            StatusCode::SEE_OTHER
        );
        let csv = app.get_as("/analyst/export.csv", &s).await.text().await.unwrap();
        let mut rows = csv.lines();
        let head: Vec<&str> = rows.next().unwrap().split(',').collect();
        let camp = head.iter().position(|h| *h == "P1_camp").unwrap();
        let row: Vec<&str> = rows.find(|r| r.starts_with(&id)).unwrap().split(',').collect();
        assert_eq!(
            (row[camp], row[camp + 1]),
            ("undecided", "analyst"),
            "{backend:?}"
        );
        assert_eq!(
            csv.lines().count(),
            13,
            "a header and the twelve analysed responses"
        );
        let r = app
            .post_form("/logout", &[("csrf", &s.csrf)], Some(&s.cookie))
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let r = app.get_as("/analyst", &s).await;
        assert_eq!(r.headers()["location"], "/login", "the old cookie opens nothing");
    }
}

#[tokio::test]
async fn guessing_passwords_is_cut_off_after_twenty_tries_a_minute() {
    for backend in backends() {
        let app = TestApp::spawn(backend, 100).await;
        let user = app.add_user("analyst", "correct horse battery").await;
        let page = app.get("/login").await;
        let cookie = page.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let token = common::csrf_on(&page.text().await.unwrap()).unwrap();
        let mut statuses = Vec::new();
        for _ in 0..21 {
            let fields = [
                ("username", user.as_str()),
                ("password", "guess"),
                ("csrf", token.as_str()),
            ];
            statuses.push(app.post_form("/login", &fields, Some(&cookie)).await.status());
        }
        assert!(
            statuses[..20].iter().all(|s| *s == StatusCode::UNAUTHORIZED),
            "{statuses:?}"
        );
        assert_eq!(statuses[20], StatusCode::TOO_MANY_REQUESTS, "{backend:?}");
    }
}

/// The organisations' keys on the organisations page, in row order.
fn organisation_rows(page: &str) -> Vec<String> {
    page.split("data-org=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

/// One organisation's row on the organisations page.
fn organisation_row<'a>(page: &'a str, key: &str) -> &'a str {
    let at = page
        .find(&format!("data-org=\"{key}\""))
        .unwrap_or_else(|| panic!("no row for {key}"));
    let row = &page[at..];
    &row[..row.find("</tr>").unwrap()]
}

/// How many respondents of a type the dashboard counts on a proposal (its row's four camps),
/// or `None` when the table has no row for the type.
fn dashboard_type_total(page: &str, proposal: &str, label: &str) -> Option<u64> {
    let table = &page[page.find(&format!("data-proposal=\"{proposal}\"")).unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let row = &table[table.find(&format!(">{label}</th>"))?..];
    let row = &row[..row.find("</tr>").unwrap()];
    Some(
        row.split("data-camp=\"")
            .skip(1)
            .map(|cell| {
                let n = &cell[cell.find('>').unwrap() + 1..];
                n[..n.find('<').unwrap()].parse::<u64>().unwrap()
            })
            .sum(),
    )
}

#[tokio::test]
async fn the_organisations_page_lists_each_organisation_once_and_sorts_and_filters_on_the_server() {
    for backend in backends() {
        let app = TestApp::spawn_with_responses(backend).await;
        let viewer = app.add_user("viewer", "correct horse battery").await;
        let s = app.login(&viewer, "correct horse battery").await;
        let get = async |path: &str| {
            let r = app.get_as(path, &s).await;
            assert_eq!(r.status(), StatusCode::OK, "{backend:?} {path}");
            r.text().await.unwrap()
        };
        let page = get("/analyst/organisations").await;
        assert!(
            page.contains("href=\"/analyst/organisations\">Organisations</a>"),
            "in the navigation"
        );
        assert!(page.contains("3 of 3 organisations"), "{backend:?}: {page}");
        let mut rows = organisation_rows(&page);
        rows.sort();
        // Two spellings of the council are one organisation with two responses.
        assert_eq!(
            rows,
            ["carewell services", "foster care alliance", "northshire council"],
            "{backend:?}"
        );
        let council = organisation_row(&page, "northshire council");
        assert!(council.contains("Northshire Council</span>"), "{council}");
        assert!(
            council
                .contains("<td class=\"govuk-table__cell govuk-table__cell--numeric bm-responses\">2</td>")
        );
        assert!(council.contains("data-type=\"local_authority\""));
        assert!(council.contains(">Local authority</span>") && council.contains(">declared</span>"));
        let alliance = organisation_row(&page, "foster care alliance");
        assert!(
            alliance.contains("<li data-proposal=\"P1\">")
                && alliance.contains("data-camp=\"for\">For</span>")
        );
        assert!(alliance.contains("Councils need flexibility to commission the best provider."));
        assert!(
            alliance.contains("<li>Flexibility for councils</li>"),
            "{alliance}"
        );
        let carewell = organisation_row(&page, "carewell services");
        assert!(carewell.contains("data-camp=\"against\">Against</span>"));
        assert!(carewell.contains("<li>Democratic accountability</li>"));

        // Sorting: by name, and by responses (most first); the headers are the links.
        assert!(page.contains("href=\"?sort=name\""));
        let by_name = get("/analyst/organisations?sort=name").await;
        assert_eq!(
            organisation_rows(&by_name),
            ["carewell services", "foster care alliance", "northshire council"]
        );
        assert!(by_name.contains("aria-sort=\"ascending\"><a class=\"govuk-link\" href=\"?sort=name\""));
        let by_responses = get("/analyst/organisations?sort=responses").await;
        assert_eq!(organisation_rows(&by_responses)[0], "northshire council");
        let by_type = get("/analyst/organisations?sort=type").await;
        assert_eq!(
            organisation_rows(&by_type),
            ["northshire council", "foster care alliance", "carewell services"],
            "in the report's order of types"
        );

        // Filters: by type, by camp on a proposal, by a piece of the name; they combine.
        let councils = get("/analyst/organisations?type=local_authority").await;
        assert_eq!(organisation_rows(&councils), ["northshire council"]);
        assert!(councils.contains("1 of 3 organisations"));
        assert!(
            councils.contains("href=\"?sort=name&#38;type=local_authority\"")
                || councils.contains("href=\"?sort=name&amp;type=local_authority\""),
            "a sort link keeps the filter"
        );
        let against = get("/analyst/organisations?proposal=P1&camp=against").await;
        let against = organisation_rows(&against);
        assert!(against.contains(&"carewell services".to_string()), "{against:?}");
        assert!(
            !against.contains(&"foster care alliance".to_string()),
            "{against:?}"
        );
        let named = get("/analyst/organisations?q=NORTH&sort=name").await;
        assert_eq!(organisation_rows(&named), ["northshire council"]);
        assert!(
            named.contains("value=\"NORTH\""),
            "the search is kept in the form"
        );
        let none = get("/analyst/organisations?type=academic&q=north").await;
        assert!(none.contains("0 of 3 organisations") && none.contains("id=\"no-match\""));
        let r = app.get_as("/analyst/organisations?type=martian", &s).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(r.text().await.unwrap().contains("unknown respondent type"));
        // A viewer is offered no edit.
        assert!(!page.contains("action=\"/analyst/organisations/star\""));
        assert!(!page.contains("action=\"/analyst/organisations/type\""));
    }
}

#[tokio::test]
async fn an_analysis_without_organisations_says_so() {
    let app = TestApp::spawn(backends()[0], 100).await;
    let r = app
        .post_form("/respond", &form_body("individual", "Agree", "Fine."), None)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    app.analyse_now().await;
    let viewer = app.add_user("viewer", "correct horse battery").await;
    let s = app.login(&viewer, "correct horse battery").await;
    let page = app
        .get_as("/analyst/organisations", &s)
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"no-organisations\""), "{page}");
    assert!(!page.contains("data-org="));
}

#[tokio::test]
async fn a_viewer_cannot_star_an_organisation_or_correct_a_type() {
    for backend in backends() {
        let app = TestApp::spawn_with_responses(backend).await;
        let viewer = app.add_user("viewer", "correct horse battery").await;
        let v = app.login(&viewer, "correct horse battery").await;
        let id = app.store.load_responses(&app.consultation_id).await.unwrap()[0]
            .id
            .clone();
        for (path, fields) in [
            (
                "/analyst/organisations/star".to_string(),
                vec![("key", "northshire council"), ("starred", "true")],
            ),
            (
                "/analyst/organisations/type".to_string(),
                vec![("key", "northshire council"), ("type", "public_body")],
            ),
            (
                format!("/analyst/responses/{id}/type"),
                vec![("type", "public_body")],
            ),
        ] {
            let mut fields = fields;
            fields.push(("csrf", &v.csrf));
            let r = app.post_form(&path, &fields, Some(&v.cookie)).await;
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{backend:?} {path}");
        }
        let page = app
            .get_as(&format!("/analyst/responses/{id}"), &v)
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("id=\"respondent-type\""));
        assert!(
            !page.contains("id=\"type-form\""),
            "a viewer is offered no type form"
        );
        assert!(
            app.store
                .starred_organisations(&app.consultation_id)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            app.store
                .type_labels(&app.consultation_id)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            app.store
                .audit_log(&app.consultation_id)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test]
async fn an_analysts_star_shows_at_once_keeps_the_query_and_is_audited() {
    for backend in backends() {
        let app = TestApp::spawn_with_responses(backend).await;
        let analyst = app.add_user("analyst", "correct horse battery").await;
        let a = app.login(&analyst, "correct horse battery").await;
        let star = async |key: &str, starred: &str, csrf: &str| {
            let fields = [
                ("key", key),
                ("starred", starred),
                ("back", "sort=name&type=voluntary_charity&evil=1"),
                ("csrf", csrf),
            ];
            app.post_form("/analyst/organisations/star", &fields, Some(&a.cookie))
                .await
        };
        let r = star("foster care alliance", "true", "forged").await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = star("nobody at all", "true", &a.csrf).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let r = star("foster care alliance", "maybe", &a.csrf).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let r = star("foster care alliance", "true", &a.csrf).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{backend:?}");
        assert_eq!(
            r.headers()["location"],
            "/analyst/organisations?sort=name&type=voluntary_charity",
            "back to the page as it was filtered, and nothing else"
        );
        let page = app
            .get_as("/analyst/organisations", &a)
            .await
            .text()
            .await
            .unwrap();
        // Starred is notable: first, and marked.
        assert_eq!(organisation_rows(&page)[0], "foster care alliance", "{backend:?}");
        let row = organisation_row(&page, "foster care alliance");
        assert!(
            row.contains("data-starred") && row.contains(">Starred</strong>"),
            "{row}"
        );
        assert!(row.contains("name=\"starred\" value=\"false\"") && row.contains(">Unstar<"));
        assert!(!organisation_row(&page, "northshire council").contains("data-starred"));
        let log = app.store.audit_log(&app.consultation_id).await.unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(
            (
                log[0].action.as_str(),
                log[0].actor.as_str(),
                log[0].target.as_str()
            ),
            ("star_organisation", analyst.as_str(), "foster care alliance")
        );
        // And cleared again.
        let r = star("foster care alliance", "false", &a.csrf).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let page = app
            .get_as("/analyst/organisations", &a)
            .await
            .text()
            .await
            .unwrap();
        assert!(!organisation_row(&page, "foster care alliance").contains("data-starred"));
        assert_eq!(app.store.audit_log(&app.consultation_id).await.unwrap().len(), 2);
    }
}

#[tokio::test]
async fn an_analysts_type_correction_counts_at_once_on_the_organisations_page_and_the_dashboard() {
    for backend in backends() {
        let app = TestApp::spawn_with_responses(backend).await;
        let analyst = app.add_user("analyst", "correct horse battery").await;
        let a = app.login(&analyst, "correct horse battery").await;
        let dashboard = app.get_as("/analyst", &a).await.text().await.unwrap();
        assert_eq!(dashboard_type_total(&dashboard, "P1", "Local authority"), Some(2));
        assert_eq!(dashboard_type_total(&dashboard, "P1", "Public body"), None);

        let post = async |fields: &[(&str, &str)]| {
            app.post_form("/analyst/organisations/type", fields, Some(&a.cookie))
                .await
        };
        let key = ("key", "northshire council");
        let r = post(&[key, ("type", "public_body"), ("csrf", "forged")]).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = post(&[key, ("type", "martian"), ("csrf", &a.csrf)]).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(r.text().await.unwrap().contains("unknown respondent type"));
        let r = post(&[
            ("key", "nobody at all"),
            ("type", "public_body"),
            ("csrf", &a.csrf),
        ])
        .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert!(
            app.store
                .type_labels(&app.consultation_id)
                .await
                .unwrap()
                .is_empty()
        );

        let r = post(&[key, ("type", "public_body"), ("csrf", &a.csrf)]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{backend:?}");
        assert_eq!(r.headers()["location"], "/analyst/organisations");
        let page = app
            .get_as("/analyst/organisations?type=public_body", &a)
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(organisation_rows(&page), ["northshire council"], "{backend:?}");
        let row = organisation_row(&page, "northshire council");
        assert!(
            row.contains(">Public body</span>") && row.contains(">set by analyst</span>"),
            "{row}"
        );
        let dashboard = app.get_as("/analyst", &a).await.text().await.unwrap();
        assert_eq!(
            dashboard_type_total(&dashboard, "P1", "Public body"),
            Some(2),
            "{backend:?}"
        );
        assert_eq!(dashboard_type_total(&dashboard, "P1", "Local authority"), None);
        // Both of its responses, each audited.
        let labels = app.store.type_labels(&app.consultation_id).await.unwrap();
        assert_eq!(labels.len(), 2);
        let log = app.store.audit_log(&app.consultation_id).await.unwrap();
        assert_eq!(log.len(), 2);
        assert!(log.iter().all(|e| e.action == "respondent_type"
            && e.actor == analyst
            && e.after.as_deref() == Some("public_body")));

        // One respondent's page: its type, who decided it, and the correction.
        let stored = app.store.load_responses(&app.consultation_id).await.unwrap();
        let alliance = stored
            .iter()
            .find(|r| r.record.respondent.organisation_name.as_deref() == Some("Foster Care Alliance"))
            .unwrap()
            .id
            .clone();
        let path = format!("/analyst/responses/{alliance}");
        let page = app.get_as(&path, &a).await.text().await.unwrap();
        assert!(
            page.contains("id=\"type-label\">Voluntary or charity body</dd>"),
            "{page}"
        );
        assert!(page.contains("id=\"type-source\">declared"));
        assert!(page.contains(&format!("action=\"/analyst/responses/{alliance}/type\"")));
        let type_path = format!("{path}/type");
        let r = app
            .post_form(
                &type_path,
                &[("type", "nonsense"), ("csrf", &a.csrf)],
                Some(&a.cookie),
            )
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let r = app
            .post_form(
                "/analyst/responses/no-such-response/type",
                &[("type", "academic"), ("csrf", &a.csrf)],
                Some(&a.cookie),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let r = app
            .post_form(
                &type_path,
                &[("type", "academic"), ("csrf", &a.csrf)],
                Some(&a.cookie),
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"].to_str().unwrap(), path);
        let page = app.get_as(&path, &a).await.text().await.unwrap();
        assert!(page.contains("id=\"type-label\">Academic</dd>"));
        assert!(page.contains(&format!("id=\"type-source\">set by analyst ({analyst})")));
        let page = app
            .get_as("/analyst/organisations", &a)
            .await
            .text()
            .await
            .unwrap();
        assert!(organisation_row(&page, "foster care alliance").contains("data-type=\"academic\""));
        let dashboard = app.get_as("/analyst", &a).await.text().await.unwrap();
        assert_eq!(dashboard_type_total(&dashboard, "P1", "Academic"), Some(1));
        assert_eq!(app.store.audit_log(&app.consultation_id).await.unwrap().len(), 3);
    }
}

#[tokio::test]
async fn markup_in_an_organisations_name_is_shown_as_text() {
    const NAME: &str = "<script>alert('x')</script> Trust";
    for backend in backends() {
        let app = TestApp::spawn(backend, 100).await;
        let mut body = form_body("organisation", "Agree", "We support it.");
        body.push(("organisation-name", NAME));
        body.push(("organisation-type", "Other"));
        let r = app.post_form("/respond", &body, None).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        app.analyse_now().await;
        let user = app.add_user("analyst", "correct horse battery").await;
        let s = app.login(&user, "correct horse battery").await;
        let id = app.store.load_responses(&app.consultation_id).await.unwrap()[0]
            .id
            .clone();
        for path in [
            "/analyst/organisations".to_string(),
            "/analyst/organisations?sort=name&q=trust".to_string(),
            format!("/analyst/responses/{id}"),
        ] {
            let page = app.get_as(&path, &s).await.text().await.unwrap();
            if path.starts_with("/analyst/organisations") {
                assert!(page.contains("data-org="), "{backend:?} {path}: listed");
            }
            assert!(!page.contains("<script>alert"), "{backend:?} {path}");
            assert!(
                page.contains("&lt;script&gt;") || page.contains("&#60;script&#62;"),
                "{backend:?} {path}"
            );
        }
    }
}
