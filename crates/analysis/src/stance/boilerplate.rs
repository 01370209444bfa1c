//! Sentences that every consultation's letters carry and that argue nothing.
//!
//! Salutations, dates, sign-offs, "please accept this as our response", who the organisation
//! is. Without examples of them, the router sends them to whichever proposal's answers talk
//! most about "the consultation" itself (on the demo, the one on the consultation's length),
//! and a letter that never mentioned that proposal gets a stance on it. These are general
//! English letter conventions, written for any consultation, not drawn from the demo; the
//! router learns them as one more class, "about none of the proposals".

/// Examples of letter text that addresses no proposal.
pub const SENTENCES: &[&str] = &[
    "Dear Sir or Madam,",
    "Dear Consultation Team,",
    "Dear Minister,",
    "To whom it may concern,",
    "Yours sincerely,",
    "Yours faithfully,",
    "Kind regards,",
    "Best wishes,",
    "Many thanks,",
    "12 March 2015",
    "3rd June 2019",
    "Head of Policy",
    "Chief Executive",
    "Director of Children's Services",
    "Policy Team, 2 Market Street, Anytown",
    "Tel: 01234 567890",
    "Email: policy@example.org",
    "Please accept this letter as our formal response to the consultation.",
    "Please find below our response to the consultation.",
    "I am writing to respond to the consultation.",
    "I want to respond to the consultation.",
    "This is the response of our organisation to the consultation on the draft regulations.",
    "We welcome the opportunity to respond to this consultation.",
    "Thank you for the opportunity to comment on these proposals.",
    "Thank you for taking the time to read my response.",
    "We would be happy to discuss any of these points further.",
    "Please do not hesitate to contact me if you would like further information.",
    "Our response is set out below, question by question.",
    "This response has been approved by our board of trustees.",
    "We are a registered charity working with families across the region.",
    "Our members include councils, providers and practitioners across England.",
    "We represent around three thousand members working in the sector.",
    "I have lived in this town for twenty years.",
    "I am a parent of two children.",
    "See attached.",
    "See below.",
    "Please see my answer above.",
    "No further comments.",
    "N/A",
    "I have nothing to add.",
    // Headings that letters answering question by question carry, and requests about how the
    // response is to be handled: they name the consultation but argue nothing.
    "Question 1",
    "Question 4:",
    "Response to question 2",
    "Consultation question 3",
    "Introduction",
    "Summary of our response",
    "Annex A",
    "We are happy for this response to be published.",
    "Please do not publish my name or address.",
    "We would like this response to be treated as confidential.",
];
