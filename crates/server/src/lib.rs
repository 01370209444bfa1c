//! Barometer's web app: the public response form and the analysts' workspace, in one axum router.
//!
//! Brief overview:
//! - [`serve`] binds a listener and runs [`router`] until the process stops; [`spawn`] does the
//!   same on a background task and returns the bound address (the tests and the benchmark use it).
//! - The public side (`routes/public.rs`) shows the consultation, its form generated from
//!   `consultation.toml`, validates on the server, and acknowledges a response with a reference
//!   number only after the store has committed it. Submissions go through one writer task
//!   (`writer.rs`) that commits whatever is waiting as one transaction: a group commit, so the
//!   cost of a durable commit is shared by every submission in it.
//! - The analysts' side (`routes/analyst/`) needs a session (`auth.rs`: argon2 passwords,
//!   sessions stored in the database by their token's hash, HttpOnly SameSite=Strict cookies) and
//!   a CSRF token on every form posted (`csrf.rs`). Viewers read; analysts and admins edit.
//! - Pages are askama templates under `templates/`, so respondent text is always escaped; a
//!   Content-Security-Policy forbidding scripts is a second wall behind that.
//! - The GOV.UK Design System's CSS, fonts and images are embedded at build time (`assets.rs`).
#![deny(missing_docs)]

mod assets;
mod auth;
mod csrf;
mod form;
mod routes;
mod search;
mod view;
mod writer;

pub use auth::{Role, hash_password};

use axum::Router;
use barometer_analysis::AnalysedResponse;
use barometer_domain::{Camp, Consultation, ProposalId};
use barometer_report::Summary;
use barometer_store::Store;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use tokio::sync::RwLock;

/// What the last analysis found, as the analysts' pages show it.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The summary (what `summary.json` holds).
    pub summary: Summary,
    /// Every response's judgement per proposal.
    pub analysed: Vec<AnalysedResponse>,
    /// The model's least certain judgements, least certain first.
    pub review_queue: Vec<ReviewItem>,
    /// The rendered report.
    pub report_html: String,
}

/// One judgement waiting for an analyst.
#[derive(Debug, Clone)]
pub struct ReviewItem {
    /// The store's id of the response.
    pub response_id: String,
    /// The proposal judged.
    pub proposal: ProposalId,
    /// The model's camp.
    pub camp: Camp,
    /// Its calibrated confidence.
    pub confidence: f64,
    /// The passage judged.
    pub evidence: Option<String>,
}

/// Search by meaning: the responses whose words are nearest a query's, best first.
///
/// `barometer serve` implements it with the sentence encoder over each response's argument
/// units; the server only calls it, off the async threads.
pub trait SemanticSearch: Send + Sync {
    /// The ids of the responses nearest `query`, best first, at most `limit`.
    fn search(&self, query: &str, limit: usize) -> anyhow::Result<Vec<String>>;
}

/// A fresh analysis of everything stored, web responses included, started by an admin.
///
/// `barometer serve` implements it with the pipeline; the implementation shows its result
/// through the [`Handle`] it holds. The server runs one at a time.
pub trait Reanalyse: Send + Sync {
    /// Runs the analysis to the end.
    fn run(&self) -> std::pin::Pin<Box<dyn std::future::Future<Output = anyhow::Result<()>> + Send>>;
}

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The consultation's id in the store.
    pub consultation_id: String,
    /// Its definition: the form is generated from it.
    pub consultation: Consultation,
    /// Submissions one client may make per minute (the burst allowed too).
    pub submissions_per_minute: u32,
    /// Whether cookies carry `Secure` (on whenever the server is reached over HTTPS).
    pub secure_cookies: bool,
    /// Whether the client is the last address of `X-Forwarded-For` (set by the reverse proxy in
    /// front), rather than the connection's peer, for rate limits. Only behind such a proxy:
    /// otherwise a client could name any address it likes.
    pub trust_forwarded_for: bool,
}

/// Everything a handler needs. Cheap to clone.
#[derive(Clone)]
pub(crate) struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub writer: writer::Writer,
    pub submit_limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    pub login_limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    pub analysis: Arc<RwLock<Option<Arc<Analysis>>>>,
    pub search: Arc<search::Index>,
    pub semantic: Arc<RwLock<Option<Arc<dyn SemanticSearch>>>>,
    pub reanalyse: Arc<RwLock<Option<Arc<dyn Reanalyse>>>>,
    /// What the last analysis started from the web did: running, or how it ended.
    pub reanalysis: Arc<std::sync::Mutex<Option<String>>>,
}

/// A handle to a running app's shared state, to replace its analysis after a new run.
#[derive(Clone)]
pub struct Handle {
    analysis: Arc<RwLock<Option<Arc<Analysis>>>>,
    semantic: Arc<RwLock<Option<Arc<dyn SemanticSearch>>>>,
    reanalyse: Arc<RwLock<Option<Arc<dyn Reanalyse>>>>,
}

impl Handle {
    /// Shows a new analysis on the analysts' pages from the next request on.
    pub async fn set_analysis(&self, analysis: Analysis) {
        *self.analysis.write().await = Some(Arc::new(analysis));
    }

    /// Offers search by meaning on the response browser from the next request on.
    pub async fn set_semantic_search(&self, search: Arc<dyn SemanticSearch>) {
        *self.semantic.write().await = Some(search);
    }

    /// Lets admins start a fresh analysis from the dashboard.
    pub async fn set_reanalyse(&self, reanalyse: Arc<dyn Reanalyse>) {
        *self.reanalyse.write().await = Some(reanalyse);
    }
}

/// The web app's router over a store, with the last analysis if there is one.
///
/// Must be called inside a tokio runtime: it starts the writer task.
pub async fn router(
    store: Store,
    config: Config,
    analysis: Option<Analysis>,
) -> anyhow::Result<(Router, Handle)> {
    let per_minute = NonZeroU32::new(config.submissions_per_minute.max(1)).expect("at least one");
    let login_quota = Quota::per_minute(NonZeroU32::new(20).expect("nonzero"));
    let responses = store.load_responses(&config.consultation_id).await?;
    let search = search::Index::build(&responses)?;
    let state = AppState {
        writer: writer::Writer::start(store.clone(), config.consultation_id.clone()),
        store,
        config: Arc::new(config),
        submit_limiter: Arc::new(RateLimiter::keyed(Quota::per_minute(per_minute))),
        login_limiter: Arc::new(RateLimiter::keyed(login_quota)),
        analysis: Arc::new(RwLock::new(analysis.map(Arc::new))),
        search: Arc::new(search),
        semantic: Arc::new(RwLock::new(None)),
        reanalyse: Arc::new(RwLock::new(None)),
        reanalysis: Arc::new(std::sync::Mutex::new(None)),
    };
    let handle = Handle {
        analysis: state.analysis.clone(),
        semantic: state.semantic.clone(),
        reanalyse: state.reanalyse.clone(),
    };
    Ok((routes::router(state), handle))
}

/// The client's address for rate limiting: the connection's peer, or the address the trusted
/// reverse proxy appended to `X-Forwarded-For`.
pub(crate) fn client_ip(config: &Config, peer: SocketAddr, headers: &axum::http::HeaderMap) -> IpAddr {
    if config.trust_forwarded_for
        && let Some(ip) = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .next_back()
    {
        return ip;
    }
    peer.ip()
}

/// Serves the app on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> anyhow::Result<()> {
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await?;
    Ok(())
}

/// Binds `addr` and serves the app on a background task; returns the address bound (so port 0
/// picks a free one).
pub async fn spawn(addr: SocketAddr, app: Router) -> anyhow::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tokio::spawn(serve(listener, app));
    Ok(local)
}
