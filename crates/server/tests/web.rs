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
