//! Stances and camps.
//!
//! A [`Stance`] is a position somebody took. A [`Camp`] adds "no view" for a response that
//! does not address a proposal, which is what reports count.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A position on one proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// Supports the proposal.
    For,
    /// Opposes the proposal.
    Against,
    /// Mixed, conditional, unsure or neutral.
    Undecided,
}

impl Stance {
    /// All stances, in report order.
    pub const ALL: [Stance; 3] = [Stance::For, Stance::Against, Stance::Undecided];

    /// The wire name: `for`, `against` or `undecided`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::For => "for",
            Stance::Against => "against",
            Stance::Undecided => "undecided",
        }
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Stance {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "for" => Ok(Stance::For),
            "against" => Ok(Stance::Against),
            "undecided" => Ok(Stance::Undecided),
            other => Err(format!(
                "unknown stance {other:?}: expected for, against or undecided"
            )),
        }
    }
}

/// What a report counts for one (response, proposal) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Camp {
    /// Supports the proposal.
    For,
    /// Opposes the proposal.
    Against,
    /// Mixed, conditional, unsure or neutral.
    Undecided,
    /// The response does not address this proposal.
    NoView,
}

impl Camp {
    /// All camps, in report order.
    pub const ALL: [Camp; 4] = [Camp::For, Camp::Against, Camp::Undecided, Camp::NoView];

    /// The wire name: `for`, `against`, `undecided` or `no_view`.
    pub fn as_str(self) -> &'static str {
        match self {
            Camp::For => "for",
            Camp::Against => "against",
            Camp::Undecided => "undecided",
            Camp::NoView => "no_view",
        }
    }

    /// The label a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Camp::For => "For",
            Camp::Against => "Against",
            Camp::Undecided => "Undecided",
            Camp::NoView => "No view",
        }
    }
}

impl From<Option<Stance>> for Camp {
    fn from(s: Option<Stance>) -> Self {
        match s {
            Some(Stance::For) => Camp::For,
            Some(Stance::Against) => Camp::Against,
            Some(Stance::Undecided) => Camp::Undecided,
            None => Camp::NoView,
        }
    }
}

impl FromStr for Camp {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace([' ', '-'], "_").as_str() {
            "no_view" | "none" => Ok(Camp::NoView),
            other => other
                .parse::<Stance>()
                .map(|s| Camp::from(Some(s)))
                .map_err(|_| format!("unknown camp {s:?}: expected for, against, undecided or no view")),
        }
    }
}

/// Where a stance came from, in order of trust: the model never overrides the other two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StanceSource {
    /// The respondent's own answer to a closed question.
    Declared,
    /// A human analyst's label.
    Analyst,
    /// Inferred from the text by Barometer's model.
    Model,
}

impl StanceSource {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            StanceSource::Declared => "declared",
            StanceSource::Analyst => "analyst",
            StanceSource::Model => "model",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camps_parse_from_wire_and_human_forms() {
        assert_eq!("no view".parse::<Camp>().unwrap(), Camp::NoView);
        assert_eq!("No_View".parse::<Camp>().unwrap(), Camp::NoView);
        assert_eq!(" Against ".parse::<Camp>().unwrap(), Camp::Against);
        assert!("maybe".parse::<Camp>().is_err());
    }
}
