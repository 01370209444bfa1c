//! `barometer bench themes`: embedding and theme discovery on synthetic answers at scale.

use barometer_analysis::themes::{self, Options, ResponseUnits, Unit};
use barometer_encoder::split;
use std::collections::HashMap;

/// What `barometer bench themes` measured.
#[derive(Debug, Clone)]
pub struct BenchReport {
    /// Responses generated.
    pub responses: usize,
    /// Their mean length in words.
    pub mean_words: f64,
    /// Argument units, and distinct ones.
    pub units: usize,
    /// Distinct units, each embedded once.
    pub distinct: usize,
    /// Seconds embedding.
    pub embed_s: f64,
    /// Seconds discovering and naming themes.
    pub themes_s: f64,
    /// Themes found.
    pub themes: usize,
    /// Peak resident memory, KiB, where the platform says.
    pub peak_rss_kib: Option<u64>,
}

/// Embeds and finds the themes of `n` synthetic answers of about `words` words, timing each
/// part. Nothing is cached: every distinct unit is embedded.
pub fn bench(encoder: &barometer_encoder::Encoder, n: usize, words: usize) -> anyhow::Result<BenchReport> {
    let texts = barometer_synth::themes::answers(n, words);
    let options = split::SplitOptions::default();
    let units: Vec<Vec<&str>> = texts
        .iter()
        .map(|t| split::units(t, &options).into_iter().map(|u| u.text).collect())
        .collect();
    let mut distinct: Vec<&str> = units.iter().flatten().copied().collect();
    distinct.sort_unstable();
    distinct.dedup();
    let started = std::time::Instant::now();
    let bar = indicatif::ProgressBar::new(distinct.len() as u64);
    let mut vectors: HashMap<&str, Vec<f32>> = HashMap::with_capacity(distinct.len());
    for chunk in distinct.chunks(1024) {
        for (t, v) in chunk.iter().zip(encoder.embed(chunk)?) {
            vectors.insert(t, v);
        }
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    let embed_s = started.elapsed().as_secs_f64();
    let started = std::time::Instant::now();
    let ids: Vec<String> = (0..n).map(|i| format!("r{i}")).collect();
    let input: Vec<ResponseUnits<'_>> = units
        .iter()
        .zip(&ids)
        .map(|(us, id)| {
            ResponseUnits::arguments(
                id,
                us.iter().map(|t| Unit {
                    text: t,
                    vector: &vectors[t],
                }),
                None,
            )
        })
        .collect();
    let set = themes::discover(&input, &Options::default()).finish(&input, None);
    let themes_s = started.elapsed().as_secs_f64();
    Ok(BenchReport {
        responses: n,
        mean_words: texts.iter().map(|t| t.split_whitespace().count()).sum::<usize>() as f64
            / n.max(1) as f64,
        units: units.iter().map(Vec::len).sum(),
        distinct: distinct.len(),
        embed_s,
        themes_s,
        themes: set.themes.len(),
        peak_rss_kib: barometer_encoder::bench::peak_rss_kib(),
    })
}
