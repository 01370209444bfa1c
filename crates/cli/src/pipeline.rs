//! The pipeline, stage by stage: definition → ingest → store → analyse → report.
//!
//! Commands call these in order; each step is small enough to read in one sitting, and the
//! progress bars show which one is running.

use anyhow::Context;
use barometer_analysis::agreement::agreement;
use barometer_analysis::stance::{
    self,
    inferred::{Inference, Reference, ResponseText, Settings, Unit},
};
use barometer_analysis::{AnalysedResponse, Judgement};
use barometer_domain::{Camp, Consultation, ProposalId, StanceSource};
use barometer_encoder::{Encoder, split, text_key};
use barometer_report::{EncoderRun, GoldAgreement, stance_model_summary};
use barometer_store::{ImportOutcome, StanceLabel, Store, StoredResponse, TextHash};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Duration;

/// The tokio runtime the commands run on.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Reads and validates `DIR/consultation.toml`.
pub fn load_definition(dir: &Path) -> anyhow::Result<Consultation> {
    let path = dir.join("consultation.toml");
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    Consultation::parse(&text)
        .with_context(|| format!("{} is not a valid consultation definition", path.display()))
}

/// The id a consultation has in the store: its folder's name, made URL-safe.
pub fn consultation_id(dir: &Path) -> String {
    let name = std::fs::canonicalize(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "consultation".into());
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    slug.trim_matches('-').to_string()
}

/// Opens the store, saying which one.
pub async fn open_store(url: &str) -> anyhow::Result<Store> {
    Store::open(url)
        .await
        .with_context(|| format!("cannot open the store at {url}"))
}

/// A spinner for a step that may take more than a second. Hidden when not on a terminal.
pub fn spinner(message: impl Into<String>) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("valid template"));
    bar.set_message(message.into());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// What importing one source did.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The source's path in the definition (a file, or a folder of letters).
    pub path: String,
    /// The source's format.
    pub format: barometer_domain::SourceFormat,
    /// Its files, relative to the consultation folder.
    pub files: Vec<String>,
    /// Each file's sha256, in the same order.
    pub sha256: Vec<String>,
    /// What the store did.
    pub outcome: ImportOutcome,
}

/// Saves the definition and imports every source, each in its own transaction.
pub async fn import_all(
    store: &Store,
    dir: &Path,
    consultation: &Consultation,
) -> anyhow::Result<Vec<Imported>> {
    let id = consultation_id(dir);
    store.save_consultation(&id, consultation).await?;
    let mut out = Vec::new();
    for spec in &consultation.sources {
        let bar = spinner(format!("reading {}", spec.path));
        let batch = barometer_ingest::read_source(consultation, dir, spec)?;
        bar.set_message(format!(
            "storing {} responses from {}",
            batch.records.len(),
            spec.path
        ));
        let files: Vec<(String, String)> = batch
            .files
            .iter()
            .map(|f| (f.path.clone(), f.sha256.clone()))
            .collect();
        let outcome = store
            .import_batch(&id, spec.format.as_str(), &files, &batch.records)
            .await
            .with_context(|| format!("import of {} failed; nothing from it was stored", spec.path))?;
        bar.finish_and_clear();
        out.push(Imported {
            path: spec.path.clone(),
            format: spec.format,
            files: files.iter().map(|(p, _)| p.clone()).collect(),
            sha256: files.into_iter().map(|(_, s)| s).collect(),
            outcome,
        });
    }
    Ok(out)
}

/// What the stance stage decided, with what the report says about it.
pub struct Stances {
    /// Every response with a judgement per proposal.
    pub analysed: Vec<AnalysedResponse>,
    /// The model's side: its quality per proposal and its review queue.
    pub inference: Inference,
    /// The inference settings used.
    pub settings: Settings,
}

/// Judges each response's stance on each proposal: declared answers first (and options typed
/// into an unticked question's box), analysts' labels over them, and the model, learned from
/// both, for the pairs nobody decided.
pub fn judge(
    consultation: &Consultation,
    reference: &Reference,
    stored: &[StoredResponse],
    campaigns: &barometer_analysis::campaigns::Campaigns,
    labels: &[StanceLabel],
    vectors: &UnitVectors,
    model_id: &str,
) -> Stances {
    let bar = spinner("learning and inferring stances");
    let mut by_response: HashMap<&str, Vec<&StanceLabel>> = HashMap::new();
    for l in labels {
        by_response.entry(l.response_id.as_str()).or_default().push(l);
    }
    let decided: Vec<BTreeMap<ProposalId, Judgement>> = stored
        .iter()
        .map(|s| {
            let mut judgements = stance::declared(consultation, &s.record);
            for (p, typed) in stance::typed_options(consultation, &s.record) {
                judgements.insert(p, typed);
            }
            for l in by_response.get(s.id.as_str()).into_iter().flatten() {
                if let Some(j) = judgements.get_mut(&l.proposal) {
                    *j = Judgement {
                        camp: l.camp,
                        source: Some(StanceSource::Analyst),
                        confidence: 1.0,
                        evidence: l.note.clone(),
                    };
                }
            }
            judgements
        })
        .collect();
    let options = split::SplitOptions::default();
    let own_words: HashMap<usize, &str> = campaigns
        .campaigns
        .iter()
        .flat_map(|c| c.additions.iter().map(|a| (a.member, a.text.as_str())))
        .collect();
    let texts: Vec<ResponseText<'_>> = stored
        .iter()
        .zip(&campaigns.member_of)
        .enumerate()
        .map(|(i, (s, campaign))| ResponseText {
            campaign: *campaign,
            own_words: own_words.get(&i).copied(),
            answers: s
                .record
                .answers
                .iter()
                .filter_map(|a| Some((a.question.clone(), a.text.as_deref()?)))
                .map(|(q, text)| {
                    let units = split::units(text, &options)
                        .into_iter()
                        .filter_map(|u| {
                            let vector = vectors.get(&text_key(model_id, u.text))?;
                            Some(Unit { text: u.text, vector })
                        })
                        .collect();
                    (q, units)
                })
                .collect(),
        })
        .collect();
    let settings = Settings::default();
    let inference = tokio::task::block_in_place(|| {
        stance::inferred::infer(consultation, reference, &texts, &decided, &settings)
    });
    let analysed = stored
        .iter()
        .zip(decided)
        .zip(&inference.judgements)
        .map(|((s, mut judgements), inferred)| {
            for (p, j) in inferred {
                judgements.insert(p.clone(), j.clone());
            }
            let r = &s.record;
            AnalysedResponse {
                id: s.id.clone(),
                external_id: r.external_id.clone(),
                source: r.source,
                respondent_type: r.respondent.respondent_type,
                organisation_name: r.respondent.organisation_name.clone(),
                has_free_text: r
                    .answers
                    .iter()
                    .any(|a| a.text.as_deref().is_some_and(|t| !t.trim().is_empty())),
                has_closed_answers: r.answers.iter().any(|a| a.option.is_some()),
                judgements,
            }
        })
        .collect();
    bar.finish_and_clear();
    Stances {
        analysed,
        inference,
        settings,
    }
}

/// The vectors routing leans on: each proposal's own text, and letter boilerplate.
pub fn reference_vectors(encoder: &Encoder, c: &Consultation) -> anyhow::Result<Reference> {
    let texts: Vec<&str> = c.proposals.iter().map(|p| p.text.as_str()).collect();
    let wording = tokio::task::block_in_place(|| encoder.embed(&texts))?;
    let boilerplate = tokio::task::block_in_place(|| encoder.embed(stance::boilerplate::SENTENCES))?;
    Ok(Reference {
        wording: c.proposals.iter().map(|p| p.id.clone()).zip(wording).collect(),
        boilerplate,
    })
}

/// Compares the report's stances with the consultation's gold labels, if it names a file of
/// them, on the responses whose stances had to be read from text: those with no closed answer.
pub fn gold_agreement(
    dir: &Path,
    consultation: &Consultation,
    analysed: &[AnalysedResponse],
) -> anyhow::Result<Option<GoldAgreement>> {
    let Some(file) = &consultation.gold else {
        return Ok(None);
    };
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read gold labels {}", path.display()))?;
    let by_id: HashMap<(&str, &str), &AnalysedResponse> = analysed
        .iter()
        .map(|a| ((a.source.as_str(), a.external_id.as_str()), a))
        .collect();
    let mut pairs = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = || format!("{}:{}", path.display(), n + 1);
        let gold: GoldLine =
            serde_json::from_str(line).with_context(|| format!("{}: not a gold label line", at()))?;
        let Some(a) = by_id.get(&(gold.source.as_str(), gold.id.as_str())) else {
            anyhow::bail!(
                "{}: response {:?} from {} is not in the store",
                at(),
                gold.id,
                gold.source
            );
        };
        if a.has_closed_answers {
            continue;
        }
        for (p, camp) in &gold.stances {
            let camp = Camp::ALL
                .into_iter()
                .find(|c| c.as_str() == camp)
                .with_context(|| format!("{}: proposal {p}: unknown camp {camp:?}", at()))?;
            let judged = a
                .judgements
                .get(&ProposalId(p.clone()))
                .with_context(|| format!("{}: unknown proposal {p}", at()))?;
            // An analyst's label may have come from this very gold file; it measures nothing.
            if judged.source != Some(StanceSource::Analyst) {
                pairs.push((camp, judged.camp));
            }
        }
    }
    Ok(agreement(&pairs).map(|a| {
        GoldAgreement::new(
            file,
            "(response, proposal) pairs from responses that answered no closed question (free text only, and letters)",
            &a,
        )
    }))
}

#[derive(serde::Deserialize)]
struct GoldLine {
    id: String,
    source: String,
    stances: BTreeMap<String, String>,
}

/// Every distinct argument unit's vector, keyed by [`text_key`].
pub type UnitVectors = HashMap<TextHash, Vec<f32>>;

/// Splits every free-text answer into argument units and makes sure each distinct unit has a
/// vector in the store's cache, embedding only those it lacks. Returns the vectors with the run.
pub async fn embed_units(
    store: &Store,
    encoder: &Encoder,
    stored: &[StoredResponse],
) -> anyhow::Result<(EncoderRun, UnitVectors)> {
    let options = split::SplitOptions::default();
    let mut units = 0u64;
    let mut distinct: HashMap<TextHash, &str> = HashMap::new();
    let model_id = encoder.model_id().to_string();
    for s in stored {
        for text in s.record.answers.iter().filter_map(|a| a.text.as_deref()) {
            for unit in split::units(text, &options) {
                units += 1;
                distinct
                    .entry(text_key(&model_id, unit.text))
                    .or_insert(unit.text);
            }
        }
    }
    let mut keys: Vec<TextHash> = distinct.keys().copied().collect();
    keys.sort_unstable();
    let mut cached = store.cached_vectors(&model_id, &keys).await?;
    let hits = cached.len() as u64;
    let missing: Vec<TextHash> = keys
        .iter()
        .filter(|k| !cached.contains_key(*k))
        .copied()
        .collect();
    let bar = ProgressBar::new(missing.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("embedding {pos}/{len} argument units [{elapsed}, {eta} left]")
            .expect("valid template"),
    );
    // Chunks bound memory and let each chunk's vectors reach the cache before the next starts,
    // so an interrupted run keeps what it embedded.
    for chunk in missing.chunks(1024) {
        let texts: Vec<&str> = chunk.iter().map(|k| distinct[k]).collect();
        let vectors = tokio::task::block_in_place(|| encoder.embed(&texts))?;
        let items: Vec<(TextHash, Vec<f32>)> = chunk.iter().copied().zip(vectors).collect();
        store.put_vectors(&model_id, &items).await?;
        cached.extend(items);
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    let distinct_units = keys.len() as u64;
    let run = EncoderRun {
        model_id,
        weights_sha256: barometer_encoder::models::WEIGHTS.sha256.to_string(),
        units,
        distinct_units,
        cached: hits,
        embedded: missing.len() as u64,
        cache_hit_rate: (distinct_units > 0).then(|| hits as f64 / distinct_units as f64),
    };
    Ok((run, cached))
}

/// Analyses every stored response into the report's summary.
pub async fn analyse(
    store: &Store,
    dir: &Path,
    consultation: &Consultation,
    imported: &[Imported],
    encoder: &Encoder,
) -> anyhow::Result<(barometer_report::Summary, Stances)> {
    let id = consultation_id(dir);
    let stored = store.load_responses(&id).await?;
    let (encoder_run, vectors) = embed_units(store, encoder, &stored).await?;
    let labels = store.stance_labels(&id).await?;
    let reference = reference_vectors(encoder, consultation)?;
    let found = detect_campaigns(consultation, &stored);
    store_campaigns(store, dir, &stored, &found).await?;
    let stances = judge(
        consultation,
        &reference,
        &stored,
        &found,
        &labels,
        &vectors,
        encoder.model_id(),
    );
    let analysed = &stances.analysed;
    let run = barometer_report::RunInfo {
        barometer_version: env!("CARGO_PKG_VERSION").to_string(),
        generated_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        store: match store.backend() {
            barometer_store::Backend::Sqlite => "sqlite".into(),
            barometer_store::Backend::Postgres => "postgresql".into(),
        },
        sources: imported.iter().map(source_info).collect(),
        encoder: Some(encoder_run),
    };
    let mut summary = barometer_report::build_summary(consultation, analysed, &run);
    let section = barometer_report::campaigns::campaign_section(
        consultation,
        analysed,
        &found,
        &stances.inference.own_words,
    );
    barometer_report::campaigns::add_campaigns(&mut summary, section);
    let bar = spinner("finding themes");
    let themes = crate::themes::find_themes(
        store,
        &id,
        consultation,
        crate::themes::Responses {
            stored: &stored,
            analysed,
            campaigns: &found,
        },
        &vectors,
        encoder.model_id(),
    )
    .await?;
    bar.finish_and_clear();
    summary.themes = (!themes.is_empty()).then_some(themes);
    let mut queued: BTreeMap<ProposalId, u64> = BTreeMap::new();
    for item in &stances.inference.review_queue {
        *queued.entry(item.proposal.clone()).or_default() += 1;
    }
    summary.stance_model = Some(stance_model_summary(
        consultation,
        analysed,
        &stances.inference.quality,
        &queued,
        stances.settings.review_below,
        gold_agreement(dir, consultation, analysed)?,
    ));
    Ok((summary, stances))
}

/// Keeps the campaigns found in the store, replacing the last analysis's, so that a campaign's
/// members and their own words can be listed later.
pub async fn store_campaigns(
    store: &Store,
    dir: &Path,
    stored: &[StoredResponse],
    found: &barometer_analysis::campaigns::Campaigns,
) -> anyhow::Result<()> {
    let campaigns: Vec<barometer_store::StoredCampaign> = found
        .campaigns
        .iter()
        .map(|c| {
            let additions: HashMap<usize, &str> =
                c.additions.iter().map(|a| (a.member, a.text.as_str())).collect();
            let mut members: Vec<(String, Option<String>)> = c
                .members
                .iter()
                .map(|&m| (stored[m].id.clone(), additions.get(&m).map(|t| t.to_string())))
                .collect();
            members.sort();
            barometer_store::StoredCampaign {
                id: c.id.clone(),
                template_response_id: stored[c.template].id.clone(),
                template: c.template_text.clone(),
                first_seen: c.first_seen.clone(),
                last_seen: c.last_seen.clone(),
                members,
            }
        })
        .collect();
    store
        .replace_campaigns(&consultation_id(dir), &campaigns)
        .await
        .context("cannot store the campaigns found")
}

/// Finds organised campaigns among the stored responses, over each response's free text, in
/// the order given (the order [`judge`] keeps). The consultation's own proposal and question
/// texts are common phrases, not evidence of copying.
pub fn detect_campaigns(
    consultation: &Consultation,
    stored: &[StoredResponse],
) -> barometer_analysis::campaigns::Campaigns {
    use barometer_analysis::campaigns::{Item, Options, detect};
    let bar = spinner("finding campaigns");
    let texts: Vec<String> = stored.iter().map(|s| s.record.free_text()).collect();
    let items: Vec<Item> = stored
        .iter()
        .zip(&texts)
        .map(|(s, text)| Item {
            text,
            submitted_at: s.record.submitted_at.as_deref(),
        })
        .collect();
    let options = Options {
        common_phrases: consultation
            .proposals
            .iter()
            .map(|p| p.text.clone())
            .chain(consultation.questions.iter().map(|q| q.text.clone()))
            .collect(),
        ..Options::default()
    };
    let found = detect(&items, &options);
    bar.finish_and_clear();
    found
}

/// One line of the report's list of sources. A folder of letters is identified by one hash
/// over its files' names and hashes, so that any change to any letter shows.
fn source_info(i: &Imported) -> barometer_report::SourceInfo {
    let sha256 = match i.sha256.as_slice() {
        [one] => one.clone(),
        many => {
            use sha2::{Digest, Sha256};
            let mut h = Sha256::new();
            for (file, sha) in i.files.iter().zip(many) {
                h.update(format!("{file}\0{sha}\n").as_bytes());
            }
            hex::encode(h.finalize())
        }
    };
    barometer_report::SourceInfo {
        file: i.path.clone(),
        format: i.format,
        sha256,
        records: i.outcome.records as u64,
    }
}

/// Writes one JSON line per (response, proposal): the camp, who decided it, how sure, and the
/// words it rests on. This is the analysts' working file, so quotes are not redacted.
pub fn write_stances(path: &Path, stances: &Stances) -> anyhow::Result<()> {
    write_lines(
        path,
        stances.analysed.iter().flat_map(|a| {
            a.judgements.iter().map(move |(p, j)| {
                serde_json::json!({
                    "response": a.id,
                    "external_id": a.external_id,
                    "source": a.source.as_str(),
                    "respondent_type": a.respondent_type,
                    "proposal": p.0,
                    "camp": j.camp.as_str(),
                    "decided_by": j.source,
                    "confidence": j.confidence,
                    "evidence": j.evidence,
                })
            })
        }),
    )
}

/// Writes the review queue, least certain first: the order in which an analyst's label teaches
/// the model most.
pub fn write_review_queue(path: &Path, stances: &Stances) -> anyhow::Result<()> {
    write_lines(
        path,
        stances.inference.review_queue.iter().map(|item| {
            let a = &stances.analysed[item.response];
            serde_json::json!({
                "response": a.id,
                "external_id": a.external_id,
                "proposal": item.proposal.0,
                "camp": item.camp.as_str(),
                "confidence": item.confidence,
                "margin": item.margin,
                "evidence": item.evidence,
                "reason": item.reason,
            })
        }),
    )
}

fn write_lines(path: &Path, lines: impl Iterator<Item = serde_json::Value>) -> anyhow::Result<()> {
    use std::io::Write;
    let file = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    for line in lines {
        writeln!(out, "{line}").with_context(|| format!("cannot write {}", path.display()))?;
    }
    out.flush()
        .with_context(|| format!("cannot write {}", path.display()))
}
