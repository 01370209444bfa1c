//! `barometer bench embed`: encoder throughput against sentence-transformers on the same texts.
//!
//! [`run_embed_bench`] builds deterministic texts of about 10, 40 and 150 words from a built-in
//! bank of varied sentences ([`bench_texts`]), embeds each set repeatedly for at least
//! [`BenchOptions::min_seconds`], and reports sentences/s, tokens/s and peak resident memory
//! (`VmHWM`). It then runs the peer, `bench/peer.py` (shipped in this crate and written to a
//! temporary file at run time), which loads the same local model files into
//! sentence-transformers (PyTorch, CPU) and measures the same texts with the same thread count.
//! The peer needs `sentence-transformers` in the Python named by [`PeerOptions::python`]; if it
//! cannot run, the report says why and shows Barometer's figures alone.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::encoder::Encoder;
use crate::error::{Error, ErrorKind, Result};

/// The peer script, embedded so that an installed binary can run it.
pub const PEER_SCRIPT: &str = include_str!("../bench/peer.py");

/// Environment variable naming the Python interpreter for the peer.
pub const PEER_PYTHON_ENV: &str = "BAROMETER_PEER_PYTHON";

/// Settings for [`run_embed_bench`].
#[derive(Debug, Clone, PartialEq)]
pub struct BenchOptions {
    /// Text lengths in words, with how many texts of each.
    pub sets: Vec<(usize, usize)>,
    /// Each set is embedded again until this much time has passed.
    pub min_seconds: f64,
    /// The peer to compare with, or `None` for Barometer alone.
    pub peer: Option<PeerOptions>,
    /// Rounds, alternating Barometer and the peer; each side keeps its best round per set,
    /// which damps the effect of other load on the machine.
    pub rounds: usize,
}

impl Default for BenchOptions {
    fn default() -> Self {
        BenchOptions {
            sets: vec![(10, 1024), (40, 512), (150, 128)],
            min_seconds: 5.0,
            peer: Some(PeerOptions::default()),
            rounds: 1,
        }
    }
}

/// How to run the sentence-transformers peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerOptions {
    /// Python interpreter with `sentence-transformers` installed.
    pub python: PathBuf,
    /// The model folder holding `config.json`, `tokenizer.json`, `model.safetensors` and
    /// `1_Pooling/config.json` (the peer loads these very files); `None` means the folder the
    /// encoder was loaded from.
    pub model_path: Option<PathBuf>,
    /// Threads for PyTorch (`torch.set_num_threads`).
    pub threads: usize,
}

impl Default for PeerOptions {
    fn default() -> Self {
        PeerOptions {
            python: std::env::var_os(PEER_PYTHON_ENV)
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("python3")),
            model_path: None,
            threads: rayon::current_num_threads(),
        }
    }
}

/// Throughput on one set of texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetResult {
    /// Words per text.
    pub words: usize,
    /// Texts in the set.
    pub texts: usize,
    /// Tokens in the set (special tokens included, after truncation), one pass.
    pub tokens: usize,
    /// Passes over the set that were timed.
    pub passes: usize,
    /// Seconds for all timed passes.
    pub seconds: f64,
}

impl SetResult {
    /// Texts embedded per second.
    pub fn sentences_per_s(&self) -> f64 {
        (self.texts * self.passes) as f64 / self.seconds
    }

    /// Tokens embedded per second.
    pub fn tokens_per_s(&self) -> f64 {
        (self.tokens * self.passes) as f64 / self.seconds
    }
}

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideReport {
    /// The backend's short name (`f32`, `int8`), or `peer`.
    #[serde(default)]
    pub backend: String,
    /// What ran, with versions.
    pub name: String,
    /// Threads used.
    pub threads: usize,
    /// One entry per set, in the order of [`BenchOptions::sets`].
    pub results: Vec<SetResult>,
    /// Peak resident memory of the process in KiB, where known.
    pub peak_rss_kib: Option<u64>,
}

/// The result of [`run_embed_bench`]. Its `Display` is the table `barometer bench embed`
/// prints.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchReport {
    /// The F32 model's id (the peer loads the same files).
    pub model_id: String,
    /// Barometer's figures, one side per backend measured.
    pub barometer: Vec<SideReport>,
    /// The peer's figures, if it ran.
    pub peer: Option<SideReport>,
    /// Why the peer did not run, if it did not.
    pub peer_error: Option<String>,
}

impl BenchReport {
    /// One backend's sentences/s over the peer's, per set (`None` where the peer lacks a set).
    pub fn ratios(&self, side: &SideReport) -> Vec<Option<f64>> {
        side.results
            .iter()
            .map(|ours| {
                let peer = self.peer.as_ref()?;
                let theirs = peer.results.iter().find(|r| r.words == ours.words)?;
                Some(ours.sentences_per_s() / theirs.sentences_per_s())
            })
            .collect()
    }
}

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "sentence encoder {}", self.model_id)?;
        for side in &self.barometer {
            writeln!(f, "barometer: {} ({} threads)", side.name, side.threads)?;
        }
        match (&self.peer, &self.peer_error) {
            (Some(p), _) => writeln!(f, "peer:      {} ({} threads)", p.name, p.threads)?,
            (None, Some(e)) => writeln!(f, "peer:      did not run: {e}")?,
            (None, None) => writeln!(f, "peer:      not requested")?,
        }
        writeln!(
            f,
            "cells are sentences/s (tokens/s); ratios are sentences/s over the peer's"
        )?;
        writeln!(f)?;
        let Some(first) = self.barometer.first() else {
            return Ok(());
        };
        let labels: Vec<&str> = self.barometer.iter().map(|s| s.backend.as_str()).collect();
        write!(f, "| words | texts | tokens/text |")?;
        for label in &labels {
            write!(f, " Barometer {label} |")?;
        }
        write!(f, " peer |")?;
        for label in &labels {
            write!(f, " {label}/peer |")?;
        }
        writeln!(f)?;
        writeln!(f, "|---:|---:|---:|{}", "---:|".repeat(2 * labels.len() + 1))?;
        let ratios: Vec<Vec<Option<f64>>> = self.barometer.iter().map(|s| self.ratios(s)).collect();
        let cell = |r: &SetResult| format!("{:.1} ({:.0})", r.sentences_per_s(), r.tokens_per_s());
        for (i, set) in first.results.iter().enumerate() {
            write!(
                f,
                "| {} | {} | {:.1} |",
                set.words,
                set.texts,
                set.tokens as f64 / set.texts as f64
            )?;
            for side in &self.barometer {
                write!(f, " {} |", side.results.get(i).map_or("-".into(), cell))?;
            }
            let theirs = self
                .peer
                .as_ref()
                .and_then(|p| p.results.iter().find(|r| r.words == set.words));
            write!(f, " {} |", theirs.map_or("-".into(), cell))?;
            for side_ratios in &ratios {
                let ratio = side_ratios.get(i).copied().flatten();
                write!(f, " {} |", ratio.map_or("-".into(), |r| format!("{r:.2}x")))?;
            }
            writeln!(f)?;
        }
        writeln!(f)?;
        let mib = |k: Option<u64>| k.map_or("-".into(), |k| format!("{} MiB", k / 1024));
        write!(f, "peak RSS:")?;
        for side in &self.barometer {
            write!(f, " Barometer {} {},", side.backend, mib(side.peak_rss_kib))?;
        }
        match &self.peer {
            Some(p) => writeln!(f, " peer {}", mib(p.peak_rss_kib)),
            None => writeln!(f),
        }
    }
}

/// A bank of varied sentences on the topics consultations see, from 4 to 30 words long.
const BANK: &[&str] = &[
    "The proposed bypass would cut through the last green space in our village.",
    "I support the scheme.",
    "Bus services after eight in the evening have been reduced twice in three years, and many shift workers now walk home along unlit roads.",
    "Please publish the traffic modelling before any decision is taken.",
    "Rents have risen faster than wages for a decade.",
    "Our school already has more pupils than places, so a new estate of four hundred homes without a new primary school is simply not workable.",
    "Cycle lanes should be physically separated from traffic.",
    "The consultation period was too short for community groups that meet monthly.",
    "Why was the public meeting held on a weekday afternoon?",
    "Flooding on Mill Lane has got worse since the car park was resurfaced.",
    "I am a nurse and I rely on the hospital shuttle every day.",
    "Small businesses on the high street depend on short-stay parking, and removing forty spaces will push customers to the retail park instead.",
    "The council has not explained how the new charges will be enforced.",
    "Trees are being felled faster than they are replaced.",
    "We welcome the commitment to insulate social housing but the timetable is far too slow.",
    "Disabled residents were not consulted in accessible formats.",
    "Air quality near the primary school exceeds the legal limit on most weekday mornings.",
    "Fund the library properly.",
    "If the licence fee rises again, pensioners on fixed incomes will be forced to choose between heating and television.",
    "The data in annex B contradicts the summary on page four.",
    "Farmers need clear guidance on the new hedgerow rules before the spring planting season begins.",
    "Night flights should be banned outright.",
    "Local shops cannot compete with out-of-town supermarkets on price alone.",
    "A twenty mile per hour limit on residential streets would save lives at almost no cost.",
    "I have lived here for thirty-two years and have never seen the river this low.",
    "Youth clubs keep teenagers safe and give them somewhere to go.",
    "The plan ignores the needs of people who work night shifts.",
    "Water companies should pay for the sewage they release into rivers, not their customers.",
    "Broadband in rural areas remains slower than the national average by a wide margin.",
    "Make the ferry timetable match the train times at the mainland terminal.",
    "Please keep the walk-in centre open at weekends.",
    "Heat pumps are too expensive for most households without a much larger grant.",
];

/// `count` deterministic texts of exactly `words` words each, built from [`BANK`] in a
/// pseudo-random order that differs between texts.
pub fn bench_texts(words: usize, count: usize) -> Vec<String> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15 ^ (words as u64).wrapping_mul(0x2545_f491_4f6c_dd1d);
    let mut next = move || {
        // splitmix64
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    (0..count)
        .map(|_| {
            let mut out: Vec<&str> = Vec::with_capacity(words);
            while out.len() < words {
                let sentence = BANK[(next() % BANK.len() as u64) as usize];
                out.extend(sentence.split_whitespace());
            }
            out.truncate(words);
            let mut text = out.join(" ");
            if !text.ends_with(['.', '?', '!']) {
                text.push('.');
            }
            text
        })
        .collect()
}

/// Peak resident memory of this process in KiB (`VmHWM` in `/proc/self/status`), where
/// available.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs the benchmark: each of Barometer's `encoders` in turn, then the peer, on the same
/// texts, for `options.rounds` rounds.
///
/// Peak memory is the process's, so with several encoders loaded the later sides include the
/// earlier ones' weights; measure one backend per run for a clean memory figure.
pub fn run_embed_bench(encoders: &[&Encoder], options: &BenchOptions) -> Result<BenchReport> {
    let sets: Vec<(usize, Vec<String>)> = options
        .sets
        .iter()
        .map(|&(words, count)| (words, bench_texts(words, count)))
        .collect();
    let Some(reference) = encoders.first() else {
        return Err(ErrorKind::Peer("no encoder to measure".into()).into());
    };
    // Warm up: first calls allocate and fault in the weights.
    let warm: Vec<&str> = sets[0].1.iter().take(64).map(String::as_str).collect();
    for encoder in encoders {
        encoder.embed(&warm)?;
    }
    let mut ours: Vec<Vec<SetResult>> = vec![Vec::new(); encoders.len()];
    let mut peaks = vec![None; encoders.len()];
    let mut peer_side: Option<SideReport> = None;
    let mut peer_error = None;
    for _ in 0..options.rounds.max(1) {
        for (i, encoder) in encoders.iter().enumerate() {
            let round = time_sets(encoder, &sets, options.min_seconds)?;
            keep_best(&mut ours[i], round);
            peaks[i] = peak_rss_kib();
        }
        if let Some(peer) = &options.peer {
            match run_peer(peer, reference.model_path(), &sets, options.min_seconds) {
                Ok(side) => match &mut peer_side {
                    Some(best) => {
                        keep_best(&mut best.results, side.results);
                        best.peak_rss_kib = best.peak_rss_kib.max(side.peak_rss_kib);
                    }
                    None => peer_side = Some(side),
                },
                Err(e) => peer_error = Some(e.to_string()),
            }
        }
    }
    let barometer = encoders
        .iter()
        .zip(ours)
        .zip(peaks)
        .map(|((encoder, results), peak)| {
            let backend = encoder.options().backend;
            SideReport {
                backend: backend.name().to_string(),
                name: format!(
                    "barometer-encoder {} ({} backend, {}, batch {})",
                    env!("CARGO_PKG_VERSION"),
                    backend.name(),
                    encoder.model_id(),
                    encoder.options().batch_size
                ),
                threads: rayon::current_num_threads(),
                results,
                peak_rss_kib: peak,
            }
        })
        .collect();
    let peer = peer_side;
    let peer_error = if peer.is_some() { None } else { peer_error };
    Ok(BenchReport {
        model_id: reference.model_id().to_string(),
        barometer,
        peer,
        peer_error,
    })
}

fn time_sets(encoder: &Encoder, sets: &[(usize, Vec<String>)], min_seconds: f64) -> Result<Vec<SetResult>> {
    let mut results = Vec::new();
    for (words, texts) in sets {
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let tokens = encoder.count_tokens(&texts)?.iter().sum();
        let start = Instant::now();
        let mut passes = 0;
        while passes == 0 || start.elapsed().as_secs_f64() < min_seconds {
            encoder.embed(&texts)?;
            passes += 1;
        }
        results.push(SetResult {
            words: *words,
            texts: texts.len(),
            tokens,
            passes,
            seconds: start.elapsed().as_secs_f64(),
        });
    }
    Ok(results)
}

/// Keeps, per set, whichever of `best` and `round` was faster.
fn keep_best(best: &mut Vec<SetResult>, round: Vec<SetResult>) {
    if best.is_empty() {
        *best = round;
        return;
    }
    for (b, r) in best.iter_mut().zip(round) {
        if r.sentences_per_s() > b.sentences_per_s() {
            *b = r;
        }
    }
}

#[derive(Serialize)]
struct PeerInput<'a> {
    model_path: &'a Path,
    threads: usize,
    min_seconds: f64,
    sets: Vec<PeerSet<'a>>,
}

#[derive(Serialize)]
struct PeerSet<'a> {
    words: usize,
    texts: &'a [String],
}

fn run_peer(
    peer: &PeerOptions,
    encoder_model_path: &Path,
    sets: &[(usize, Vec<String>)],
    min_seconds: f64,
) -> Result<SideReport> {
    let model_path = peer
        .model_path
        .clone()
        .unwrap_or_else(|| encoder_model_path.to_path_buf());
    let tmp = tempfile::tempdir().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let script = tmp.path().join("peer.py");
    std::fs::write(&script, PEER_SCRIPT).map_err(|e| Error::io(&script, e))?;
    let input = PeerInput {
        model_path: &model_path,
        threads: peer.threads,
        min_seconds,
        sets: sets
            .iter()
            .map(|(words, texts)| PeerSet { words: *words, texts })
            .collect(),
    };
    let input_path = tmp.path().join("input.json");
    let json = serde_json::to_vec(&input).map_err(|e| ErrorKind::Peer(e.to_string()))?;
    std::fs::write(&input_path, json).map_err(|e| Error::io(&input_path, e))?;
    let output = Command::new(&peer.python)
        .arg(&script)
        .arg(&input_path)
        .env("OMP_NUM_THREADS", peer.threads.to_string())
        .env("MKL_NUM_THREADS", peer.threads.to_string())
        .env("TOKENIZERS_PARALLELISM", "false")
        .output()
        .map_err(|e| ErrorKind::Peer(format!("could not run {}: {e}", peer.python.display())))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(4).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(ErrorKind::Peer(format!(
            "{} {} failed ({}): {} (set {PEER_PYTHON_ENV} to a Python with sentence-transformers)",
            peer.python.display(),
            script.display(),
            output.status,
            tail.join(" / ")
        ))
        .into());
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().rev().find(|l| l.starts_with('{')).unwrap_or("");
    serde_json::from_str(last)
        .map_err(|e| ErrorKind::Peer(format!("unreadable peer output ({e}): {stdout}")).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_deterministic_varied_and_sized() {
        let a = bench_texts(40, 20);
        assert_eq!(a, bench_texts(40, 20));
        assert!(a.iter().all(|t| t.split_whitespace().count() == 40));
        let distinct: std::collections::HashSet<_> = a.iter().collect();
        assert_eq!(distinct.len(), 20);
        assert_ne!(bench_texts(10, 1), bench_texts(40, 1)[..1].to_vec());
    }

    #[test]
    fn peak_rss_reads_proc() {
        if cfg!(target_os = "linux") {
            assert!(peak_rss_kib().unwrap() > 0);
        }
    }
}
