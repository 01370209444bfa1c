//! Personal data out of quotes.
//!
//! The report quotes respondents' own words as evidence, and a published report must not carry
//! their contact details or names. Patterns err towards removing too much: a quote that loses a
//! harmless number is better than one that publishes a phone number.

use regex::Regex;
use std::sync::LazyLock;

static PATTERNS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    [
        // Emails first, so their domain is not half-taken by the URL pattern.
        (r"(?i)\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b", "[email]"),
        (r"(?i)\b(?:https?://|www\.)\S+", "[link]"),
        // UK postcodes (AA9A 9AA, A9 9AA, …).
        (r"(?i)\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", "[postcode]"),
        // Phone numbers: +44 or 0, then 9 or 10 more digits with optional spaces, dots, dashes.
        (r"(?:\+44\s?\(?0?\)?|\b0)(?:[\s.-]?\d){9,10}\b", "[phone]"),
        // North American numbers, as public-comment dockets carry them: 916.925.3770,
        // (916) 925-3770, +1 916 925 3770.
        (
            r"(?:\+1[\s.-]?)?(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b",
            "[phone]",
        ),
        // US addresses as dockets carry them: "Santa Monica, CA 90403", "Austin, TX 78701-1234".
        (
            r"\b(?:[A-Z][a-z]+\s){0,3}[A-Z][a-z]+,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b",
            "[address]",
        ),
        // A street address: "12 High Street", "4021 Ocean Park Blvd.".
        (
            r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Close|Way|Court|Ct|Place|Pl|Boulevard|Blvd|Crescent|Terrace|Gardens|Grove|Square|Parkway|Pkwy)\b\.?",
            "[address]",
        ),
        // A title and the name after it, initials included: "Mrs Jane Smith", "Dr. Okafor",
        // "Ms. R. N. Lloyd", "Mr. Christina D Marone".
        (
            r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Cllr|Rev)\.?\s+(?:(?:[A-Z][a-z'’-]+|[A-Z]\.?)\s?){1,4}",
            "[name] ",
        ),
        // A closing and the signature after it: "Yours sincerely, Jane Smith".
        (
            r"(?i:yours\s+(?:sincerely|faithfully|truly)|sincerely|(?:kind|best|warm)\s+regards|regards|best\s+wishes|many\s+thanks)[,.]?\s+(?:(?:[A-Z][a-z'’-]+|[A-Z]\.?)\s?){1,4}",
            "[signature] ",
        ),
        // Self-introductions: "My name is Jane Smith", "I am John".
        (
            r"(?:[Mm]y name is|I am|I'm)\s+(?:[A-Z][a-z'’-]+\s?){1,3}\b(?:\s*(?:and|,))?",
            "[name] ",
        ),
    ]
    .into_iter()
    .map(|(p, r)| (Regex::new(p).expect("redaction patterns are valid"), r))
    .collect()
});

/// `text` with emails, links, postcodes, phone numbers and names after a title or a
/// self-introduction replaced by a bracketed placeholder.
pub fn redact(text: &str) -> String {
    let mut out = text.to_string();
    for (pattern, replacement) in PATTERNS.iter() {
        out = pattern.replace_all(&out, *replacement).into_owned();
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn contact_details_are_replaced() {
        let quote = "Write to jane.doe@example.org or call 07700 900123, see www.example.org/x, SW1A 2AA.";
        let r = redact(quote);
        assert_eq!(r, "Write to [email] or call [phone], see [link] [postcode].");
    }

    #[test]
    fn north_american_phone_numbers_from_dockets_are_replaced() {
        assert_eq!(
            redact("CHAPCA 916.925.3770, or (916) 925-3770, or +1 916 925 3770."),
            "CHAPCA [phone], or [phone], or [phone]."
        );
        // Years, counts and sums are not phone numbers.
        let quote = "Since 2014, 3,000 of 12,500 providers paid $1,250.";
        assert_eq!(redact(quote), quote);
    }

    #[test]
    fn names_after_titles_and_introductions_are_replaced() {
        assert_eq!(
            redact("Mrs Jane Okafor told us. My name is Tom Reid and I foster."),
            "[name] told us. [name] I foster."
        );
        assert_eq!(redact("As Cllr Hughes said, no."), "As [name] said, no.");
    }

    #[test]
    fn docket_names_with_initials_addresses_and_signatures_are_replaced() {
        assert_eq!(
            redact("Ms. R. N. Lloyd and Mr. Christina D Marone wrote."),
            "[name] and [name] wrote."
        );
        assert_eq!(
            redact("I live at 4021 Ocean Park Blvd. in Santa Monica, CA 90403 with my son."),
            "I live at [address] in [address] with my son."
        );
        assert_eq!(
            redact("Please keep it public. Yours sincerely, Jane Okafor"),
            "Please keep it public. [signature]"
        );
        assert_eq!(redact("Kind regards,\nTom\n"), "[signature]");
    }

    #[test]
    fn ordinary_argument_text_is_untouched() {
        let quote = "Councils rated Outstanding by Ofsted should pilot this for 12 months first.";
        assert_eq!(redact(quote), quote);
    }
}
