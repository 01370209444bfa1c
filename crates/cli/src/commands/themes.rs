//! `barometer themes edit|edits|undo DIR --question Q`: analysts' edits to a question's
//! themes, stored with who and when, and replayed by every later `analyse` on the same store.

use crate::commands::DbArgs;
use crate::support;
use anyhow::{Context, bail};
use barometer_analysis::themes::edit::Edit;
use barometer_domain::{QuestionId, QuestionKind};
use barometer_pipeline::ConsultationFolder;
use std::path::PathBuf;

/// Flags of `barometer themes`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

/// Which question of which consultation, in which store.
#[derive(Debug, clap::Args)]
struct Target {
    /// The consultation folder, holding consultation.toml
    dir: PathBuf,
    /// The open question whose themes to change (its id in consultation.toml)
    #[arg(long, short)]
    question: String,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Record an edit; the next `analyse` applies it
    Edit {
        #[command(flatten)]
        target: Target,
        /// Who makes the edit, as the audit trail should show it
        #[arg(long = "by", value_name = "NAME")]
        author: String,
        #[command(subcommand)]
        edit: EditArgs,
    },
    /// List a question's stored edits, oldest first
    Edits {
        #[command(flatten)]
        target: Target,
    },
    /// Withdraw one stored edit by its number
    Undo {
        #[command(flatten)]
        target: Target,
        /// The edit's number, as `edits` lists it
        seq: i64,
    },
}

#[derive(Debug, clap::Subcommand)]
enum EditArgs {
    /// Give a theme a label of your own
    Rename { theme: String, label: String },
    /// Fold theme FROM into theme INTO
    Merge { from: String, into: String },
    /// Split a theme in two (the halves are THEME.1 and THEME.2)
    Split { theme: String },
    /// Remove a theme; its units go to "other"
    Delete { theme: String },
    /// Move a response's units from one theme to another ("other" for no theme)
    Move {
        /// The response's id, as the report's quotes show it
        response: String,
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
    },
}

fn theme_or_other(t: String) -> Option<String> {
    (t != "other").then_some(t)
}

impl From<EditArgs> for Edit {
    fn from(e: EditArgs) -> Self {
        match e {
            EditArgs::Rename { theme, label } => Edit::Rename { theme, label },
            EditArgs::Merge { from, into } => Edit::Merge { from, into },
            EditArgs::Split { theme } => Edit::Split { theme },
            EditArgs::Delete { theme } => Edit::Delete { theme },
            EditArgs::Move { response, from, to } => Edit::Move {
                response,
                from: theme_or_other(from),
                to: theme_or_other(to),
            },
        }
    }
}

/// Runs `barometer themes`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let target = match &args.action {
        Action::Edit { target, .. } | Action::Edits { target } | Action::Undo { target, .. } => target,
    };
    let folder = ConsultationFolder::load(&target.dir)?;
    let consultation = &folder.definition;
    let question = QuestionId(target.question.clone());
    match consultation.question(&question) {
        Some(q) if q.kind == QuestionKind::Open => {}
        Some(_) => bail!(
            "question {} is closed; only open questions have themes",
            target.question
        ),
        None => bail!("consultation.toml has no question {}", target.question),
    }
    let cid = &folder.id;
    let url = target.db.url(&folder)?;
    support::runtime()?.block_on(async {
        let store = support::open_store(&url).await?;
        store.save_consultation(cid, consultation).await?;
        match args.action {
            Action::Edit { target, author, edit } => {
                let edit: Edit = edit.into();
                let json = serde_json::to_string(&edit).context("cannot encode the edit")?;
                let seq = store
                    .add_theme_edit(cid, &target.question, &author, chrono::Utc::now(), &json)
                    .await?;
                println!(
                    "edit {seq} stored for question {}; the next analyse applies it",
                    target.question
                );
            }
            Action::Edits { target } => {
                for e in store.theme_edits(cid, &target.question).await? {
                    println!("{}\t{}\t{}\t{}", e.seq, e.made_at, e.author, e.edit);
                }
            }
            Action::Undo { target, seq } => {
                if !store.remove_theme_edit(cid, &target.question, seq).await? {
                    bail!("question {} has no edit {seq}", target.question);
                }
                println!("edit {seq} withdrawn");
            }
        }
        store.close().await;
        Ok(())
    })
}
