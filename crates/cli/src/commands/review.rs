//! `barometer review`: the analysts' side of stance, from the command line.
//!
//! - `review list DIR --out OUT` prints the review queue the last `analyse` wrote into OUT:
//!   the order in which a label teaches the model most.
//! - `review label DIR --response ID --proposal P --camp CAMP --by NAME` records an analyst's
//!   stance in the consultation's store. It outranks the model and the tick-box answer, the next
//!   `analyse` learns from it, and the store's audit log keeps who, when, before and after.
//! - `review log DIR` prints that audit log.

use crate::commands::DbArgs;
use crate::support;
use anyhow::{Context, bail};
use barometer_domain::{Camp, ProposalId};
use barometer_pipeline::ConsultationFolder;
use std::path::PathBuf;

/// Flags of `barometer review`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Print the questions queued for review, what settles most first
    List(ListArgs),
    /// Record an analyst's stance on one response and proposal
    Label(LabelArgs),
    /// Print every analyst edit: who, when, before and after
    Log(Where),
}

/// The consultation, and its store.
#[derive(Debug, clap::Args)]
struct Where {
    /// The consultation folder, holding consultation.toml
    dir: PathBuf,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    /// The consultation folder, holding consultation.toml
    dir: PathBuf,
    /// The folder `barometer analyse` wrote its review-queue.jsonl to
    #[arg(long, short, value_name = "OUT")]
    out: PathBuf,
    /// How many items to print
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

#[derive(Debug, clap::Args)]
struct LabelArgs {
    #[command(flatten)]
    place: Where,
    /// The response: its id in the store or the id its source gave it (as in stances.jsonl)
    #[arg(long)]
    response: String,
    /// The proposal's id, as in consultation.toml
    #[arg(long)]
    proposal: String,
    /// for, against, undecided or no_view
    #[arg(long)]
    camp: String,
    /// Who is labelling (recorded in the audit log)
    #[arg(long = "by", value_name = "NAME")]
    analyst: String,
    /// Why, in a few words (kept with the label)
    #[arg(long)]
    note: Option<String>,
}

/// Runs `barometer review`.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.action {
        Action::List(a) => list(a),
        Action::Label(a) => label(a),
        Action::Log(a) => log(a),
    }
}

fn list(args: ListArgs) -> anyhow::Result<()> {
    // The folder is checked so that a wrong one fails here rather than lists another's queue.
    ConsultationFolder::load(&args.dir)?;
    let path = args.out.join("review-queue.jsonl");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}; run `barometer analyse` first", path.display()))?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    println!(
        "{} questions queued for review; those that settle the most responses first:",
        lines.len()
    );
    for (n, line) in lines.iter().take(args.limit).enumerate() {
        let item: serde_json::Value =
            serde_json::from_str(line).with_context(|| format!("{}:{}: not JSON", path.display(), n + 1))?;
        let settles = item["settles"].as_u64().unwrap_or(1);
        let why = match item["reason"].as_str() {
            Some("campaign_template") => format!(" [campaign template: settles {settles}]"),
            Some("representative") => format!(" [typical of {settles} similar]"),
            Some("own_words_differ") => format!(
                " [own words read {}]",
                item["alternative"].as_str().unwrap_or("differently")
            ),
            Some("other_language") => " [in a language the model does not read]".to_string(),
            _ => String::new(),
        };
        println!(
            "{:>3}. {} {}: counted {} ({:.0}%){why}: {}",
            n + 1,
            item["external_id"].as_str().unwrap_or("?"),
            item["proposal"].as_str().unwrap_or("?"),
            item["camp"].as_str().unwrap_or("?"),
            100.0 * item["confidence"].as_f64().unwrap_or(0.0),
            item["evidence"].as_str().unwrap_or("(no passage)")
        );
    }
    Ok(())
}

fn label(args: LabelArgs) -> anyhow::Result<()> {
    let Some(camp) = Camp::ALL.into_iter().find(|c| c.as_str() == args.camp) else {
        bail!(
            "--camp {:?}: expected for, against, undecided or no_view",
            args.camp
        );
    };
    if args.analyst.trim().is_empty() {
        bail!("--by: name the analyst, for the audit log");
    }
    let folder = ConsultationFolder::load(&args.place.dir)?;
    let consultation = &folder.definition;
    let proposal = ProposalId(args.proposal.clone());
    if !consultation.proposals.iter().any(|p| p.id == proposal) {
        let known: Vec<&str> = consultation.proposals.iter().map(|p| p.id.0.as_str()).collect();
        bail!(
            "--proposal {:?}: not a proposal of this consultation ({})",
            args.proposal,
            known.join(", ")
        );
    }
    let url = args.place.db.url(&folder)?;
    let cid = &folder.id;
    support::runtime()?.block_on(async {
        let store = support::open_store(&url).await?;
        let responses = store.load_responses(cid).await?;
        let response = support::find_response(&responses, &args.response, &url, "stances.jsonl")?;
        store
            .set_stance_label(cid, &response.id, &proposal, camp, &args.analyst, args.note.as_deref())
            .await?;
        store.close().await;
        println!(
            "{} {}: labelled {} by {}; run `barometer analyse` again to update the report and teach the model",
            response.record.external_id,
            proposal.0,
            camp.as_str(),
            args.analyst
        );
        Ok(())
    })
}

fn log(args: Where) -> anyhow::Result<()> {
    let folder = ConsultationFolder::load(&args.dir)?;
    let url = args.db.url(&folder)?;
    support::runtime()?.block_on(async {
        let store = support::open_store(&url).await?;
        for e in store.audit_log(&folder.id).await? {
            println!(
                "{} {} {} {}: {} -> {}",
                e.at,
                e.actor,
                e.action,
                e.target,
                e.before.as_deref().unwrap_or("(none)"),
                e.after.as_deref().unwrap_or("(none)")
            );
        }
        store.close().await;
        Ok(())
    })
}
