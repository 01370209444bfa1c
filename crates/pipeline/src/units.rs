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
    /// Per response, its answers that hold text, in the record's order. Empty for a response
    /// written in a language the encoder does not read.
    pub per_response: Vec<Vec<AnswerUnits<'a>>>,
    /// Per response, the language it is written in (English name) when that is not one the
    /// encoder reads: its text is not split, so it forms no theme and no stance is inferred
    /// from it; it is counted, by language, and queued for an analyst.
    pub other_language: Vec<Option<&'static str>>,
}

/// The languages the sentence encoder (all-MiniLM-L6-v2, trained on English) reads.
pub const ENCODER_LANGUAGES: [whatlang::Lang; 1] = [whatlang::Lang::Eng];

/// Fewer letters than this and language detection is a guess: such text is read as it is.
const DETECT_FROM_LETTERS: usize = 40;

/// The language `text` is written in, when it is confidently one the encoder does not read.
pub fn other_language(text: &str) -> Option<&'static str> {
    if text.chars().filter(|c| c.is_alphabetic()).count() < DETECT_FROM_LETTERS {
        return None;
    }
    let info = whatlang::detect(text)?;
    (info.is_reliable() && !ENCODER_LANGUAGES.contains(&info.lang())).then(|| info.lang().eng_name())
}

impl<'a> Units<'a> {
    /// Splits every answer with text (sentences, and argument units of at most 60 words). A
    /// sentence that only points to an attachment is not a unit; an answer with nothing else
    /// is left out. A response written in a language the encoder does not read is not split.
    pub fn split(stored: &'a [StoredResponse]) -> Units<'a> {
        let options = split::SplitOptions::default();
        let other_language: Vec<Option<&'static str>> = stored
            .iter()
            .map(|s| other_language(&s.record.free_text()))
            .collect();
        let per_response = stored
            .iter()
            .zip(&other_language)
            .map(|(s, other)| {
                if other.is_some() {
                    return Vec::new();
                }
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
        Units {
            per_response,
            other_language,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_the_encoder_does_not_read_are_told_apart_and_short_text_is_left_alone() {
        assert_eq!(
            other_language(
                "Wir unterstützen das Verbot, fordern aber strengere Regeln für die Überwachung der Anbieter."
            ),
            Some("German")
        );
        assert_eq!(
            other_language(
                "Nous soutenons la proposition, mais la période de transition est beaucoup trop courte."
            ),
            Some("French")
        );
        assert_eq!(
            other_language(
                "Popieramy ten projekt, ale okres przejściowy jest zdecydowanie zbyt krótki dla firm."
            ),
            Some("Polish")
        );
        assert_eq!(
            other_language("We welcome the proposal but ask for a longer transition period for small firms."),
            None
        );
        // Too short to tell: read as it is.
        assert_eq!(other_language("Ja, bitte."), None);
    }
}
