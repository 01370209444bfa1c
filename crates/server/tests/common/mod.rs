//! The harness: starts the real app on a free loopback port over a fresh store, with typed
//! helpers for the requests the tests make.

#![allow(dead_code)]

use barometer_analysis::AnalysedResponse;
use barometer_domain::{Camp, Consultation, ProposalId};
use barometer_server::{Analysis, Config, Handle, Role};
use barometer_store::Store;
use std::collections::BTreeMap;
use std::net::SocketAddr;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// SQLite always; PostgreSQL too when `BAROMETER_TEST_POSTGRES` holds a URL.
pub fn backends() -> Vec<Backend> {
    let mut out = vec![Backend::Sqlite];
    if std::env::var("BAROMETER_TEST_POSTGRES").is_ok_and(|u| !u.is_empty()) {
        out.push(Backend::Postgres);
    }
    out
}

pub fn demo() -> Consultation {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/children-social-care-2014/consultation.toml"
    ))
    .unwrap();
    Consultation::parse(&text).unwrap()
}

/// A response that answers Q1 and explains it.
pub fn form_body<'a>(responding_as: &'a str, q1: &'a str, explain: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("responding-as", responding_as),
        ("q-Q1", q1),
        ("q-Q1_explain", explain),
    ]
}

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}-{nanos}")
}

/// The organisations of [`TestApp::spawn_with_responses`], in order: responses 9 to 12 (for,
/// against, for, against on P1). The first two are one council under two spellings.
pub const ORGANISATIONS: [(&str, &str); 4] = [
    ("Northshire Council", "Local authority"),
    ("The Northshire Council", "Local authority"),
    (
        "Foster Care Alliance",
        "Voluntary, community or charity organisation",
    ),
    ("Carewell Services Ltd", "Private or independent provider"),
];

/// A signed-in session.
pub struct Session {
    /// The `Cookie` header value.
    pub cookie: String,
    /// The session's CSRF token, read from a page.
    pub csrf: String,
}

pub struct TestApp {
    pub base: String,
    pub store: Store,
    pub consultation_id: String,
    pub handle: Handle,
    client: reqwest::Client,
    _dir: tempfile::TempDir,
}

fn set_cookie(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|kv| kv.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

/// The value of the first hidden `csrf` input on a page.
pub fn csrf_on(page: &str) -> Option<String> {
    let at = page.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    Some(page[at..].split('"').next()?.to_string())
}

impl TestApp {
    /// The app over a fresh store holding the demo's definition and no response.
    pub async fn spawn(backend: Backend, submissions_per_minute: u32) -> TestApp {
        TestApp::spawn_with(backend, submissions_per_minute, false).await
    }

    /// The app over a fresh store holding the demo's definition and no response, with the
    /// real pipeline behind "analyse again" and search by meaning when `analyser` is set (its
    /// sources are the demo folder's; the encoder model must be installed).
    pub async fn spawn_with(backend: Backend, submissions_per_minute: u32, analyser: bool) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let store = match backend {
            Backend::Sqlite => Store::open_sqlite(&dir.path().join("web.sqlite")).await.unwrap(),
            Backend::Postgres => Store::open(&std::env::var("BAROMETER_TEST_POSTGRES").unwrap())
                .await
                .unwrap(),
        };
        let consultation_id = unique("web");
        store.save_consultation(&consultation_id, &demo()).await.unwrap();
        let config = Config {
            consultation_id: consultation_id.clone(),
            consultation: demo(),
            submissions_per_minute,
            secure_cookies: false,
            trust_forwarded_for: true,
        };
        let analyser = analyser.then(|| {
            let dir = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../examples/children-social-care-2014"
            );
            let mut folder = barometer_pipeline::ConsultationFolder::load(std::path::Path::new(dir)).unwrap();
            folder.id = consultation_id.clone();
            let model_dir = barometer_encoder::ModelDir::resolve(None);
            let model = barometer_encoder::models::ensure(&model_dir, &|line| eprintln!("{line}")).unwrap();
            std::sync::Arc::new(barometer_server::Analyser {
                folder,
                models: barometer_pipeline::Models::new(
                    barometer_encoder::Encoder::load(&model).unwrap(),
                    model_dir,
                ),
                options: barometer_pipeline::Options::default(),
            })
        });
        let (app, handle) = barometer_server::router(store.clone(), config, None, analyser)
            .await
            .unwrap();
        let addr = barometer_server::spawn(SocketAddr::from(([127, 0, 0, 1], 0)), app)
            .await
            .unwrap();
        TestApp {
            base: format!("http://{addr}"),
            store,
            consultation_id,
            handle,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            _dir: dir,
        }
    }

    /// The app with twelve form responses (six for P1, six against) and their analysis: eight
    /// individuals, then [`ORGANISATIONS`] (three organisations, one under two spellings).
    pub async fn spawn_with_responses(backend: Backend) -> TestApp {
        let app = TestApp::spawn(backend, 1000).await;
        for i in 0..12usize {
            let (option, why) = if i % 2 == 0 {
                (
                    "Agree",
                    "Councils need flexibility to commission the best provider.",
                )
            } else {
                ("Disagree", "Child protection must stay accountable to voters.")
            };
            let ra = if i < 8 { "individual" } else { "organisation" };
            let mut body = form_body(ra, option, why);
            if i >= 8 {
                let (name, kind) = ORGANISATIONS[i - 8];
                body.push(("organisation-name", name));
                body.push(("organisation-type", kind));
            }
            let r = app.post_form("/respond", &body, None).await;
            assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
        }
        app.analyse_now().await;
        app
    }

    /// Shows [`declared_analysis`] of what is stored now.
    pub async fn analyse_now(&self) {
        self.handle
            .set_analysis(declared_analysis(&self.store, &self.consultation_id).await)
            .await;
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    pub async fn get_as(&self, path: &str, session: &Session) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .header("cookie", &session.cookie)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_form(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> reqwest::Response {
        self.post_form_from(path, fields, cookie, None).await
    }

    /// Posts an analyst's stance label for one response, with `csrf` as the form's token.
    pub async fn post_label(
        &self,
        session: &Session,
        response_id: &str,
        camp: &str,
        csrf: &str,
    ) -> reqwest::Response {
        let fields = [
            ("response_id", response_id),
            ("proposal", "P1"),
            ("camp", camp),
            ("csrf", csrf),
        ];
        self.post_form("/analyst/label", &fields, Some(&session.cookie))
            .await
    }

    /// Posts as if through the reverse proxy, for a client at `forwarded_for`.
    pub async fn post_form_from(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
        forwarded_for: Option<&str>,
    ) -> reqwest::Response {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut req = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        if let Some(f) = forwarded_for {
            req = req.header("x-forwarded-for", f);
        }
        req.send().await.unwrap()
    }

    /// A fresh account with this role; returns its name.
    pub async fn add_user(&self, role: &str, password: &str) -> String {
        let name = unique(role);
        let role = Role::parse(role).unwrap();
        self.store
            .put_user(
                &name,
                &barometer_server::hash_password(password).unwrap(),
                role.as_str(),
            )
            .await
            .unwrap();
        name
    }

    /// Signs in through the login form; `with_token` false leaves out the login CSRF token.
    pub async fn try_login(&self, user: &str, password: &str, with_token: bool) -> Option<Session> {
        let page = self.get("/login").await;
        let login_cookie = set_cookie(&page, "bm_login_csrf").unwrap();
        let token = csrf_on(&page.text().await.unwrap()).unwrap();
        let mut fields = vec![("username", user), ("password", password)];
        if with_token {
            fields.push(("csrf", token.as_str()));
        }
        let r = self.post_form("/login", &fields, Some(&login_cookie)).await;
        if r.status() != reqwest::StatusCode::SEE_OTHER {
            return None;
        }
        let cookie = set_cookie(&r, "bm_session")?;
        let dashboard = self
            .client
            .get(format!("{}/analyst/audit", self.base))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        Some(Session {
            csrf: csrf_on(&dashboard)?,
            cookie,
        })
    }

    pub async fn login(&self, user: &str, password: &str) -> Session {
        self.try_login(user, password, true).await.expect("signed in")
    }

    /// A count on the dashboard: the "all respondents" row of a proposal's table.
    pub async fn dashboard_count(&self, session: &Session, proposal: &str, camp: &str) -> u64 {
        let page = self.get_as("/analyst", session).await.text().await.unwrap();
        let table = &page[page.find(&format!("data-proposal=\"{proposal}\"")).unwrap()..];
        let marker = format!("data-camp=\"{camp}\">");
        let cell = &table[table.find(&marker).unwrap() + marker.len()..];
        cell[..cell.find('<').unwrap()].parse().unwrap()
    }

    /// A response whose stored analysis puts it in `camp` on `proposal`.
    pub async fn a_response_with_camp(&self, proposal: &str, camp: &str) -> (String, String) {
        let stored = self.store.load_responses(&self.consultation_id).await.unwrap();
        let c = demo();
        let p = ProposalId(proposal.into());
        for r in &stored {
            let j: BTreeMap<ProposalId, barometer_analysis::Judgement> =
                barometer_analysis::stance::declared(&c, &r.record);
            if let Some(found) = j
                .get(&p)
                .filter(|j| j.camp.as_str() == camp && j.camp != Camp::NoView)
            {
                return (r.id.clone(), found.camp.as_str().to_string());
            }
        }
        panic!("no response is {camp} on {proposal}");
    }
}

/// An analysis of what is stored: each respondent's declared stances, as the pipeline's
/// first step finds them (the model's part is tested in the pipeline's own tests).
pub async fn declared_analysis(store: &Store, consultation_id: &str) -> Analysis {
    let c = demo();
    let stored = store.load_responses(consultation_id).await.unwrap();
    let mut analysed: Vec<AnalysedResponse> = stored
        .iter()
        .map(|r| {
            let mut judgements = barometer_analysis::stance::declared(&c, &r.record);
            let text = r.record.free_text();
            for p in &c.proposals {
                let j = judgements
                    .entry(p.id.clone())
                    .or_insert_with(barometer_analysis::Judgement::no_view);
                // Where nobody declared, stand in for the model: an unsure reading of the
                // words, quoted as its evidence and queued for review.
                if j.camp == Camp::NoView && !text.is_empty() {
                    *j = barometer_analysis::Judgement {
                        camp: Camp::Undecided,
                        source: Some(barometer_domain::StanceSource::Model),
                        confidence: 0.55,
                        evidence: Some(text.clone()),
                    };
                }
            }
            AnalysedResponse {
                id: r.id.clone(),
                external_id: r.record.external_id.clone(),
                source: r.record.source,
                respondent_type: r.record.respondent.respondent_type,
                organisation_name: r.record.respondent.organisation_name.clone(),
                organisation_key: None,
                type_judgement: barometer_analysis::respondents::TypeJudgement::declared(
                    r.record.respondent.respondent_type,
                ),
                has_free_text: !r.record.free_text().is_empty(),
                has_closed_answers: r.record.answers.iter().any(|a| a.option.is_some()),
                other_language: None,
                ocr_confidence: None,
                judgements,
            }
        })
        .collect();
    // Respondent types and organisations as the pipeline reads them, with analysts' types.
    let type_labels: std::collections::HashMap<String, barometer_domain::RespondentType> = store
        .type_labels(consultation_id)
        .await
        .unwrap()
        .into_iter()
        .map(|l| (l.response_id, l.respondent_type))
        .collect();
    let respondents = barometer_pipeline::respondents::read_with(&c, &stored, &type_labels);
    barometer_pipeline::respondents::apply(&mut analysed, &respondents);
    // Stand-in themes: one per argument the fixture's responses make.
    let raised: Vec<Vec<(String, String)>> = analysed
        .iter()
        .zip(&stored)
        .map(|(_, r)| {
            let text = r.record.free_text().to_lowercase();
            [
                ("flexibility", "Flexibility for councils"),
                ("accountable", "Democratic accountability"),
            ]
            .into_iter()
            .filter(|(word, _)| text.contains(word))
            .map(|(_, label)| ("Q1_explain".to_string(), label.to_string()))
            .collect()
        })
        .collect();
    let starred: std::collections::BTreeSet<String> = store
        .starred_organisations(consultation_id)
        .await
        .unwrap()
        .into_iter()
        .collect();
    let run = barometer_report::RunInfo {
        barometer_version: "test".into(),
        generated_at: "2026-11-25T00:00:00Z".into(),
        store: "sqlite".into(),
        sources: Vec::new(),
        encoder: None,
    };
    let mut summary = barometer_report::build_summary(&c, &analysed, &run);
    summary.respondents = Some(barometer_report::organisations::respondents_section(
        &c,
        &analysed,
        &barometer_report::organisations::RespondentInputs {
            respondents: &respondents,
            raised: &raised,
            starred: &starred,
            accuracy: barometer_pipeline::respondents::measured_accuracy(),
            gold_types: &vec![None; analysed.len()],
        },
    ));
    let mut review_queue = Vec::new();
    let mut queued = BTreeMap::new();
    for a in &analysed {
        for (p, j) in &a.judgements {
            if j.source == Some(barometer_domain::StanceSource::Model) {
                *queued.entry(p.clone()).or_insert(0u64) += 1;
                review_queue.push(barometer_server::ReviewItem {
                    response_id: a.id.clone(),
                    proposal: p.clone(),
                    camp: j.camp,
                    confidence: j.confidence as f64,
                    evidence: j.evidence.clone(),
                    reason: barometer_analysis::stance::inferred::ReviewReason::Uncertain,
                    settles: 1,
                    alternative: None,
                });
            }
        }
    }
    summary.stance_model = Some(barometer_report::stance_model_summary(
        &c,
        &analysed,
        &BTreeMap::new(),
        &queued,
        0.6,
        None,
        &barometer_report::PriorUse::default(),
    ));
    Analysis {
        report_html: barometer_report::render_html(&summary),
        summary,
        analysed,
        review_queue,
        search: Default::default(),
    }
}

fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
