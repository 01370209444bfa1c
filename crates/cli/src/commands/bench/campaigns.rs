//! `barometer bench campaigns`: campaign detection's time, peak memory and growth at 100k, 300k
//! and 1M generated responses, and its pair F1 per campaign style on the same data.

use crate::commands::eval::campaigns::pair_scores;
use barometer_analysis::campaigns::{Item, Options, detect};
use barometer_synth::campaigns::{Response, Spec, Style, generate};
use std::time::Instant;

/// One line of `/proc/self/status` in KiB (`VmHWM`, `VmRSS`), where Linux provides it.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU seconds this process has used (user and system), from `/proc/self/stat`: under load
/// from other processes, this is the figure that does not stretch.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux this runs on.
    Some(ticks as f64 / 100.0)
}

/// Resets the peak-memory mark, so that `VmHWM` afterwards is the peak of what follows.
fn reset_peak() {
    // Writing 5 to clear_refs resets VmHWM (Linux 4.0 and later); elsewhere the peak is the
    // process's whole life, which only overstates it.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn gib(kib: Option<u64>) -> String {
    kib.map_or("n/a".into(), |k| format!("{:.2} GiB", k as f64 / 1024.0 / 1024.0))
}

/// Runs the benchmark at each size and prints one table.
/// What detection reads of each generated response.
fn items_of(data: &[Response]) -> Vec<Item<'_>> {
    data.iter()
        .map(|r| Item {
            text: &r.text,
            submitted_at: Some(&r.submitted_at),
        })
        .collect()
}

/// Detection with LSH and with every pair compared, on the same `n` generated responses: the
/// ratio of their times, and whether LSH loses any pair the exhaustive comparison finds.
pub fn side_by_side(n: usize, seed: u64) -> anyhow::Result<()> {
    let data = generate(&Spec::realistic(n, seed));
    let items = items_of(&data);
    let gold: Vec<Option<String>> = data.iter().map(|r| r.campaign.map(|c| c.to_string())).collect();
    let gold: Vec<Option<&str>> = gold.iter().map(|g| g.as_deref()).collect();
    println!("LSH against every pair compared, {n} responses (seed {seed})");
    println!(
        "{:>11} {:>10} {:>8} {:>6} {:>8} {:>10}",
        "candidates", "detect (s)", "cpu (s)", "found", "pair F1", "agreement"
    );
    let mut runs = Vec::new();
    for exhaustive in [true, false] {
        let options = Options {
            exhaustive,
            ..Options::default()
        };
        let cpu_before = cpu_seconds();
        let started = Instant::now();
        let found = detect(&items, &options);
        let seconds = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds().zip(cpu_before).map(|(a, b)| a - b);
        let predicted: Vec<Option<String>> = found
            .member_of
            .iter()
            .map(|c| c.map(|c| found.campaigns[c].id.clone()))
            .collect();
        runs.push((exhaustive, seconds, cpu, found.campaigns.len(), predicted));
    }
    let reference: Vec<Option<&str>> = runs[0].4.iter().map(|p| p.as_deref()).collect();
    for (exhaustive, seconds, cpu, found, predicted) in &runs {
        let p: Vec<Option<&str>> = predicted.iter().map(|p| p.as_deref()).collect();
        println!(
            "{:>11} {:>10.2} {:>8} {:>6} {:>8.4} {:>10.4}",
            if *exhaustive { "every pair" } else { "LSH" },
            seconds,
            cpu.map_or("n/a".into(), |c| format!("{c:.2}")),
            found,
            pair_scores(&gold, &p).f1,
            pair_scores(&reference, &p).f1,
        );
    }
    println!(
        "(agreement: pair F1 of each run's campaigns against the exhaustive run's; LSH is {:.1}x faster)",
        runs[0].1 / runs[1].1.max(1e-9)
    );
    println!();
    Ok(())
}

pub fn run(sizes: &[usize], seed: u64) -> anyhow::Result<()> {
    println!(
        "campaign detection on generated responses (seed {seed}, {} threads)",
        rayon::current_num_threads()
    );
    println!(
        "{:>9} {:>9} {:>6} {:>10} {:>8} {:>12} {:>7} {:>8} {:>8} {:>7}",
        "responses",
        "campaigns",
        "found",
        "detect (s)",
        "cpu (s)",
        "µs/response",
        "growth",
        "RSS in",
        "peak",
        "pair F1"
    );
    let mut first_rate: Option<f64> = None;
    let mut per_style_rows = Vec::new();
    for &n in sizes {
        let spec = Spec::realistic(n, seed);
        let data = generate(&spec);
        let items = items_of(&data);
        let before = status_kib("VmRSS:");
        reset_peak();
        let cpu_before = cpu_seconds();
        let started = Instant::now();
        let found = detect(&items, &Options::default());
        let seconds = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds().zip(cpu_before).map(|(a, b)| a - b);
        let peak = status_kib("VmHWM:");
        let rate = seconds * 1e6 / n as f64;
        let growth = first_rate.map_or(1.0, |f| rate / f);
        first_rate.get_or_insert(rate);

        let gold: Vec<Option<String>> = data.iter().map(|r| r.campaign.map(|c| c.to_string())).collect();
        let predicted: Vec<Option<&str>> = found
            .member_of
            .iter()
            .map(|c| c.map(|c| found.campaigns[c].id.as_str()))
            .collect();
        let gold_ref: Vec<Option<&str>> = gold.iter().map(|g| g.as_deref()).collect();
        let all = pair_scores(&gold_ref, &predicted);
        println!(
            "{:>9} {:>9} {:>6} {:>10.2} {:>8} {:>12.2} {:>6.2}x {:>8} {:>8} {:>7.4}",
            n,
            spec.campaigns,
            found.campaigns.len(),
            seconds,
            cpu.map_or("n/a".into(), |c| format!("{c:.2}")),
            rate,
            growth,
            gib(before).trim_end_matches(" GiB"),
            gib(peak).trim_end_matches(" GiB"),
            all.f1
        );
        // Per style: that style's members and every independent response.
        for style in Style::ALL {
            let keep: Vec<usize> = (0..data.len())
                .filter(|&i| data[i].style.is_none_or(|s| s == style))
                .collect();
            let g: Vec<Option<&str>> = keep.iter().map(|&i| gold_ref[i]).collect();
            let p: Vec<Option<&str>> = keep.iter().map(|&i| predicted[i]).collect();
            per_style_rows.push((n, style, pair_scores(&g, &p)));
        }
    }
    println!(
        "(cpu: user + system seconds over all threads; RSS in: resident GiB before detection, the texts included; peak: VmHWM in GiB during detection; growth: µs/response relative to the first size)"
    );
    println!();
    println!("pair scores per style (that style's members with every independent response)");
    println!(
        "{:>9} {:>11} {:>9} {:>9} {:>9}",
        "responses", "style", "precision", "recall", "F1"
    );
    for (n, style, s) in per_style_rows {
        println!(
            "{:>9} {:>11} {:>9.4} {:>9.4} {:>9.4}",
            n,
            style.name(),
            s.precision,
            s.recall,
            s.f1
        );
    }
    Ok(())
}
