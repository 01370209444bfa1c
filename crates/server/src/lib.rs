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
    /// What analysts are asked, in the order that settles most first.
    pub review_queue: Vec<ReviewItem>,
    /// The rendered report.
    pub report_html: String,
    /// Search by meaning over the responses analysed.
    pub search: Arc<barometer_pipeline::MeaningIndex>,
}

/// One judgement waiting for an analyst.
#[derive(Debug, Clone)]
pub struct ReviewItem {
    /// The store's id of the response.
    pub response_id: String,
    /// The proposal judged.
    pub proposal: ProposalId,
    /// The camp the response is counted in now (what accepting confirms).
    pub camp: Camp,
    /// Its calibrated confidence.
    pub confidence: f64,
    /// The passage judged.
    pub evidence: Option<String>,
    /// Why it is asked.
    pub reason: barometer_analysis::stance::inferred::ReviewReason,
    /// How many responses one label here decides.
    pub settles: usize,
    /// Another reading to weigh (a campaign member's own words).
    pub alternative: Option<Camp>,
}

/// What the server needs to analyse everything stored, again: the consultation's folder (its
/// sources and definition), the models, and the options. An admin's "analyse again" runs the
/// pipeline with it, and search by meaning embeds queries with its encoder.
pub struct Analyser {
    /// The consultation's folder; its id must be the server's consultation id.
    pub folder: barometer_pipeline::ConsultationFolder,
    /// The models.
    pub models: barometer_pipeline::Models,
    /// How the pipeline runs.
    pub options: barometer_pipeline::Options,
}

impl Analyser {
    /// Imports the folder's sources (unchanged files import nothing) and analyses everything
    /// stored, web responses, analysts' labels and theme edits included.
    pub async fn run(
        &self,
        store: &Store,
        progress: &dyn barometer_pipeline::Progress,
    ) -> anyhow::Result<Analysis> {
        let found = barometer_pipeline::import_and_analyse(
            store,
            &self.folder,
            &self.models,
            &self.options,
            progress,
        )
        .await?;
        Ok(Analysis::from_pipeline(found))
    }
}

impl Analyser {
    /// Reads every stored response's stances again, with the analysts' labels as they are now:
    /// what follows an analyst's answer on the "calibrate" page. Vectors and the stance prior's
    /// readings are cached, so only the learning runs again.
    pub async fn relearn(&self, store: &Store) -> anyhow::Result<barometer_pipeline::Stances> {
        let stored = store.load_responses(&self.folder.id).await?;
        let run = barometer_pipeline::read_stances(
            store,
            &self.folder.id,
            &self.folder.definition,
            &stored,
            &self.models,
            &self.options,
            &barometer_pipeline::Silent,
        )
        .await?;
        Ok(run.stances)
    }
}

impl Analysis {
    /// This analysis with its stances and review queue replaced by a newer reading (the report
    /// and themes stay those of the last full analysis until the next one).
    pub fn with_stances(&self, stances: barometer_pipeline::Stances) -> Analysis {
        Analysis {
            summary: self.summary.clone(),
            report_html: self.report_html.clone(),
            review_queue: review_items(&stances),
            analysed: stances.analysed,
            search: self.search.clone(),
        }
    }

    /// The server's view of a pipeline run.
    pub fn from_pipeline(found: barometer_pipeline::Analysis) -> Analysis {
        let stances = found.stances;
        Analysis {
            report_html: barometer_report::render_html(&found.summary),
            summary: found.summary,
            review_queue: review_items(&stances),
            analysed: stances.analysed,
            search: Arc::new(found.search),
        }
    }
}

/// The review queue as the server shows it.
fn review_items(stances: &barometer_pipeline::Stances) -> Vec<ReviewItem> {
    stances
        .inference
        .review_queue
        .iter()
        .map(|item| ReviewItem {
            response_id: stances.analysed[item.response].id.clone(),
            proposal: item.proposal.clone(),
            camp: item.camp,
            confidence: item.confidence,
            evidence: item.evidence.clone(),
            reason: item.reason,
            settles: item.settles,
            alternative: item.alternative,
        })
        .collect()
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
    /// Runs the pipeline: absent when the server was started without analysis.
    pub analyser: Option<Arc<Analyser>>,
    /// What the last analysis started from the web did: running, or how it ended.
    pub reanalysis: Arc<std::sync::Mutex<Option<String>>>,
}

/// A handle to a running app's shared state, to replace its analysis after a new run.
#[derive(Clone)]
pub struct Handle {
    analysis: Arc<RwLock<Option<Arc<Analysis>>>>,
}

impl Handle {
    /// Shows a new analysis on the analysts' pages from the next request on.
    pub async fn set_analysis(&self, analysis: Analysis) {
        *self.analysis.write().await = Some(Arc::new(analysis));
    }
}

/// The web app's router over a store, with the last analysis if there is one, and the
/// analyser that runs the pipeline again (and searches by meaning) if analysis is on.
///
/// Must be called inside a multi-threaded tokio runtime: it starts the writer task, and the
/// pipeline runs its CPU-bound stages in place.
pub async fn router(
    store: Store,
    config: Config,
    analysis: Option<Analysis>,
    analyser: Option<Arc<Analyser>>,
) -> anyhow::Result<(Router, Handle)> {
    if let Some(a) = &analyser
        && a.folder.id != config.consultation_id
    {
        anyhow::bail!(
            "the analyser's consultation is {:?} and the server's {:?}",
            a.folder.id,
            config.consultation_id
        );
    }
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
        analyser,
        reanalysis: Arc::new(std::sync::Mutex::new(None)),
    };
    let handle = Handle {
        analysis: state.analysis.clone(),
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
