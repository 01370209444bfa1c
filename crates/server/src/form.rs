//! The public response form: generated from `consultation.toml`, parsed and validated here.
//!
//! Posted fields become a [`FormSubmission`] once, in [`parse`], or a list of [`FieldError`]s
//! naming each field at fault, in page order, for the GOV.UK error summary. Nothing after this
//! point checks the respondent's input again.

use barometer_domain::{
    Answer, Consultation, OptionMap, QuestionKind, Respondent, RespondentType, RespondingAs, ResponseRecord,
    SourceKind, Stance,
};
use barometer_store::FormSubmission;
use std::collections::HashMap;

/// The longest answer to one open question, in characters (about 1,500 words).
pub(crate) const MAX_TEXT: usize = 10_000;
const MAX_SHORT: usize = 200;

/// One problem with what was posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    /// The `id` of the input at fault, which the error summary links to.
    pub field: String,
    /// What to do about it, in the GOV.UK voice.
    pub message: String,
}

/// A closed question's choice as the form shows it.
#[derive(Debug, Clone)]
pub(crate) struct Choice {
    pub value: String,
}

/// One question of the form.
#[derive(Debug, Clone)]
pub(crate) struct FormQuestion {
    /// The field name and id: `q-` and the question's id.
    pub field: String,
    pub number: usize,
    pub text: String,
    pub closed: bool,
    pub choices: Vec<Choice>,
}

/// The five-point scale in the order people expect to read it.
const AGREE5: [&str; 6] = [
    "Strongly agree",
    "Agree",
    "Neither agree nor disagree",
    "Disagree",
    "Strongly disagree",
    "Don't know",
];

fn choices(options: &OptionMap) -> Vec<Choice> {
    if *options == OptionMap::agree5() {
        return AGREE5.iter().map(|v| Choice { value: v.to_string() }).collect();
    }
    // Other scales: for, undecided, against, then answers that take no stance.
    let rank = |o: &str| match options.stance_of(o).flatten() {
        Some(Stance::For) => 0,
        Some(Stance::Undecided) => 1,
        Some(Stance::Against) => 2,
        None => 3,
    };
    let mut out: Vec<&str> = options.options().collect();
    out.sort_by_key(|o| rank(o));
    out.into_iter()
        .map(|o| {
            let mut c = o.chars();
            let value = c
                .next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default();
            Choice { value }
        })
        .collect()
}

/// The form's questions, in the definition's order.
pub(crate) fn questions(c: &Consultation) -> Vec<FormQuestion> {
    c.questions
        .iter()
        .enumerate()
        .map(|(i, q)| FormQuestion {
            field: format!("q-{}", q.id.0),
            number: i + 1,
            text: q.text.clone(),
            closed: q.kind == QuestionKind::Closed,
            choices: choices(&q.options),
        })
        .collect()
}

/// The organisation types a respondent picks from: the definition's own wording, or the
/// canonical types when it has none.
pub(crate) fn organisation_types(c: &Consultation) -> Vec<String> {
    if c.respondents.organisation_types.is_empty() {
        RespondentType::ALL
            .iter()
            .filter(|t| **t != RespondentType::Individual)
            .map(|t| t.label().to_string())
            .collect()
    } else {
        c.respondents.organisation_types.keys().cloned().collect()
    }
}

/// What was posted, by field name (the last value wins, as browsers send one per field).
pub(crate) type Posted = HashMap<String, String>;

fn field<'a>(posted: &'a Posted, name: &str) -> Option<&'a str> {
    posted.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
}

fn plausible_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
        && e.len() <= 254
}

/// Parses and validates a posted form into a submission under `reference`.
pub(crate) fn parse(
    c: &Consultation,
    posted: &Posted,
    reference: &str,
) -> Result<FormSubmission, Vec<FieldError>> {
    let mut errors: Vec<FieldError> = Vec::new();
    macro_rules! err {
        ($field:expr, $message:expr $(,)?) => {
            errors.push(FieldError {
                field: $field.to_string(),
                message: $message.to_string(),
            })
        };
    }
    let responding_as = match field(posted, "responding-as") {
        Some("individual") => Some(RespondingAs::Individual),
        Some("organisation") => Some(RespondingAs::Organisation),
        _ => {
            err!(
                "responding-as",
                "Select whether you are responding as an individual or on behalf of an organisation",
            );
            None
        }
    };
    let mut organisation_name = None;
    let mut organisation_type = None;
    if responding_as == Some(RespondingAs::Organisation) {
        match field(posted, "organisation-name") {
            None => err!("organisation-name", "Enter the name of your organisation"),
            Some(n) if n.chars().count() > MAX_SHORT => err!(
                "organisation-name",
                "Organisation name must be 200 characters or fewer",
            ),
            Some(n) => organisation_name = Some(n.to_string()),
        }
        let types = organisation_types(c);
        match field(posted, "organisation-type") {
            Some(t) if types.iter().any(|k| k == t) => organisation_type = Some(t.to_string()),
            _ => err!("organisation-type", "Select the type of organisation"),
        }
    }
    let name = field(posted, "name").map(str::to_string);
    if name.as_ref().is_some_and(|n| n.chars().count() > MAX_SHORT) {
        err!("name", "Name must be 200 characters or fewer");
    }
    let email = field(posted, "email").map(str::to_string);
    if email.as_deref().is_some_and(|e| !plausible_email(e)) {
        err!(
            "email",
            "Enter an email address in the correct format, like name@example.com",
        );
    }
    let mut answers = Vec::new();
    for (q, fq) in c.questions.iter().zip(questions(c)) {
        let Some(value) = field(posted, &fq.field) else {
            continue;
        };
        match q.kind {
            QuestionKind::Closed => {
                if q.options.stance_of(value).is_some() {
                    answers.push(Answer {
                        question: q.id.clone(),
                        option: Some(value.to_string()),
                        text: None,
                    });
                } else {
                    err!(
                        &fq.field,
                        &format!("Select one of the answers to question {}", fq.number)
                    );
                }
            }
            QuestionKind::Open => {
                if value.chars().count() > MAX_TEXT {
                    err!(
                        &fq.field,
                        &format!(
                            "Your answer to question {} must be 10,000 characters or fewer",
                            fq.number
                        ),
                    );
                } else {
                    answers.push(Answer {
                        question: q.id.clone(),
                        option: None,
                        text: Some(value.replace("\r\n", "\n")),
                    });
                }
            }
        }
    }
    if answers.is_empty() && !errors.iter().any(|e| e.field.starts_with("q-")) {
        let first = questions(c).first().map(|q| q.field.clone()).unwrap_or_default();
        err!(&first, "Answer at least one question");
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let responding_as = responding_as.expect("checked above");
    let respondent_type = c.respondent_type(
        responding_as == RespondingAs::Individual,
        organisation_type.as_deref(),
    );
    Ok(FormSubmission {
        record: ResponseRecord {
            external_id: reference.to_string(),
            source: SourceKind::Form,
            source_file: "web form".into(),
            source_line: None,
            respondent: Respondent {
                responding_as,
                organisation_name,
                organisation_type_raw: organisation_type,
                respondent_type,
                region: None,
                // The form asks both questions and requires an answer to each.
                type_declared: true,
                sender_domain: None,
            },
            submitted_at: Some(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            ocr: None,
            answers,
        },
        name,
        email,
    })
}

/// A new reference number: `BRM-` and ten characters of Crockford's base32 (50 random bits),
/// in two groups that are easy to read out over the phone.
pub(crate) fn new_reference() -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    let chars: String = bytes
        .iter()
        .map(|b| ALPHABET[(b % 32) as usize] as char)
        .collect();
    format!("BRM-{}-{}", &chars[..5], &chars[5..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Consultation {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/children-social-care-2014/consultation.toml"
        ))
        .unwrap();
        Consultation::parse(&text).unwrap()
    }

    fn posted(pairs: &[(&str, &str)]) -> Posted {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn an_empty_form_names_each_missing_field_in_page_order() {
        let errors = parse(&demo(), &posted(&[]), "R").unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["responding-as", "q-Q1"]);
        assert!(errors[1].message.contains("at least one question"));
    }

    #[test]
    fn an_organisation_needs_a_name_and_a_known_type() {
        let errors = parse(
            &demo(),
            &posted(&[
                ("responding-as", "organisation"),
                ("organisation-type", "Bakery"),
                ("q-Q1", "Agree"),
            ]),
            "R",
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["organisation-name", "organisation-type"]);
    }

    #[test]
    fn an_option_not_offered_and_a_bad_email_are_refused() {
        let errors = parse(
            &demo(),
            &posted(&[
                ("responding-as", "individual"),
                ("q-Q2", "Maybe"),
                ("email", "me at home"),
            ]),
            "R",
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "q-Q2"]);
    }

    #[test]
    fn a_valid_organisation_response_maps_its_type_and_keeps_the_words() {
        let s = parse(
            &demo(),
            &posted(&[
                ("responding-as", "organisation"),
                ("organisation-name", "Northshire Council"),
                ("organisation-type", "Local authority"),
                ("q-Q1", "Strongly disagree"),
                ("q-Q1_explain", "  Child protection\r\nmust stay public.  "),
                ("email", "a@b.org"),
            ]),
            "BRM-1",
        )
        .unwrap();
        assert_eq!(
            s.record.respondent.respondent_type,
            RespondentType::LocalAuthority
        );
        assert_eq!(s.record.answers.len(), 2);
        assert_eq!(
            s.record.answers[1].text.as_deref(),
            Some("Child protection\nmust stay public.")
        );
        assert_eq!(s.email.as_deref(), Some("a@b.org"));
        assert_eq!(s.record.external_id, "BRM-1");
    }

    #[test]
    fn every_agree5_choice_the_form_offers_is_accepted_by_the_scale() {
        let c = demo();
        let q = questions(&c).into_iter().find(|q| q.closed).unwrap();
        assert_eq!(q.choices.len(), 6);
        for choice in &q.choices {
            assert!(
                c.questions[0].options.stance_of(&choice.value).is_some(),
                "{}",
                choice.value
            );
        }
    }

    #[test]
    fn references_are_distinct_and_well_formed() {
        let a = new_reference();
        let b = new_reference();
        assert_ne!(a, b);
        assert_eq!(a.len(), 15);
        assert!(a.starts_with("BRM-"));
    }
}
