//! `barometer serve --demo`, as a newcomer runs it: the real binary analyses the demo with the
//! real model, prints the address and a login, and that login opens the analysts' workspace,
//! where search by meaning finds responses that say the query in other words.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn cookie(r: &reqwest::Response, name: &str) -> String {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|kv| kv.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie"))
        .to_string()
}

fn hidden_csrf(page: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let at = page.find(marker).expect("a csrf field") + marker.len();
    page[at..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn the_demo_prints_a_login_that_opens_the_workspace_and_search_by_meaning_works() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_barometer"))
        .args(["serve", "--demo", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let _server = Server(child);
    let first = lines.next().unwrap().unwrap();
    let base = first
        .strip_prefix("listening on ")
        .expect("the address first")
        .to_string();
    let second = lines.next().unwrap().unwrap();
    assert!(second.contains(&format!("{base}/login")), "{second}");
    let password = second.rsplit(' ').next().unwrap().to_string();

    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = http.get(format!("{base}/login")).send().await.unwrap();
    let login_cookie = cookie(&login, "bm_login_csrf");
    let token = hidden_csrf(&login.text().await.unwrap());
    let r = http
        .post(format!("{base}/login"))
        .header("cookie", &login_cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("username=demo&password={password}&csrf={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let session = cookie(&r, "bm_session");
    let get = |path: String| {
        let http = http.clone();
        let session = session.clone();
        async move {
            http.get(path)
                .header("cookie", session)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let dashboard = get(format!("{base}/analyst")).await;
    assert!(dashboard.contains("Allow delegation"));
    assert!(dashboard.contains("Campaigns"));
    // A paraphrase sharing no content word with the demo's sentences on shareholders but "child".
    let query = "investors' interests clash with what a vulnerable child needs";
    let page = get(format!(
        "{base}/analyst/responses?by=meaning&q={}",
        query.replace(' ', "+")
    ))
    .await;
    assert!(
        page.contains("50 responses match"),
        "search by meaning is offered after an analysis"
    );
    let links: Vec<String> = page
        .split("href=\"/analyst/responses/")
        .skip(1)
        .take(5)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect();
    assert_eq!(links.len(), 5);
    let mut on_topic = 0;
    for id in &links {
        let whole = get(format!("{base}/analyst/responses/{id}")).await.to_lowercase();
        if whole.contains("shareholder") || whole.contains("investor") {
            on_topic += 1;
        }
    }
    assert!(
        on_topic >= 3,
        "only {on_topic} of the five nearest speak of shareholders or investors"
    );
}
