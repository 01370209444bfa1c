//! Measures this CPU's achievable F32 matmul rate through candle (GFLOP/s), for the
//! "fraction of the matmul limit" figure in docs/PERFORMANCE.md:
//! `cargo run --release -p barometer-encoder --example matmul_peak`.

use std::time::Instant;

use candle_core::{Device, Tensor};

fn main() -> candle_core::Result<()> {
    let dev = Device::Cpu;
    println!("threads: {}", candle_core::utils::get_num_threads());
    // Shapes of MiniLM's feed-forward layers for a batch of 32 texts of 48 tokens,
    // and a large square matmul.
    for (m, k, n) in [
        (1536, 384, 1536),
        (1536, 1536, 384),
        (1536, 384, 384),
        (2048, 2048, 2048),
    ] {
        let a = Tensor::randn(0f32, 1.0, (m, k), &dev)?;
        let b = Tensor::randn(0f32, 1.0, (k, n), &dev)?;
        a.matmul(&b)?; // warm up
        let flop = 2.0 * (m * k * n) as f64;
        let reps = ((20e9 / flop) as usize).max(3);
        let start = Instant::now();
        for _ in 0..reps {
            a.matmul(&b)?;
        }
        let s = start.elapsed().as_secs_f64();
        println!("{m}x{k} @ {k}x{n}: {:.1} GFLOP/s", flop * reps as f64 / s / 1e9);
    }
    Ok(())
}
