//! Respondent-type inference and organisation grouping, on names and letters that mislead.

use super::*;
use barometer_domain::RespondentType::*;

fn named(name: &str, text: &str) -> TypeReading {
    infer_type(&TypeEvidence {
        organisation_name: Some(name),
        text,
        ..TypeEvidence::default()
    })
}

fn unnamed(text: &str) -> TypeReading {
    infer_type(&TypeEvidence {
        text,
        ..TypeEvidence::default()
    })
}

#[test]
fn names_that_mislead_are_read_by_what_they_are() {
    // A "Council for …" is a charity, not a council.
    let r = named("Council for British Archaeology", "We welcome the proposals.");
    assert_eq!(r.respondent_type, VoluntaryCharity, "{r:?}");
    // A regulator named for a country, with no type word but its own name.
    let r = named("Social Work England", "We regulate social workers.");
    assert_eq!(r.respondent_type, PublicBody, "{r:?}");
    // A council named for its place.
    let r = named("Larkhill Vale County Council", "");
    assert_eq!(r.respondent_type, LocalAuthority, "{r:?}");
    assert!(r.evidence.as_deref().unwrap().contains("County Council"), "{r:?}");
    let r = named("London Borough of Ravensford", "");
    assert_eq!(r.respondent_type, LocalAuthority, "{r:?}");
    // A department of a university is a university, not a government department.
    let r = named("Department of Social Policy, University of Yarrowby", "");
    assert_eq!(r.respondent_type, Academic, "{r:?}");
    // An association that trades through a company is still the association.
    let r = named("American Psychological Association Services, Inc.", "");
    assert_eq!(r.respondent_type, ProfessionalBody, "{r:?}");
    let r = named("Riverbend Residential Ltd", "");
    assert_eq!(r.respondent_type, PrivateProvider, "{r:?}");
}

#[test]
fn a_parent_who_works_for_a_council_and_writes_as_a_parent_is_an_individual() {
    let text = "I work for Kent County Council as a social worker, but I am writing as a parent. \
                My son was in care for two years and I do not want this to happen.\n\nJane";
    let r = unnamed(text);
    assert_eq!(r.respondent_type, Individual, "{r:?}");
    assert_eq!(r.named_in_text, None);
}

#[test]
fn a_letter_without_a_named_sender_is_typed_from_its_letterhead_and_sign_off() {
    let text = "Saltmarsh Borough Council\nChildren's Services\n\nDear Sir or Madam,\n\n\
                As a local authority we have considered the draft regulations carefully.\n\n\
                Yours faithfully,\nA. Person\nDirector of Children's Services, Saltmarsh Borough Council";
    let r = unnamed(text);
    assert_eq!(r.respondent_type, LocalAuthority, "{r:?}");
    assert_eq!(r.named_in_text.as_deref(), Some("Saltmarsh Borough Council"));
    assert!(r.confidence > 0.9, "{r:?}");
}

#[test]
fn email_domains_and_self_descriptions_count() {
    let r = infer_type(&TypeEvidence {
        sender_domain: Some("kestwick.ac.uk"),
        text: "Our research with families over ten years shows the risks.",
        ..TypeEvidence::default()
    });
    assert_eq!(r.respondent_type, Academic, "{r:?}");
    let r =
        unnamed("We are a registered charity supporting young carers, and our volunteers see this daily.");
    assert_eq!(r.respondent_type, VoluntaryCharity, "{r:?}");
    let r = unnamed("I think this is wrong. My daughter was in foster care and I know what matters to her.");
    assert_eq!(r.respondent_type, Individual, "{r:?}");
    // The department the letter is addressed to is not its sender.
    let r = infer_type(&TypeEvidence {
        text: "To the Department for Education\n\nI oppose this. I really do.\n\nDepartment for Education",
        addressee: Some("Department for Education"),
        ..TypeEvidence::default()
    });
    assert_eq!(r.respondent_type, Individual, "{r:?}");
}

#[test]
fn conflicting_strong_clues_are_mixed() {
    let r = named("Northmoor University Hospitals NHS Foundation Trust", "");
    assert_eq!(r.respondent_type, PublicBody, "{r:?}");
    assert!(!r.mixed, "{r:?}");
    // A council's name on a letter that says it is a charity: an analyst decides.
    let r = named(
        "Kestwick County Council",
        "We are a registered charity working with families.",
    );
    assert!(r.mixed, "{r:?}");
}

#[test]
fn spellings_of_one_organisation_share_a_key() {
    let key = organisation_key("The Wren Foundation for Young People");
    assert_eq!(organisation_key("Wren Foundation for Young People"), key);
    assert_eq!(organisation_key("WREN FOUNDATION FOR YOUNG PEOPLE"), key);
    assert_eq!(
        organisation_key("Acme Care Ltd"),
        organisation_key("ACME Care Limited")
    );
    assert_eq!(
        organisation_key("Parents & Carers Network"),
        organisation_key("Parents and Carers Network")
    );
    assert_ne!(
        organisation_key("Acme Care Ltd"),
        organisation_key("Acme Homes Ltd")
    );
}

fn respondent(name: Option<&str>, declared: Option<RespondentType>) -> Respondent {
    Respondent {
        responding_as: if name.is_some() {
            RespondingAs::Organisation
        } else {
            RespondingAs::Individual
        },
        organisation_name: name.map(str::to_string),
        respondent_type: declared.unwrap_or(if name.is_some() {
            OtherOrganisation
        } else {
            Individual
        }),
        type_declared: declared.is_some(),
        ..Respondent::individual()
    }
}

#[test]
fn duplicates_and_acronyms_merge_into_one_organisation_with_one_type() {
    let people = [
        respondent(Some("Association of Directors of Children's Services"), None),
        respondent(Some("ADCS"), None),
        respondent(
            Some("The Association of Directors of Children's Services Ltd"),
            None,
        ),
        respondent(None, None),
        respondent(Some("Acme Care Ltd"), Some(PrivateProvider)),
    ];
    let texts = [
        "The Association of Directors of Children's Services (ADCS) draws a line on profit.",
        "ADCS members lead children's services in every council.",
        "",
        "I am a foster carer and I am against this.",
        "",
    ];
    let inputs: Vec<RespondentInput<'_>> = people
        .iter()
        .zip(texts)
        .map(|(respondent, text)| RespondentInput {
            respondent,
            text,
            label: None,
        })
        .collect();
    let r = read(&inputs, None);
    assert_eq!(r.organisations.len(), 2, "{:?}", r.organisations);
    let at = r
        .organisations
        .iter()
        .position(|o| {
            o.organisation.key == organisation_key("Association of Directors of Children's Services")
        })
        .expect("the association is one organisation");
    let adcs = &r.organisations[at];
    assert_eq!(adcs.organisation.members, vec![0, 1, 2]);
    assert_eq!(
        adcs.organisation.name.len(),
        "Association of Directors of Children's Services".len()
    );
    assert_eq!(adcs.judgement.respondent_type, ProfessionalBody);
    for m in [0, 1, 2] {
        assert_eq!(r.judgements[m].respondent_type, ProfessionalBody);
        assert_eq!(r.organisation_of[m], Some(at));
    }
    assert_eq!(r.organisation_of[3], None);
    assert_eq!(r.judgements[3].respondent_type, Individual);
    assert_eq!(r.judgements[4].source, TypeSource::Declared);
    assert_eq!(r.by_source(), [1, 4, 0]);
}

#[test]
fn an_analyst_label_outranks_what_was_declared_for_the_whole_organisation() {
    let people = [
        respondent(Some("Brightpath Families"), Some(VoluntaryCharity)),
        respondent(Some("Brightpath Families"), None),
    ];
    let inputs = [
        RespondentInput {
            respondent: &people[0],
            text: "",
            label: None,
        },
        RespondentInput {
            respondent: &people[1],
            text: "",
            label: Some(PrivateProvider),
        },
    ];
    let r = read(&inputs, None);
    assert_eq!(r.organisations.len(), 1);
    for j in &r.judgements {
        assert_eq!(j.respondent_type, PrivateProvider);
        assert_eq!(j.source, TypeSource::Analyst);
    }
}

#[test]
fn a_body_that_signs_a_letter_is_its_sender_whatever_its_name() {
    let text = "Dear Sir or Madam,\n\nWe have supported families for thirty years.\n\n\
                Yours faithfully,\n\nMartin Green\nDirector of Services\nStepping Stones Adoption and Fostering\n";
    let r = unnamed(text);
    assert_ne!(r.respondent_type, Individual, "{r:?}");
    assert_eq!(
        r.named_in_text.as_deref(),
        Some("Stepping Stones Adoption and Fostering")
    );
    // A person who signs with their name alone is still a person.
    let r = unnamed("I oppose this.\n\nYours sincerely,\nMartin Green\n");
    assert_eq!(r.respondent_type, Individual, "{r:?}");
    assert_eq!(r.named_in_text, None);
    // Two people signing, or a signer with a role and a home town: no body, and no person's
    // name taken for one.
    for text in [
        "I oppose this.\n\nYours sincerely,\nMartin Green\nFoster carer\nMary Green\n",
        "I oppose this.\n\nKind regards,\nMartin Green\nRetired teacher\nLittle Hadham\n",
    ] {
        let r = unnamed(text);
        assert_eq!(r.respondent_type, Individual, "{r:?}");
        assert_eq!(r.named_in_text, None, "{r:?}");
    }
}

#[test]
fn a_letter_an_analyst_typed_keeps_the_name_of_the_body_that_sent_it() {
    let people = [respondent(None, None)];
    let text = "Dear Sir or Madam,\n\nThis is the response of the Centre for Evidence in Social Care, \
                University of Kestwick in answer to the consultation.";
    let inputs = [RespondentInput {
        respondent: &people[0],
        text,
        label: Some(PublicBody),
    }];
    let r = read(&inputs, None);
    assert_eq!(r.judgements[0].respondent_type, PublicBody);
    assert_eq!(
        r.organisation_names[0].as_deref(),
        Some("Centre for Evidence in Social Care, University of Kestwick")
    );
    assert_eq!(r.organisations.len(), 1);
}

#[test]
fn european_names_are_read_in_their_own_languages() {
    for (name, want) in [
        ("Bundesarchitektenkammer", ProfessionalBody),
        ("Fédération Française des Télécoms", ProfessionalBody),
        ("Deutsche Umwelthilfe e.V.", VoluntaryCharity),
        ("Fundación Ecología y Desarrollo", VoluntaryCharity),
        ("Bundesministerium für Digitales und Verkehr", PublicBody),
        ("Stadt Wien", LocalAuthority),
        ("Université de Lille", Academic),
        ("Telefónica S.A.", PrivateProvider),
        ("Orange Polska Sp. z o.o.", PrivateProvider),
    ] {
        let r = named(name, "");
        assert_eq!(r.respondent_type, want, "{name}: {r:?}");
    }
}

#[test]
fn mixed_or_weak_inferences_are_listed_for_an_analyst_and_nothing_else_is() {
    let people = [
        respondent(Some("Kestwick County Council"), None),
        respondent(Some("Larkhill Vale County Council"), None),
        respondent(Some("Acme"), None),
        respondent(Some("Brightpath Families"), Some(VoluntaryCharity)),
        respondent(None, None),
    ];
    let texts = [
        "We are a registered charity working with families.",
        "",
        "",
        "We are a registered charity working with families, and a council too.",
        "I am a parent.",
    ];
    let inputs: Vec<RespondentInput<'_>> = people
        .iter()
        .zip(texts)
        .map(|(respondent, text)| RespondentInput {
            respondent,
            text,
            label: None,
        })
        .collect();
    let r = read(&inputs, None);
    let listed = r.to_review();
    assert!(listed.contains(&0), "mixed clues: {:?}", r.judgements[0]);
    assert!(
        listed.contains(&2),
        "a bare name is a weak clue: {:?}",
        r.judgements[2]
    );
    assert!(!listed.contains(&1), "a council by its name is clear");
    assert!(!listed.contains(&3), "declared types are not second-guessed");
    assert!(!listed.contains(&4), "individuals are not listed");
    // Least sure first.
    let confidences: Vec<f32> = listed.iter().map(|&i| r.judgements[i].confidence).collect();
    assert!(confidences.windows(2).all(|w| w[0] <= w[1]), "{confidences:?}");
}
