//! `barometer serve`: the web app; `barometer users`: its accounts; and `barometer bench serve`,
//! which starts the server as a child process and drives its public form over loopback.

use crate::commands::{DbArgs, ModelArgs};
use crate::support;
use anyhow::{Context, bail};
use barometer_pipeline::{ConsultationFolder, Options};
use barometer_server::{Analyser, Config, Role};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Flags of `barometer serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The consultation folder, holding consultation.toml (not needed with --demo)
    pub dir: Option<PathBuf>,
    /// The address to listen on; port 0 picks a free port
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub listen: SocketAddr,
    /// Load and analyse the fictional demo consultation into a temporary store, and create a
    /// demo analyst login
    #[arg(long)]
    pub demo: bool,
    /// Serve the form without analysing first (the analysts' pages then say so)
    #[arg(long)]
    pub no_analysis: bool,
    /// Responses one client address may submit per minute
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub submissions_per_minute: u32,
    /// Mark cookies Secure: use it whenever people reach the server over HTTPS (behind a proxy)
    #[arg(long)]
    pub secure_cookies: bool,
    /// Rate-limit by the client address the reverse proxy in front appends to X-Forwarded-For;
    /// only behind such a proxy, or clients could claim any address
    #[arg(long)]
    pub trust_forwarded_for: bool,
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub models: ModelArgs,
}

/// The demo consultation shipped in the repository.
fn demo_dir() -> anyhow::Result<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/children-social-care-2014");
    if let Ok(dir) = dir.canonicalize()
        && dir.join("consultation.toml").exists()
    {
        return Ok(dir);
    }
    bail!(
        "the demo consultation is not at {}: run --demo from a checkout of Barometer, or pass a consultation folder",
        dir.display()
    )
}

/// Starts the server and runs until interrupted.
pub fn run(args: Args) -> anyhow::Result<()> {
    let _temp;
    let (dir, db) = if args.demo {
        let temp = tempfile::tempdir().context("cannot create a temporary folder for the demo store")?;
        let url = temp.path().join("demo.sqlite").display().to_string();
        _temp = temp;
        (demo_dir()?, Some(url))
    } else {
        let Some(dir) = args.dir.clone() else {
            bail!("give the consultation folder (barometer serve DIR), or --demo");
        };
        (dir, args.db.db.clone())
    };
    let folder = ConsultationFolder::load(&dir)?;
    let url = folder.store_url(db.as_deref())?;
    let analyser = if args.no_analysis {
        None
    } else {
        Some(Arc::new(Analyser {
            folder: folder.clone(),
            models: args.models.models()?,
            options: Options::default(),
        }))
    };
    let runtime = support::runtime()?;
    runtime.block_on(async {
        let store = support::open_store(&url).await?;
        store.save_consultation(&folder.id, &folder.definition).await?;
        let analysis = match &analyser {
            Some(analyser) => {
                eprintln!("analysing {} …", dir.display());
                Some(analyser.run(&store, &support::Bars::default()).await?)
            }
            None => None,
        };
        let demo_login = if args.demo {
            let password = barometer_server_password();
            store
                .put_user(
                    "demo",
                    &barometer_server::hash_password(&password)?,
                    Role::Analyst.as_str(),
                )
                .await?;
            Some(password)
        } else {
            None
        };
        let config = Config {
            consultation_id: folder.id.clone(),
            consultation: folder.definition.clone(),
            submissions_per_minute: args.submissions_per_minute,
            secure_cookies: args.secure_cookies,
            trust_forwarded_for: args.trust_forwarded_for,
        };
        let (app, _handle) = barometer_server::router(store, config, analysis, analyser).await?;
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let addr = listener.local_addr()?;
        // The first line of stdout is the address: `bench serve` and the tests read it.
        println!("listening on http://{addr}");
        if let Some(password) = demo_login {
            println!("analysts sign in at http://{addr}/login as demo, password {password}");
        }
        barometer_server::serve(listener, app).await
    })
}

fn barometer_server_password() -> String {
    // Four groups of five letters and digits: about 100 bits, easy to copy from a terminal.
    const ALPHABET: &[u8; 32] = b"abcdefghjkmnpqrstuvwxyz23456789_";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[(b % 32) as usize] as char)
        .collect();
    chars
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Flags of `barometer users`.
#[derive(Debug, clap::Args)]
pub struct UsersArgs {
    #[command(subcommand)]
    pub what: UsersCommand,
    /// The consultation folder whose store holds the accounts (its default store, as
    /// `serve DIR` uses), unless --db names another
    #[arg(long, value_name = "DIR", global = true)]
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub db: DbArgs,
}

/// What to do with accounts.
#[derive(Debug, clap::Subcommand)]
pub enum UsersCommand {
    /// Create an account, or reset its password and role
    Add {
        /// The login name
        username: String,
        /// admin, analyst or viewer
        #[arg(long, default_value = "analyst")]
        role: String,
        /// Read the password from the first line of standard input, instead of generating one
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the accounts and their roles
    List,
}

/// Runs `barometer users`.
pub fn users(args: UsersArgs) -> anyhow::Result<()> {
    let url = match (&args.db.db, &args.dir) {
        (Some(db), _) => db.clone(),
        (None, Some(dir)) => ConsultationFolder::load(dir)?.store_url(None)?,
        (None, None) => bail!(
            "say which store holds the accounts: --dir DIR (the consultation's own store), or --db URL (or BAROMETER_DB)"
        ),
    };
    let runtime = support::runtime()?;
    runtime.block_on(async {
        let store = support::open_store(&url).await?;
        match args.what {
            UsersCommand::Add {
                username,
                role,
                password_stdin,
            } => {
                let Some(role) = Role::parse(&role) else {
                    bail!("--role {role:?}: expected admin, analyst or viewer");
                };
                if username.trim().is_empty() || username.chars().any(char::is_whitespace) {
                    bail!("the username {username:?} must be non-empty and have no spaces");
                }
                let (password, generated) = if password_stdin {
                    let mut line = String::new();
                    std::io::stdin().lock().read_line(&mut line)?;
                    let line = line.trim_end_matches(['\r', '\n']).to_string();
                    if line.chars().count() < 12 {
                        bail!("the password read from standard input must be at least 12 characters");
                    }
                    (line, false)
                } else {
                    (barometer_server_password(), true)
                };
                store
                    .put_user(
                        &username,
                        &barometer_server::hash_password(&password)?,
                        role.as_str(),
                    )
                    .await?;
                if generated {
                    println!("{username} ({}) password: {password}", role.as_str());
                } else {
                    println!("{username} ({}) saved", role.as_str());
                }
            }
            UsersCommand::List => {
                for u in store.users().await? {
                    println!("{}\t{}", u.username, u.role);
                }
            }
        }
        store.close().await;
        Ok(())
    })
}

/// Options of `barometer bench serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// The store the server writes to; a fresh temporary SQLite file without it
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// Concurrent keep-alive connections, each submitting one response after another
    #[arg(long, default_value_t = 64)]
    pub connections: usize,
    /// How long to drive the form
    #[arg(long, default_value_t = 10.0)]
    pub seconds: f64,
    /// SIGKILL the server this many seconds in (the crash test)
    #[arg(long, value_name = "SECONDS")]
    pub kill_after: Option<f64>,
    /// Write every acknowledged reference here, one a line
    #[arg(long, value_name = "FILE")]
    pub acked: Option<PathBuf>,
}

/// What a load run measured.
#[derive(Debug)]
pub struct LoadReport {
    /// Submissions acknowledged (303 to a confirmation).
    pub acknowledged: usize,
    /// Requests that failed or were refused.
    pub failed: usize,
    /// Seconds the load ran.
    pub seconds: f64,
    /// Median latency of an acknowledged submission, ms.
    pub p50_ms: f64,
    /// 99th percentile, ms.
    pub p99_ms: f64,
}

/// Runs `barometer bench serve`.
pub fn bench(args: BenchArgs) -> anyhow::Result<()> {
    let temp = tempfile::tempdir()?;
    let url = args
        .db
        .clone()
        .unwrap_or_else(|| temp.path().join("bench.sqlite").display().to_string());
    let exe = std::env::current_exe()?;
    let mut child = std::process::Command::new(exe)
        .args([
            "serve",
            "--no-analysis",
            "--listen",
            "127.0.0.1:0",
            "--submissions-per-minute",
        ])
        .arg(u32::MAX.to_string())
        .arg("--db")
        .arg(&url)
        .arg(demo_dir()?)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("cannot start the server")?;
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("piped")).read_line(&mut first)?;
    let Some(base) = first.trim().strip_prefix("listening on ").map(str::to_string) else {
        let _ = child.kill();
        bail!("the server did not start: {first:?}");
    };
    let runtime = support::runtime()?;
    let kill_at = args.kill_after.map(Duration::from_secs_f64);
    let pid = child.id();
    let report = runtime.block_on(drive(&base, &args, kill_at, move || {
        // SIGKILL: no chance to flush or finish anything.
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status();
    }))?;
    let _ = child.kill();
    let _ = child.wait();
    let backend = if url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "{backend}: {} submissions acknowledged in {:.1} s = {:.0}/s over {} connections; p50 {:.1} ms, p99 {:.1} ms; {} failed",
        report.acknowledged,
        report.seconds,
        report.acknowledged as f64 / report.seconds,
        args.connections,
        report.p50_ms,
        report.p99_ms,
        report.failed
    );
    Ok(())
}

const BODY: &str = "responding-as=individual&q-Q1=Disagree&q-Q1_explain=Child+protection+must+stay+with+the+council%2C+which+answers+to+voters.&q-Q2=Strongly+disagree&q-Q5=Please+keep+this+public.";

async fn drive(
    base: &str,
    args: &BenchArgs,
    kill_at: Option<Duration>,
    kill: impl FnOnce(),
) -> anyhow::Result<LoadReport> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(args.connections)
        .timeout(Duration::from_secs(30))
        .build()?;
    let url = format!("{base}/respond");
    let start = Instant::now();
    let stop = start + Duration::from_secs_f64(args.seconds);
    let mut tasks = Vec::new();
    for _ in 0..args.connections {
        let client = client.clone();
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let mut acked = Vec::new();
            let mut latencies = Vec::new();
            let mut failed = 0usize;
            while Instant::now() < stop {
                let t = Instant::now();
                let r = client
                    .post(&url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(BODY)
                    .send()
                    .await;
                let reference = r.ok().filter(|r| r.status() == 303).and_then(|r| {
                    r.headers()
                        .get("location")
                        .and_then(|l| l.to_str().ok())
                        .and_then(|l| l.strip_prefix("/confirmation/"))
                        .map(str::to_string)
                });
                match reference {
                    Some(reference) => {
                        latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                        acked.push(reference);
                    }
                    None => {
                        failed += 1;
                        // A dead server answers at once: don't spin.
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                }
            }
            (acked, latencies, failed)
        }));
    }
    if let Some(at) = kill_at {
        tokio::time::sleep(at).await;
        kill();
    }
    let mut acked = Vec::new();
    let mut latencies = Vec::new();
    let mut failed = 0;
    for t in tasks {
        let (a, l, f) = t.await?;
        acked.extend(a);
        latencies.extend(l);
        failed += f;
    }
    let seconds = kill_at.map_or(args.seconds, |k| k.as_secs_f64().min(args.seconds));
    latencies.sort_by(f64::total_cmp);
    let quantile = |q: f64| {
        if latencies.is_empty() {
            0.0
        } else {
            latencies[((latencies.len() - 1) as f64 * q).round() as usize]
        }
    };
    if let Some(path) = &args.acked {
        std::fs::write(path, acked.join("\n")).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(LoadReport {
        acknowledged: acked.len(),
        failed,
        seconds,
        p50_ms: quantile(0.5),
        p99_ms: quantile(0.99),
    })
}
