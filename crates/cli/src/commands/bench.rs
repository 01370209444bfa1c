//! `barometer bench embed`: speed and memory of the encoder, beside its peer;
//! `barometer bench campaigns`: campaign detection at national scale ([`campaigns`]);
//! `barometer bench themes`: theme discovery at scale, embedding included; and
//! `barometer bench serve`: the web form under load (`commands/serve.rs`).

mod campaigns;
mod themes;

use crate::commands::ModelArgs;
use barometer_encoder::bench::{BenchOptions, run_embed_bench};

/// Flags of `barometer bench`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

/// Which benchmark.
#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Sentences/s, tokens/s and peak memory at about 10, 40 and 150 words, with
    /// sentence-transformers run side by side on the same texts
    Embed {
        #[command(flatten)]
        models: ModelArgs,
        /// Measure Barometer alone, without the Python peer
        #[arg(long)]
        no_peer: bool,
        /// Seconds to spend on each text length, per side
        #[arg(long, default_value_t = 5.0)]
        seconds: f64,
        /// Rounds alternating Barometer and the peer; each side keeps its best round per length
        #[arg(long, default_value_t = 2)]
        rounds: usize,
        /// Barometer's backends to measure, side by side (f32, int8, candle-bert)
        #[arg(long, value_delimiter = ',', default_value = "f32,int8")]
        backends: Vec<String>,
    },
    /// Time, peak memory and growth of campaign detection on generated responses (100k, 300k
    /// and 1M by default), with pair F1 per campaign style
    Campaigns {
        /// Numbers of responses to generate, one run each
        #[arg(long, value_delimiter = ',', default_values_t = [100_000usize, 300_000, 1_000_000])]
        sizes: Vec<usize>,
        /// The generator's seed
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Also compare every pair on this many responses, side by side with LSH on the same
        /// responses (0: skip)
        #[arg(long, default_value_t = 20_000)]
        exhaustive: usize,
    },
    /// Themes for synthetic answers, embedding included: seconds per part and peak memory
    Themes {
        #[command(flatten)]
        models: ModelArgs,
        /// How many answers
        #[arg(long, default_value_t = 50_000)]
        responses: usize,
        /// Words per answer, about
        #[arg(long, default_value_t = 100)]
        words: usize,
    },
    /// Submissions/s and latency of the public form: starts `barometer serve` as a child
    /// process and drives it over loopback from this one
    Serve(crate::commands::serve::BenchArgs),
}

/// Runs the chosen benchmark and prints its table.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.what {
        What::Embed {
            models,
            no_peer,
            seconds,
            rounds,
            backends,
        } => {
            let encoders = backends
                .iter()
                .map(|name| {
                    let backend = barometer_encoder::Backend::from_name(name)
                        .ok_or_else(|| anyhow::anyhow!("--backends: unknown backend {name:?}"))?;
                    models.encoder_with(backend)
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let encoders: Vec<&barometer_encoder::Encoder> = encoders.iter().collect();
            let mut options = BenchOptions {
                min_seconds: seconds,
                rounds,
                ..BenchOptions::default()
            };
            if no_peer {
                options.peer = None;
            }
            let report = run_embed_bench(&encoders, &options)?;
            println!("{report}");
        }
        What::Campaigns {
            sizes,
            seed,
            exhaustive,
        } => {
            if exhaustive > 0 {
                campaigns::side_by_side(exhaustive, seed)?;
            }
            campaigns::run(&sizes, seed)?
        }
        What::Serve(args) => crate::commands::serve::bench(args)?,
        What::Themes {
            models,
            responses,
            words,
        } => {
            let encoder = models.encoder()?;
            let r = themes::bench(&encoder, responses, words)?;
            println!(
                "{} answers of {:.0} words: {} argument units, {} distinct",
                r.responses, r.mean_words, r.units, r.distinct
            );
            println!(
                "embedding {:.1} s ({:.0} units/s); themes {:.1} s ({} themes); total {:.1} s; peak RSS {}",
                r.embed_s,
                r.distinct as f64 / r.embed_s.max(1e-9),
                r.themes_s,
                r.themes,
                r.embed_s + r.themes_s,
                r.peak_rss_kib
                    .map_or("unknown".into(), |k| format!("{} MiB", k / 1024))
            );
        }
    }
    Ok(())
}
