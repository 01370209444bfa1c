//! Who responded: an individual or an organisation, and of which type.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The breakdown every result is reported by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RespondentType {
    /// A member of the public, a practitioner writing for themselves, a carer, a care leaver.
    Individual,
    /// A council or its children's services department.
    LocalAuthority,
    /// A voluntary or charity body, national or local.
    VoluntaryCharity,
    /// A professional body, college or union.
    ProfessionalBody,
    /// A company that provides services.
    PrivateProvider,
    /// A university, researcher or think tank.
    Academic,
    /// Central government, its agencies and regulators, parliamentarians and other public
    /// bodies that are not a local council.
    PublicBody,
    /// An organisation that did not say what kind it is, or said something unmapped.
    OtherOrganisation,
}

impl RespondentType {
    /// All types, in report order.
    pub const ALL: [RespondentType; 8] = [
        RespondentType::Individual,
        RespondentType::LocalAuthority,
        RespondentType::VoluntaryCharity,
        RespondentType::ProfessionalBody,
        RespondentType::PrivateProvider,
        RespondentType::Academic,
        RespondentType::PublicBody,
        RespondentType::OtherOrganisation,
    ];

    /// The wire name, as stored and as in summary.json.
    pub fn as_str(self) -> &'static str {
        match self {
            RespondentType::Individual => "individual",
            RespondentType::LocalAuthority => "local_authority",
            RespondentType::VoluntaryCharity => "voluntary_charity",
            RespondentType::ProfessionalBody => "professional_body",
            RespondentType::PrivateProvider => "private_provider",
            RespondentType::Academic => "academic",
            RespondentType::PublicBody => "public_body",
            RespondentType::OtherOrganisation => "other_organisation",
        }
    }

    /// The label a person reads.
    pub fn label(self) -> &'static str {
        match self {
            RespondentType::Individual => "Individual",
            RespondentType::LocalAuthority => "Local authority",
            RespondentType::VoluntaryCharity => "Voluntary or charity body",
            RespondentType::ProfessionalBody => "Professional body",
            RespondentType::PrivateProvider => "Private provider",
            RespondentType::Academic => "Academic",
            RespondentType::PublicBody => "Public body",
            RespondentType::OtherOrganisation => "Other organisation",
        }
    }
}

impl fmt::Display for RespondentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RespondentType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        RespondentType::ALL
            .into_iter()
            .find(|t| t.as_str() == wanted)
            .ok_or_else(|| {
                let names: Vec<_> = RespondentType::ALL.iter().map(|t| t.as_str()).collect();
                format!(
                    "unknown respondent type {s:?}: expected one of {}",
                    names.join(", ")
                )
            })
    }
}

/// Whether somebody answered for themselves or for an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RespondingAs {
    /// For themselves.
    Individual,
    /// On behalf of an organisation.
    Organisation,
}

/// The respondent behind one response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Respondent {
    /// Individual or organisation.
    pub responding_as: RespondingAs,
    /// The organisation's name, when answering for one.
    pub organisation_name: Option<String>,
    /// The organisation type exactly as the source gave it, kept for audit.
    pub organisation_type_raw: Option<String>,
    /// The canonical type every figure is broken down by.
    pub respondent_type: RespondentType,
    /// Where they are, as given.
    pub region: Option<String>,
    /// Whether the source said what kind of respondent this is (a "responding as" answer, or
    /// an organisation type the consultation maps). Where it did not, the type above is only
    /// the reader's fallback, and the analysis infers one. Not part of what the respondent
    /// said, so it is left out of the serialised record and of the content hash.
    #[serde(skip)]
    pub type_declared: bool,
    /// The domain of the address an emailed letter came from (`kent.gov.uk`), never the
    /// address itself: a clue to the sender's type. Left out of the content hash like
    /// `type_declared`, since it says how the response arrived, not what it says.
    #[serde(skip)]
    pub sender_domain: Option<String>,
}

/// Where a respondent's type came from, in the order that decides: an analyst's correction
/// outranks what the respondent declared, which outranks what was inferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeSource {
    /// The respondent (or the hub's export) said it.
    Declared,
    /// Barometer read it from the organisation's name, email domain, letterhead, sign-off or
    /// self-description.
    Inferred,
    /// An analyst set it.
    Analyst,
}

impl TypeSource {
    /// All sources, in report order.
    pub const ALL: [TypeSource; 3] = [TypeSource::Declared, TypeSource::Inferred, TypeSource::Analyst];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            TypeSource::Declared => "declared",
            TypeSource::Inferred => "inferred",
            TypeSource::Analyst => "analyst",
        }
    }
}

impl Respondent {
    /// A member of the public who gave nothing else about themselves.
    pub fn individual() -> Respondent {
        Respondent {
            responding_as: RespondingAs::Individual,
            organisation_name: None,
            organisation_type_raw: None,
            respondent_type: RespondentType::Individual,
            region: None,
            type_declared: false,
            sender_domain: None,
        }
    }
}
