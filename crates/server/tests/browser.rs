//! The web app in real headless Chromium, driven through chromedriver's WebDriver protocol:
//! a respondent submits the form; an analyst signs in, corrects a stance and sees the count
//! change; a stored-script payload shows as text, in the app and in the report, and never runs;
//! a viewer cannot edit; a signed-out visitor cannot reach analyst pages; an analyst sorts,
//! filters and stars organisations, and the page is screenshotted as Chromium draws it.
//!
//! Chromium and chromedriver are Debian's (`apt-get install chromium chromium-driver`); CI
//! installs them, so under `CI` a missing chromedriver fails the tests. Elsewhere the tests say
//! loudly that they did not run.

mod common;

use common::{TestApp, backends};
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// One browser at a time: two cores do not run several Chromiums well.
static BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// axe-core, the accessibility rules engine, installed by `build.rs` from `web/package-lock.json`.
const AXE: &str = include_str!(concat!(env!("OUT_DIR"), "/web/node_modules/axe-core/axe.min.js"));

const PAYLOAD: &str = "<script>alert('x')</script><img src=x onerror=alert(1)> Keep it public.";

/// A headless Chromium session over chromedriver.
struct Browser {
    driver: Child,
    http: reqwest::Client,
    session: String,
}

impl Browser {
    /// Starts chromedriver and a session, or `None` (with a loud message) where chromedriver is
    /// absent outside CI.
    async fn start() -> Option<Browser> {
        let Some(chromedriver) = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
        else {
            assert!(
                std::env::var_os("CI").is_none(),
                "chromedriver is missing under CI: .ci/run must install chromium and chromium-driver"
            );
            eprintln!(
                "\n*** chromedriver is not installed: the browser tests DID NOT RUN (apt-get install chromium chromium-driver) ***\n"
            );
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if http.get(format!("{base}/status")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1024"]
            }
        }}});
        let r: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let session = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {r}"))
            .to_string();
        Some(Browser {
            driver,
            http,
            session: format!("{base}/session/{session}"),
        })
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{path}", self.session));
        if method == reqwest::Method::POST {
            req = req.json(&body);
        }
        let r: Value = req.send().await.unwrap().json().await.unwrap();
        r["value"].clone()
    }

    async fn goto(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", json!({ "url": url }))
            .await;
    }

    async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", Value::Null)
            .await
            .as_str()
            .unwrap()
            .to_string()
    }

    async fn find(&self, css: &str) -> String {
        let v = self
            .call(
                reqwest::Method::POST,
                "/element",
                json!({"using": "css selector", "value": css}),
            )
            .await;
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    async fn count(&self, css: &str) -> usize {
        let v = self
            .call(
                reqwest::Method::POST,
                "/elements",
                json!({"using": "css selector", "value": css}),
            )
            .await;
        v.as_array().map_or(0, Vec::len)
    }

    async fn click(&self, css: &str) {
        let e = self.find(css).await;
        self.call(reqwest::Method::POST, &format!("/element/{e}/click"), json!({}))
            .await;
    }

    /// Clicks something that loads a new page, and waits until the old page is gone.
    async fn click_and_wait(&self, css: &str) {
        let old = self.find("html").await;
        self.click(css).await;
        for _ in 0..100 {
            let v = self
                .call(reqwest::Method::GET, &format!("/element/{old}/name"), Value::Null)
                .await;
            if v.get("error").is_some() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{css}: no new page after 5 s");
    }

    async fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{e}/value"),
            json!({ "text": text }),
        )
        .await;
    }

    async fn text(&self, css: &str) -> String {
        let e = self.find(css).await;
        self.call(reqwest::Method::GET, &format!("/element/{e}/text"), Value::Null)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Runs a script through WebDriver (outside the page's Content-Security-Policy).
    async fn script(&self, body: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            json!({"script": body, "args": []}),
        )
        .await
    }

    /// axe-core's WCAG 2.0, 2.1 and 2.2 A and AA violations on the current page, one line each.
    async fn accessibility_violations(&self) -> Vec<String> {
        self.script(&format!("{AXE}\nwindow.axe = axe; return true;"))
            .await;
        let script = "const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
              .then(r => done(r.violations.map(v => v.id + ' (' + v.nodes.length + '): ' + v.help + ' ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | '))))
              .catch(e => done(['axe failed: ' + e]));";
        let v = self
            .call(
                reqwest::Method::POST,
                "/execute/async",
                json!({"script": script, "args": []}),
            )
            .await;
        v.as_array()
            .unwrap_or_else(|| panic!("axe gave no list: {v}"))
            .iter()
            .map(|x| x.as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// A PNG of the viewport as Chromium draws it.
    async fn screenshot(&self) -> Vec<u8> {
        let v = self.call(reqwest::Method::GET, "/screenshot", Value::Null).await;
        base64_decode(v.as_str().unwrap_or_else(|| panic!("no screenshot: {v}")))
    }

    /// A PNG of one element as Chromium draws it.
    async fn element_screenshot(&self, css: &str) -> Vec<u8> {
        let e = self.find(css).await;
        let v = self
            .call(
                reqwest::Method::GET,
                &format!("/element/{e}/screenshot"),
                Value::Null,
            )
            .await;
        base64_decode(
            v.as_str()
                .unwrap_or_else(|| panic!("no screenshot of {css}: {v}")),
        )
    }

    /// Whether a JavaScript dialog is open (what `alert()` would open).
    async fn alert_open(&self) -> bool {
        let v = self.call(reqwest::Method::GET, "/alert/text", Value::Null).await;
        v.get("error").is_none()
    }

    async fn sign_in(&self, app: &TestApp, user: &str, password: &str) {
        self.goto(&format!("{}/login", app.base)).await;
        self.type_into("#username", user).await;
        self.type_into("#password", password).await;
        self.click_and_wait("button[type=submit]").await;
    }
}

impl Drop for Browser {
    /// Ends the session first, so chromedriver closes Chromium; killing chromedriver alone would
    /// leave the browser running. Drop cannot await, so this is one blocking HTTP request.
    fn drop(&mut self) {
        use std::io::{Read, Write};
        let rest = self.session.trim_start_matches("http://");
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if let Ok(mut stream) = std::net::TcpStream::connect(host) {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let request = format!(
                "DELETE {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            if stream.write_all(request.as_bytes()).is_ok() {
                // The answer comes once Chromium has quit; its first bytes are enough.
                let _ = stream.read(&mut [0u8; 256]);
            }
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Standard base64 (what WebDriver sends screenshots as).
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .map(value)
        .collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, d)| n | u32::from(*d) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

/// A PNG's width and height, from its header; panics if it is not a PNG.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// Keeps a screenshot beside the test's build, to look at when a check fails.
fn keep_screenshot(name: &str, png: &[u8]) -> std::path::PathBuf {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, png).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_respondent_submits_the_form_in_a_browser() {
    let _one = BROWSER.lock().await;
    for backend in backends() {
        let app = TestApp::spawn(backend, 100).await;
        let Some(b) = Browser::start().await else { return };
        b.goto(&format!("{}/", app.base)).await;
        b.click_and_wait("a.govuk-button--start").await;
        assert!(b.url().await.ends_with("/respond"));
        // Sending nothing shows the error summary, linking to the first field at fault.
        b.click_and_wait("button[type=submit]").await;
        assert!(
            b.text(".govuk-error-summary")
                .await
                .contains("responding as an individual")
        );
        // Without JavaScript, the summary still takes the focus, so a screen reader reads it first.
        let focused = b.script("return document.activeElement.className").await;
        assert!(
            focused.as_str().unwrap_or("").contains("govuk-error-summary"),
            "{focused}"
        );
        b.click("label[for=responding-as]").await;
        b.click("label[for=q-Q1-5]").await;
        b.type_into("#q-Q1_explain", "Child protection must stay public.")
            .await;
        b.click_and_wait("button[type=submit]").await;
        assert!(b.url().await.contains("/confirmation/"), "{backend:?}");
        let reference = b.text("#reference").await;
        let stored = app.store.load_responses(&app.consultation_id).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].record.external_id, reference);
        assert_eq!(
            stored[0].record.answers[0].option.as_deref(),
            Some("Strongly disagree")
        );
        assert_eq!(
            stored[0].record.answers[1].text.as_deref(),
            Some("Child protection must stay public.")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analyst_corrects_a_stance_and_sees_the_count_change() {
    let _one = BROWSER.lock().await;
    for backend in backends() {
        let app = TestApp::spawn_with_responses(backend).await;
        let user = app.add_user("analyst", "correct horse battery").await;
        let Some(b) = Browser::start().await else { return };
        b.sign_in(&app, &user, "correct horse battery").await;
        assert!(b.url().await.ends_with("/analyst"), "{backend:?}");
        let cell = "table[data-proposal=P1] td[data-camp=against]";
        let before: u64 = b.text(cell).await.parse().unwrap();
        let (id, _) = app.a_response_with_camp("P1", "for").await;
        b.goto(&format!("{}/analyst/responses/{id}", app.base)).await;
        b.click("#camp-P1 option[value=against]").await;
        b.click_and_wait("#save-P1").await;
        assert_eq!(b.text("tr[data-proposal=P1] td[data-camp]").await, "Against");
        b.goto(&format!("{}/analyst", app.base)).await;
        assert_eq!(b.text(cell).await.parse::<u64>().unwrap(), before + 1);
        // The review queue: accepting the model's reading takes the item off the queue.
        b.goto(&format!("{}/analyst/review", app.base)).await;
        let waiting = b.count("[data-review]").await;
        assert!(waiting > 0);
        b.click_and_wait("[data-review] button[name=accept]").await;
        assert_eq!(b.count("[data-review]").await, waiting - 1);
        let log = app.store.audit_log(&app.consultation_id).await.unwrap();
        assert_eq!(log.len(), 2);
        assert!(log.iter().all(|e| e.actor == user));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_script_in_a_response_shows_as_text_and_never_runs() {
    let _one = BROWSER.lock().await;
    for backend in backends() {
        let app = TestApp::spawn(backend, 100).await;
        let user = app.add_user("analyst", "correct horse battery").await;
        let Some(b) = Browser::start().await else { return };
        // The payload goes in through the real form, as an attacker would send it.
        b.goto(&format!("{}/respond", app.base)).await;
        b.click("label[for=responding-as]").await;
        b.type_into("#q-Q5", PAYLOAD).await;
        b.click_and_wait("button[type=submit]").await;
        assert!(b.url().await.contains("/confirmation/"));
        app.analyse_now().await;
        b.sign_in(&app, &user, "correct horse battery").await;
        let id = app.store.load_responses(&app.consultation_id).await.unwrap()[0]
            .id
            .clone();
        b.goto(&format!("{}/analyst/responses/{id}", app.base)).await;
        assert!(!b.alert_open().await, "{backend:?}: a dialog opened");
        assert!(b.text("#answers").await.contains("<script>alert('x')</script>"));
        assert_eq!(b.count("#answers script, #answers img").await, 0);
        b.goto(&format!("{}/analyst/responses?q=public", app.base)).await;
        assert!(!b.alert_open().await);
        assert!(b.text("table").await.contains("onerror=alert(1)"));
        assert_eq!(b.count("main img, main script").await, 0);
        // The report quotes it as evidence: as text there too.
        b.goto(&format!("{}/analyst/report", app.base)).await;
        assert!(!b.alert_open().await);
        assert!(
            b.text("body").await.contains("<script>alert('x')</script>"),
            "{backend:?}"
        );
        assert_eq!(b.count("img[src=x], body script").await, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewer_cannot_edit_and_a_signed_out_visitor_cannot_reach_analyst_pages() {
    let _one = BROWSER.lock().await;
    for backend in backends() {
        let app = TestApp::spawn_with_responses(backend).await;
        let viewer = app.add_user("viewer", "correct horse battery").await;
        let Some(b) = Browser::start().await else { return };
        for path in [
            "/analyst",
            "/analyst/review",
            "/analyst/responses",
            "/analyst/report",
        ] {
            b.goto(&format!("{}{path}", app.base)).await;
            assert!(b.url().await.ends_with("/login"), "{backend:?} {path}");
        }
        b.sign_in(&app, &viewer, "correct horse battery").await;
        assert!(b.url().await.ends_with("/analyst"));
        let (id, _) = app.a_response_with_camp("P1", "for").await;
        b.goto(&format!("{}/analyst/responses/{id}", app.base)).await;
        assert_eq!(b.count("form[action='/analyst/label']").await, 0);
        b.goto(&format!("{}/analyst/review", app.base)).await;
        assert_eq!(b.count("button[name=accept]").await, 0);
        assert!(
            app.store
                .stance_labels(&app.consultation_id)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_axe_core_wcag_2_2_aa_rules() {
    let _one = BROWSER.lock().await;
    let app = TestApp::spawn_with_responses(common::Backend::Sqlite).await;
    let user = app.add_user("admin", "correct horse battery").await;
    let Some(b) = Browser::start().await else { return };
    let mut problems = Vec::new();
    let mut check = async |what: &str| {
        for v in b.accessibility_violations().await {
            problems.push(format!("{what}: {v}"));
        }
    };
    b.goto(&format!("{}/", app.base)).await;
    check("consultation").await;
    b.goto(&format!("{}/respond", app.base)).await;
    check("form").await;
    b.click_and_wait("button[type=submit]").await;
    check("form with errors").await;
    b.click("label[for=responding-as]").await;
    b.click("label[for=q-Q1]").await;
    b.click_and_wait("button[type=submit]").await;
    check("confirmation").await;
    b.goto(&format!("{}/login", app.base)).await;
    check("sign in").await;
    b.sign_in(&app, &user, "correct horse battery").await;
    for path in [
        "/analyst",
        "/analyst/review",
        "/analyst/responses?q=councils",
        "/analyst/organisations",
        "/analyst/organisations?sort=name&type=local_authority",
        "/analyst/themes",
        "/analyst/audit",
    ] {
        b.goto(&format!("{}{path}", app.base)).await;
        check(path).await;
    }
    let (id, _) = app.a_response_with_camp("P1", "for").await;
    b.goto(&format!("{}/analyst/responses/{id}", app.base)).await;
    check("one response").await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analyst_sorts_filters_and_stars_organisations_in_a_browser() {
    let _one = BROWSER.lock().await;
    for backend in backends() {
        let app = TestApp::spawn_with_responses(backend).await;
        let user = app.add_user("analyst", "correct horse battery").await;
        let Some(b) = Browser::start().await else { return };
        b.sign_in(&app, &user, "correct horse battery").await;
        b.click_and_wait("nav a[href='/analyst/organisations']").await;
        assert!(b.url().await.ends_with("/analyst/organisations"), "{backend:?}");
        assert!(b.text("#shown").await.starts_with("3 of 3 organisations"));
        assert_eq!(b.count("#organisations tbody tr").await, 3);
        let problems = b.accessibility_violations().await;
        assert!(problems.is_empty(), "{}", problems.join("\n"));

        // What Chromium draws: the whole viewport, and a table of three rows in it.
        let page = b.screenshot().await;
        let kept = keep_screenshot("organisations.png", &page);
        let (width, height) = png_size(&page);
        assert!(
            width >= 1000 && height >= 600,
            "{width}x{height}: {}",
            kept.display()
        );
        assert!(
            page.len() > 20_000,
            "a page with text, not a blank one: {}",
            kept.display()
        );
        let table = b.element_screenshot("#organisations").await;
        keep_screenshot("organisations-table.png", &table);
        let (tw, th) = png_size(&table);
        assert!(tw > 600 && th > 150, "the table is drawn: {tw}x{th}");

        // A column header sorts, through the server.
        b.click_and_wait("a[data-sort=Organisation]").await;
        assert!(b.url().await.ends_with("?sort=name"));
        assert_eq!(
            b.text("#organisations tbody tr:first-child .bm-org-name").await,
            "Carewell Services Ltd"
        );
        let sorted = b.find("th[aria-sort=ascending] a[data-sort=Organisation]").await;
        assert!(!sorted.is_empty());
        // The filter form keeps the sort.
        b.click("#filter-type option[value=local_authority]").await;
        b.click_and_wait("#apply-filter").await;
        let url = b.url().await;
        assert!(
            url.contains("sort=name") && url.contains("type=local_authority"),
            "{url}"
        );
        assert!(b.text("#shown").await.starts_with("1 of 3 organisations"));
        assert_eq!(b.count("#organisations tbody tr").await, 1);
        // A star shows at once, and the page stays as it was filtered.
        b.click_and_wait("tr[data-org='northshire council'] .bm-star-button")
            .await;
        assert!(
            b.url()
                .await
                .ends_with("/analyst/organisations?sort=name&type=local_authority"),
            "{}",
            b.url().await
        );
        assert_eq!(b.count("#organisations tbody tr").await, 1);
        assert_eq!(b.count("tr[data-starred] .bm-star").await, 1);
        let problems = b.accessibility_violations().await;
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        let log = app.store.audit_log(&app.consultation_id).await.unwrap();
        assert_eq!(
            log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
            ["star_organisation"]
        );
    }
}
