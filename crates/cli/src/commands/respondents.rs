//! `barometer respondents`: who responded, from the command line.
//!
//! - `respondents list DIR --out OUT` prints the respondent types the last `analyse` wrote into
//!   OUT/respondents.jsonl: those an analyst should check first (mixed clues, low confidence),
//!   then, with `--all`, every other inferred one.
//! - `respondents organisations DIR --out OUT` prints the organisations table of
//!   OUT/summary.json: each organisation, its type and its camp on each proposal.
//! - `respondents set-type DIR --response ID --type TYPE --by NAME` corrects one response's
//!   type. It outranks the declared and the inferred type, applies to the whole organisation
//!   the response belongs to at the next `analyse`, and is written to the audit log.
//! - `respondents star DIR --organisation NAME --by NAME [--unstar]` marks an organisation as
//!   notable, so that the report lists it first.

use crate::commands::DbArgs;
use crate::support;
use anyhow::{Context, bail};
use barometer_analysis::respondents::organisation_key;
use barometer_domain::RespondentType;
use barometer_pipeline::ConsultationFolder;
use std::path::{Path, PathBuf};

/// Flags of `barometer respondents`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Print the inferred respondent types to check: mixed or weak clues first
    List(ListArgs),
    /// Print every organisation that responded, its type and its camp on each proposal
    Organisations(ListArgs),
    /// Correct one response's respondent type (and so its organisation's)
    SetType(SetTypeArgs),
    /// Mark an organisation as notable, or clear the mark
    Star(StarArgs),
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    /// The consultation folder, holding consultation.toml
    dir: PathBuf,
    /// The folder `barometer analyse` wrote its output to
    #[arg(long, short, value_name = "OUT")]
    out: PathBuf,
    /// Print every inferred type, not only those to check
    #[arg(long)]
    all: bool,
    /// How many to print
    #[arg(long, default_value_t = 30)]
    limit: usize,
}

#[derive(Debug, clap::Args)]
struct SetTypeArgs {
    /// The consultation folder, holding consultation.toml
    dir: PathBuf,
    #[command(flatten)]
    db: DbArgs,
    /// The response: its id in the store or the id its source gave it (as in respondents.jsonl)
    #[arg(long)]
    response: String,
    /// The type: individual, local_authority, voluntary_charity, professional_body,
    /// private_provider, academic, public_body or other_organisation
    #[arg(long = "type", value_name = "TYPE")]
    respondent_type: String,
    /// Who decided it, for the audit log
    #[arg(long = "by", value_name = "NAME")]
    analyst: String,
}

#[derive(Debug, clap::Args)]
struct StarArgs {
    /// The consultation folder, holding consultation.toml
    dir: PathBuf,
    #[command(flatten)]
    db: DbArgs,
    /// The organisation's name, as the report writes it (case, "The", "Ltd" and "&" do not matter)
    #[arg(long)]
    organisation: String,
    /// Clear the mark instead
    #[arg(long)]
    unstar: bool,
    /// Who decided it, for the audit log
    #[arg(long = "by", value_name = "NAME")]
    analyst: String,
}

/// Runs `barometer respondents`.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.action {
        Action::List(a) => list(a),
        Action::Organisations(a) => organisations(a),
        Action::SetType(a) => set_type(a),
        Action::Star(a) => star(a),
    }
}

fn read_lines(path: &Path) -> anyhow::Result<Vec<serde_json::Value>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read {}; run `barometer analyse` first", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l).with_context(|| format!("{}:{}: not JSON", path.display(), n + 1))
        })
        .collect()
}

fn list(args: ListArgs) -> anyhow::Result<()> {
    ConsultationFolder::load(&args.dir)?;
    let rows = read_lines(&args.out.join("respondents.jsonl"))?;
    let to_check = rows.iter().filter(|r| r["check"] == true).count();
    let inferred = rows.iter().filter(|r| r["decided_by"] == "inferred").count();
    println!(
        "{} responses: {inferred} types inferred, {to_check} of them to check (mixed or weak clues)",
        rows.len()
    );
    let shown = rows
        .iter()
        .filter(|r| r["check"] == true || (args.all && r["decided_by"] == "inferred"))
        .take(args.limit);
    for (n, r) in shown.enumerate() {
        println!(
            "{:>3}. {} {} ({:.0}%{}){}: {}",
            n + 1,
            r["external_id"].as_str().unwrap_or("?"),
            r["respondent_type"].as_str().unwrap_or("?"),
            100.0 * r["confidence"].as_f64().unwrap_or(0.0),
            if r["check"] == true { ", check" } else { "" },
            r["organisation"]
                .as_str()
                .map(|o| format!(" [{o}]"))
                .unwrap_or_default(),
            r["evidence"]
                .as_str()
                .unwrap_or("no clue; the default for its kind")
        );
    }
    Ok(())
}

fn organisations(args: ListArgs) -> anyhow::Result<()> {
    ConsultationFolder::load(&args.dir)?;
    let path = args.out.join("summary.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}; run `barometer analyse` first", path.display()))?;
    let summary: barometer_report::Summary = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a Barometer summary", path.display()))?;
    let Some(section) = summary.respondents else {
        bail!(
            "{} has no respondents section; run `barometer analyse` again",
            path.display()
        );
    };
    println!(
        "{} organisations; types {} declared, {} inferred, {} set by analysts",
        section.organisations.len(),
        section.declared,
        section.inferred,
        section.analyst
    );
    for o in section
        .organisations
        .iter()
        .take(if args.all { usize::MAX } else { args.limit })
    {
        let camps: Vec<String> = o
            .positions
            .iter()
            .map(|p| format!("{} {}", p.proposal.0, p.camp.as_str()))
            .collect();
        println!(
            "{}{} — {} ({}{}), {} response{}: {}",
            if o.starred { "★ " } else { "" },
            o.name,
            o.type_label,
            o.type_source.as_str(),
            if o.type_source == barometer_domain::TypeSource::Inferred {
                format!(" {:.0}%", o.type_confidence * 100.0)
            } else {
                String::new()
            },
            o.responses,
            if o.responses == 1 { "" } else { "s" },
            camps.join(", ")
        );
    }
    Ok(())
}

fn set_type(args: SetTypeArgs) -> anyhow::Result<()> {
    let t: RespondentType = args
        .respondent_type
        .parse()
        .map_err(|m| anyhow::anyhow!("--type: {m}"))?;
    if args.analyst.trim().is_empty() {
        bail!("--by: name the analyst, for the audit log");
    }
    let folder = ConsultationFolder::load(&args.dir)?;
    let url = args.db.url(&folder)?;
    let cid = &folder.id;
    support::runtime()?.block_on(async {
        let store = support::open_store(&url).await?;
        let responses = store.load_responses(cid).await?;
        let response = support::find_response(&responses, &args.response, &url, "respondents.jsonl")?;
        store.set_type_label(cid, &response.id, t, &args.analyst).await?;
        store.close().await;
        println!(
            "{}: respondent type set to {} by {}; run `barometer analyse` again to update the report",
            response.record.external_id,
            t.as_str(),
            args.analyst
        );
        Ok(())
    })
}

fn star(args: StarArgs) -> anyhow::Result<()> {
    if args.analyst.trim().is_empty() {
        bail!("--by: name the analyst, for the audit log");
    }
    let key = organisation_key(&args.organisation);
    if key.is_empty() {
        bail!(
            "--organisation {:?}: give the organisation's name",
            args.organisation
        );
    }
    let folder = ConsultationFolder::load(&args.dir)?;
    let url = args.db.url(&folder)?;
    support::runtime()?.block_on(async {
        let store = support::open_store(&url).await?;
        store
            .set_starred(&folder.id, &key, !args.unstar, &args.analyst)
            .await?;
        store.close().await;
        println!(
            "{}: {} by {}; run `barometer analyse` again to update the report",
            args.organisation,
            if args.unstar { "unstarred" } else { "starred" },
            args.analyst
        );
        Ok(())
    })
}
