//! `barometer embed --in FILE --out FILE.jsonl`: sentence vectors for one text per line.

use crate::commands::ModelArgs;
use anyhow::Context;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// Flags of `barometer embed`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A UTF-8 text file with one input text per line
    #[arg(long = "in", value_name = "FILE")]
    pub input: PathBuf,
    /// Where to write one `{"line": n, "vector": [...]}` object per input line (n is 1-based)
    #[arg(long, value_name = "FILE.jsonl")]
    pub out: PathBuf,
    #[command(flatten)]
    pub models: ModelArgs,
}

/// Embeds every line, in batches, and writes the vectors in input order.
pub fn run(args: Args) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.input)
        .with_context(|| format!("cannot read {} as UTF-8 text", args.input.display()))?;
    let lines: Vec<&str> = text.lines().collect();
    let encoder = args.models.encoder()?;
    let bar = indicatif::ProgressBar::new(lines.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("embedding {pos}/{len} lines [{elapsed}, {eta} left]")
            .expect("valid template"),
    );
    let file =
        std::fs::File::create(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut out = BufWriter::new(file);
    let mut line_no = 0usize;
    for chunk in lines.chunks(512) {
        let vectors = encoder.embed(chunk)?;
        for v in vectors {
            line_no += 1;
            serde_json::to_writer(&mut out, &serde_json::json!({ "line": line_no, "vector": v }))?;
            out.write_all(b"\n")?;
        }
        bar.inc(chunk.len() as u64);
    }
    out.flush()
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    bar.finish_and_clear();
    eprintln!(
        "wrote {line_no} vectors of {} dimensions to {}",
        encoder.dim(),
        args.out.display()
    );
    Ok(())
}
