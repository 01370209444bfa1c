//! Runs the encoder benchmark as `barometer bench embed` will:
//! `cargo run --release -p barometer-encoder --example bench_embed -- [--no-peer] [--candle] [--batch N] [--rounds N] [--seconds S]`.

use barometer_encoder::bench::{BenchOptions, PeerOptions, run_embed_bench};
use barometer_encoder::{Backend, Encoder, EncoderOptions, ModelDir, models};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = ModelDir::resolve(None);
    let model = models::ensure(&dir, &|l| eprintln!("{l}"))?;
    let mut options = EncoderOptions::default();
    if args.iter().any(|a| a == "--candle") {
        options.backend = Backend::CandleBert;
    }
    if let Some(i) = args.iter().position(|a| a == "--batch") {
        options.batch_size = args[i + 1].parse()?;
    }
    let encoder = Encoder::load_with(&model, options)?;
    let mut bench = BenchOptions::default();
    if let Some(i) = args.iter().position(|a| a == "--rounds") {
        bench.rounds = args[i + 1].parse()?;
    }
    if let Some(i) = args.iter().position(|a| a == "--seconds") {
        bench.min_seconds = args[i + 1].parse()?;
    }
    bench.peer = if args.iter().any(|a| a == "--no-peer") {
        None
    } else {
        Some(PeerOptions {
            model_path: Some(model.path.clone()),
            ..PeerOptions::default()
        })
    };
    let report = run_embed_bench(&encoder, &bench)?;
    println!("{report}");
    Ok(())
}
