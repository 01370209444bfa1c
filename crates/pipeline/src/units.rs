//! The units stage: every free-text answer split into argument units, once per analysis.
//! Every later stage (vectors, stance, themes, search) reads these, so they always agree on
//! what a unit is.

use barometer_domain::{QuestionId, is_attachment_pointer};
use barometer_encoder::split;
use barometer_store::StoredResponse;

/// One answer's argument units.
#[derive(Debug, Clone)]
pub struct AnswerUnits<'a> {
    /// The question answered.
    pub question: &'a QuestionId,
    /// Its units' texts, in order (slices of the answer).
    pub units: Vec<&'a str>,
}

/// Every stored response's answers with text, split into argument units; `per_response[i]`
/// belongs to the `i`th stored response.
#[derive(Debug, Clone, Default)]
pub struct Units<'a> {
    /// Per response, its answers that hold text, in the record's order.
    pub per_response: Vec<Vec<AnswerUnits<'a>>>,
}

impl<'a> Units<'a> {
    /// Splits every answer with text (sentences, and argument units of at most 60 words). A
    /// sentence that only points to an attachment is not a unit; an answer with nothing else
    /// is left out.
    pub fn split(stored: &'a [StoredResponse]) -> Units<'a> {
        let options = split::SplitOptions::default();
        let per_response = stored
            .iter()
            .map(|s| {
                s.record
                    .answers
                    .iter()
                    .filter_map(|a| {
                        let text = a.text.as_deref()?;
                        // "See attached" points to a paper; it argues nothing.
                        let units: Vec<&str> = split::units(text, &options)
                            .into_iter()
                            .map(|u| u.text)
                            .filter(|u| !is_attachment_pointer(u))
                            .collect();
                        (!units.is_empty()).then_some(AnswerUnits {
                            question: &a.question,
                            units,
                        })
                    })
                    .collect()
            })
            .collect();
        Units { per_response }
    }

    /// Every unit of every response, with the response's index, in order (repeats included).
    pub fn all(&self) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        self.per_response.iter().enumerate().flat_map(|(i, answers)| {
            answers
                .iter()
                .flat_map(move |a| a.units.iter().map(move |u| (i, *u)))
        })
    }

    /// Response `i`'s units answering `question`, if it answered it with text.
    pub fn answer(&self, i: usize, question: &QuestionId) -> Option<&[&'a str]> {
        self.per_response[i]
            .iter()
            .find(|a| a.question == question)
            .map(|a| a.units.as_slice())
    }
}
