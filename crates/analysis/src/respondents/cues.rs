//! The words that say what kind of body a respondent is.
//!
//! Each cue is a pattern and the evidence it adds for one type, in log-odds units: a cue of 4
//! alone against an even field gives that type about nine chances in ten. Weights say how
//! often a body using those words is of that type, across the UK, US and EU consultations the
//! patterns were written for; they were set by reading, not fitted to any labelled file.
//!
//! Three families: words in an organisation's **name** (also read from letterheads, sign-offs
//! and "on behalf of …"), an **email domain**, and what a respondent **says about themselves**.

use barometer_domain::RespondentType::{self, *};
use regex::Regex;
use std::sync::LazyLock;

/// One pattern and the type it points to.
pub(crate) struct Cue {
    pub pattern: Regex,
    pub respondent_type: RespondentType,
    pub weight: f32,
}

fn cues(table: &[(&str, RespondentType, f32)]) -> Vec<Cue> {
    table
        .iter()
        .map(|(p, t, w)| Cue {
            pattern: Regex::new(&format!("(?i){p}")).expect("cue patterns are valid"),
            respondent_type: *t,
            weight: *w,
        })
        .collect()
}

/// Words in an organisation's name.
pub(crate) static NAME: LazyLock<Vec<Cue>> = LazyLock::new(|| {
    cues(&[
        // Councils, and local government abroad. "Council of/for/on …" is a membership body or
        // a charity ("Council for British Archaeology"), so only a council named for a place
        // counts.
        (
            r"\b(borough|county|city|district|town|parish|metropolitan|unitary|shire|regional|municipal)\s+council\b",
            LocalAuthority,
            5.0,
        ),
        (
            r"^(the\s+)?(london\s+|royal\s+)?borough\s+of\b",
            LocalAuthority,
            5.0,
        ),
        (
            r"\b(city|county|town|village|municipality)\s+of\s+[a-z]",
            LocalAuthority,
            3.5,
        ),
        (r"^[\w'’. -]{2,40}\s+council(\s*[-–,:].*)?$", LocalAuthority, 3.0),
        (
            r"\b(national|american|british|european|international|world|global)\b.*\bcouncil\b|\b(network|health|advisory|research|trade|industry|sports?|arts)\s+council\b",
            ProfessionalBody,
            2.5,
        ),
        (
            r"\b(local|combined|unitary)\s+authority\b|\blocal\s+government\b",
            LocalAuthority,
            4.0,
        ),
        (
            r"\b(city|county)\b.*\b(department|office|board)\b",
            LocalAuthority,
            2.5,
        ),
        (
            r"\b(municipality|municipal|commune|gemeinde|stadt|kommune|ayuntamiento|comune|gmina|municipio|ville\s+de|landkreis|gemeente)\b",
            LocalAuthority,
            4.0,
        ),
        (
            r"\bsafeguarding\s+(children|adults)\s+(board|partnership)\b",
            LocalAuthority,
            2.5,
        ),
        // Central government, agencies, regulators, parliaments.
        (
            r"\b(ministry|minist[eè]re|ministerio|ministerium|ministero|bundesministerium)\b",
            PublicBody,
            4.5,
        ),
        (r"\bdepartment\s+(of|for)\b", PublicBody, 2.5),
        (r"\b(government|federal|governmental)\b", PublicBody, 3.0),
        (r"\bstate\s+of\s+[a-z]", PublicBody, 3.0),
        (r"\b(agency|executive\s+agency)\b", PublicBody, 2.0),
        (
            r"\b(regulator|regulatory|inspectorate|ombudsman|commissioner)\b",
            PublicBody,
            3.5,
        ),
        (r"\bcommission\b", PublicBody, 2.0),
        (r"\bauthority\b", PublicBody, 1.5),
        (
            r"\b(parliament|house\s+of\s+(commons|lords|representatives)|senate|congress|bundestag|assembl[ye]e?\s+nationale|national\s+assembly)\b",
            PublicBody,
            3.5,
        ),
        (
            r"^(the\s+)?(rt\.?\s+)?(hon\.?\s+)?[\w'’. -]{2,40}\s+(mp|msp|ms|mla|mep|am)$|\b(senator|congress(wo)?man|member\s+of\s+parliament|member\s+of\s+congress)\b",
            PublicBody,
            4.0,
        ),
        (r"\bnhs\b", PublicBody, 3.5),
        (
            r"\bnhs\s+(foundation\s+)?trust\b|\bnhs\s+england\b|\bintegrated\s+care\s+board\b",
            PublicBody,
            8.0,
        ),
        (
            r"\b(ofsted|ofcom|ofgem|ofwat|ofqual|cafcass|hmrc|dwp|cqc|nice|social\s+work\s+england|care\s+quality\s+commission|healthwatch|environment\s+agency)\b",
            PublicBody,
            5.0,
        ),
        (
            r"\b(police|constabulary|fire\s+and\s+rescue|judiciary|tribunal)\b",
            PublicBody,
            3.0,
        ),
        (r"\boffice\s+(of|for)\b", PublicBody, 2.0),
        (
            r"\b(bundesamt|agence|agencia|agenzia|autorit[eéà]|beh[oö]rde)\b",
            PublicBody,
            4.0,
        ),
        (r"\bnational\s+institutes?\s+of\b", PublicBody, 2.0),
        (r"\bpublic\s+health\b", PublicBody, 2.0),
        // Charities and the voluntary sector.
        (r"\b(charity|charities|charitable)\b", VoluntaryCharity, 4.0),
        (
            r"\b(ngo|non-?profit|not[- ]for[- ]profit|voluntary|volunteers?)\b",
            VoluntaryCharity,
            3.5,
        ),
        (r"\bfoundation\b", VoluntaryCharity, 3.0),
        (r"\btrust\b", VoluntaryCharity, 2.5),
        (r"\bfriends\s+of\b", VoluntaryCharity, 4.0),
        (
            r"\b(campaign|campaigns|coalition|action|advocacy|rights|justice)\b",
            VoluntaryCharity,
            2.5,
        ),
        (
            r"\b(network|forum|project|initiative|partnership|community|communities)\b",
            VoluntaryCharity,
            1.5,
        ),
        (
            r"\b(church|churches|diocesan|diocese|faith|interfaith|mosque|synagogue|christian|catholic|islamic|jewish)\b",
            VoluntaryCharity,
            3.0,
        ),
        (
            r"\b(home-start|barnardo'?s|nspcc|scope|mind|shelter|oxfam|red\s+cross|save\s+the\s+children)\b",
            VoluntaryCharity,
            3.0,
        ),
        (
            r"\b(advice|support|helpline|hospice|refuge)\b",
            VoluntaryCharity,
            1.5,
        ),
        (
            r"\b(patients?|consumers?|famil(y|ies)|parents'?|carers'?|survivors|disabilit(y|ies)|kinship|youth|young\s+people|child|children'?s?|welfare|wellbeing|fostering|adoption)\b",
            VoluntaryCharity,
            1.2,
        ),
        (r"\bsociety\b", VoluntaryCharity, 1.5),
        (r"\b(centre|center)\b", VoluntaryCharity, 1.0),
        (
            r"\b(public\s+interest|interest\s+research\s+group|pirg)\b",
            VoluntaryCharity,
            3.0,
        ),
        (
            r"\b(community\s+interest\s+company|cic|social\s+enterprise)\b",
            VoluntaryCharity,
            2.5,
        ),
        // Professional bodies, unions, trade and membership associations.
        // Associations often trade through a company ("… Association Services, Inc."): the
        // association decides.
        (
            r"\b(association|associations|asociaci[oó]n|associazione|verband|verein)\b",
            ProfessionalBody,
            4.5,
        ),
        (
            r"\b(royal|american|national|british|european)\s+college\s+of\b|^(the\s+)?college\s+of\b",
            ProfessionalBody,
            4.5,
        ),
        (r"\bacademy\s+of\b", ProfessionalBody, 3.5),
        (r"\bsociety\s+(of|for)\b", ProfessionalBody, 2.5),
        (r"\b(chartered|institute\s+of)\b", ProfessionalBody, 2.5),
        (
            r"\b(union|unions|federation|confederation|guild|chamber\s+of\s+commerce|trade\s+body|industry\s+body|syndicate|gewerkschaft)\b",
            ProfessionalBody,
            3.5,
        ),
        (r"\bcouncil\s+(of|on)\b", ProfessionalBody, 2.0),
        (r"\bcouncil\s+for\b", VoluntaryCharity, 2.5),
        (
            r"\b(alliance|consortium|collaborative|accreditation|certification|standards)\b",
            ProfessionalBody,
            2.0,
        ),
        (r"\bnetwork\s+of\b", ProfessionalBody, 2.0),
        (
            r"\b(professionals|practitioners|specialists|surgeons|physicians|doctors|nurses|nursing|midwives|social\s+workers|managers|chairs|officers|lawyers|solicitors|directors|counsell?ors|psychologists|therapists|teachers|workers|employers|providers|plans|pharmacists|dentists|engineers|mediators)\b",
            ProfessionalBody,
            1.5,
        ),
        // Companies.
        (
            r"\b(ltd|limited|llc|l\.l\.c|inc|incorporated|corp|corporation|plc|llp|pllc|gmbh|ag|sarl|s\.?a\.?s|s\.?r\.?l|s\.?p\.?a|b\.?v|n\.?v|oy|a/s|as)\b\.?\s*$|\b(ltd|limited|llc|inc|corp|plc|llp|gmbh)\b",
            PrivateProvider,
            3.5,
        ),
        (
            r"\b(company|companies|holdings?|enterprises|ventures|capital|industries|business|businesses|commercial|private\s+sector|industry)\b",
            PrivateProvider,
            3.0,
        ),
        (
            r"\b(solutions|technologies|technology|tech|consulting|consultancy|consultants|software|systems|analytics|data|digital|labs?|media|networks|partners|insurance|bank|pharma|pharmaceuticals?|diagnostics|logistics|outsourcing|healthcare|health)\b",
            PrivateProvider,
            1.5,
        ),
        (
            r"\b(services|care|homes?|residential|group|clinic|practice|agency)\b",
            PrivateProvider,
            0.8,
        ),
        (r"\b[\w-]+\.(com|io|me|ai|co|net)\b", PrivateProvider, 3.0),
        // Universities and research.
        (
            r"\b(university|universit[éäà]t?|universidad|universiteit|uniwersytet|polytechnic|hochschule)\b",
            Academic,
            6.0,
        ),
        (
            r"\b(school\s+of|law\s+school|business\s+school|faculty\s+of|department\s+of\s+[\w ]*(studies|policy|science|sciences|economics|sociology|law))\b",
            Academic,
            3.5,
        ),
        (
            r"\b(research|researchers|think[- ]?tank|academic|academics|scholars?|professor|lecturer)\b",
            Academic,
            2.5,
        ),
        (r"\b(centre|center|institute)\s+for\b", Academic, 2.0),
        (
            r"\bpolicy\s+(lab|unit|institute|centre|center|group)\b",
            Academic,
            3.0,
        ),
        (r"\b(institute|college|laboratory|observatory)\b", Academic, 1.5),
        // The same kinds of body in the other languages of European consultations.
        (
            r"\b(stiftung|fondation|fundaci[oó]n|fondazione|fundacja|stichting|fundação|nadace|säätiö)\b",
            VoluntaryCharity,
            3.5,
        ),
        (
            r"\b(e\.\s?v\.|asbl|vzw|onlus|ong|verein|vereniging|förening|forening|associação|stowarzyszenie|umwelt|environmental|climate|wildlife|nature|greenpeace|wwf|birdlife|verbraucher|consommateurs|consumidores|consumatori)\b",
            VoluntaryCharity,
            2.5,
        ),
        (
            r"\b(f[ée]d[ée]ration|conf[ée]d[ée]ration|federaci[oó]n|federazione|federacja|bundesverband|verband|syndicat|sindicato|sindacato|związek|vakbond|kammer|chambre|c[aá]mara|camera\s+di\s+commercio|ordre\s+des|ordine\s+dei|colegio\s+de|berufsverband|branchenverband|business\s+europe|eurochambres)\b",
            ProfessionalBody,
            3.5,
        ),
        (
            r"\b(sp\.\s?z\s?o\.\s?o|s\.\s?r\.\s?o|kft|zrt|aps|a/s|oy|oyj|ab|kg|ohg|gmbh\s*&\s*co|s\.\s?a\.|spa|s\.p\.a|srl|sarl|sas|bv|nv|se|d\.o\.o|ltda|s\.l\.)\s*\.?$",
            PrivateProvider,
            3.5,
        ),
        (
            r"\b(r[ée]gion|regione|regi[oó]n|provincia|province|diputaci[oó]n|departement|d[ée]partement\s+(de|du|des)|bezirk|kreis|województwo|gemeinde|mairie|municipalit[ée]|kommun|kunta|obec|miasto)\b",
            LocalAuthority,
            3.0,
        ),
        (
            r"\b(bundesministerium|ministerstwo|ministerie|minist[eé]rio|ministero|agentur|instituto\s+nacional|autorit[àé]|autoridad|inspektorat|direction\s+g[ée]n[ée]rale|generaldirektion|federal\s+office|national\s+(agency|authority|office)|permanent\s+representation|embassy)\b",
            PublicBody,
            3.5,
        ),
        (
            r"\b(universit[äàáé]|universidade|uniwersytet|universiteit|yliopisto|univerzita|egyetem|hochschule|politecnico|polytechnique|instytut|institut\s+(f[üu]r|de|national)|istituto|forschung|recherche|investigaci[oó]n|ricerca)\b",
            Academic,
            3.5,
        ),
        // German names compound their kind into one word ("Bundesarchitektenkammer").
        (
            r"\w(kammer|verband|verbände|gewerkschaft)\b",
            ProfessionalBody,
            3.5,
        ),
        (r"\w(stiftung|verein|hilfe|schutz)\b", VoluntaryCharity, 3.0),
        (r"\w(ministerium|behörde|bundesamt|landesamt)\b", PublicBody, 4.0),
        (r"\w(gemeinde|stadtverwaltung|landkreis)\b", LocalAuthority, 3.5),
        // A person, not a body.
        (
            r"^\s*(n/?a|none|nil|self|myself|me|private|private\s+individual|individual|citizen|resident|retired|parent|personal|not\s+applicable|no\s+organi[sz]ation|-+)\s*\.?$",
            Individual,
            7.0,
        ),
        (
            r"^\s*(mr|mrs|ms|miss|mx|dr|prof)\.?\s+[a-z]+(\s+[a-z]+)?\s*$",
            Individual,
            3.0,
        ),
    ])
});

/// An email domain (the sender's, or an address in the text).
pub(crate) static DOMAIN: LazyLock<Vec<Cue>> = LazyLock::new(|| {
    cues(&[
        (
            r"(^|\.)(gmail|googlemail|hotmail|outlook|live|msn|yahoo|ymail|icloud|me|mac|aol|btinternet|sky|virginmedia|talktalk|protonmail|proton|gmx|web|orange|free|libero|wanadoo|t-online|comcast|verizon|att)\.",
            Individual,
            3.0,
        ),
        (r"\.gov\.uk$", LocalAuthority, 2.5),
        (r"\.gov\.uk$", PublicBody, 2.0),
        (r"(^|\.)(nhs\.uk|nhs\.net)$", PublicBody, 3.5),
        (
            r"\.(gov|mil)$|\.gov\.[a-z]{2}$|\.gouv\.[a-z]{2}$|\.gob\.[a-z]{2}$|\.gv\.at$|\.bund\.de$|\.europa\.eu$|\.gc\.ca$|\.state\.[a-z]{2}\.us$|\.parliament\.uk$",
            PublicBody,
            3.5,
        ),
        (
            r"\.(ci|co|city|county)\.[a-z .]+\.us$|\.(kommune|gemeinde|stadt)\.|^[a-z-]*(council|borough)[a-z-]*\.",
            LocalAuthority,
            3.0,
        ),
        (
            r"\.ac\.[a-z]{2}$|\.edu(\.[a-z]{2})?$|(^|\.)uni-[a-z-]+\.[a-z]{2}$",
            Academic,
            4.0,
        ),
        (r"\.(org|org\.uk|ngo|charity)$", VoluntaryCharity, 1.5),
        (r"\.(org|org\.uk)$", ProfessionalBody, 1.0),
        (r"\.(com|co\.uk|biz|io|ltd\.uk|plc\.uk)$", PrivateProvider, 1.5),
    ])
});

/// What a respondent says about themselves.
pub(crate) static SELF: LazyLock<Vec<Cue>> = LazyLock::new(|| {
    cues(&[
        // Writing as a person, whatever their job.
        (
            r"\b(in\s+(a|my)\s+(personal|private|own)\s+capacity|on\s+my\s+own\s+behalf|as\s+a\s+private\s+(individual|citizen)|my\s+own\s+(views|opinion)|not\s+(on\s+behalf\s+of|representing)\s+(my|an?)\s+(employer|organi[sz]ation))",
            Individual,
            5.0,
        ),
        (
            r"\b(i\s+am|i'm|i’m)\s+(writing\s+)?(as\s+)?(a|an)\s+(\w+\s+)?(parent|mother|father|mum|mom|dad|grandparent|grandmother|grandfather|foster\s+carer|carer|care\s+leaver|adopter|member\s+of\s+the\s+public|resident|citizen|patient|taxpayer|voter|woman|man|retired|pensioner|student|survivor|widow|veteran)\b",
            Individual,
            3.0,
        ),
        (
            r"\b(writing|responding)\s+as\s+(a|an)\s+(\w+\s+)?(parent|mother|father|grandparent|foster\s+carer|carer|care\s+leaver|adopter|member\s+of\s+the\s+public|resident|citizen|patient)\b",
            Individual,
            4.0,
        ),
        (
            r"\bas\s+(a|an)\s+(\d+[- ]year[- ]old\s+)?(parent|mother|father|mum|mom|grandparent|foster\s+carer|carer|care\s+leaver|patient|member\s+of\s+the\s+public|woman|man|taxpayer|voter|consumer)\b",
            Individual,
            2.5,
        ),
        (
            r"\bmy\s+(son|daughter|child|children|husband|wife|partner|grandchildren|mother|father|doctor)\b",
            Individual,
            1.0,
        ),
        // Councils.
        (
            r"(?:(?:^|[.!?:;]\s+|\n\s*)as|\bwe\s+are)\s+(a|an|the)\s+(\w+\s+)?(local\s+authority|council|unitary\s+authority|county\s+council|borough\s+council|city\s+council|corporate\s+parent)\b",
            LocalAuthority,
            4.0,
        ),
        (
            r"\b(this|our)\s+(council|local\s+authority|borough|county)\b",
            LocalAuthority,
            3.0,
        ),
        (
            r"\bour\s+(looked[- ]after\s+children|children'?s\s+social\s+care|children'?s\s+services\s+department|residents)\b",
            LocalAuthority,
            1.5,
        ),
        // Charities.
        (
            r"(?:(?:^|[.!?:;]\s+|\n\s*)as|\bwe\s+are)\s+(a|an)\s+([\w-]+\s+){0,2}(charity|voluntary\s+(organi[sz]ation|sector\s+organi[sz]ation)|non-?profit|not[- ]for[- ]profit|ngo|charitable\s+\w+)\b",
            VoluntaryCharity,
            4.0,
        ),
        (
            r"\b(registered\s+charity|charity\s+(no|number|reg))\b",
            VoluntaryCharity,
            4.5,
        ),
        (
            r"\bour\s+(charity|volunteers|supporters|service\s+users|beneficiaries|campaigners)\b",
            VoluntaryCharity,
            2.5,
        ),
        // Professional bodies and unions.
        (r"\b(we|which|that)\s+represents?\b", ProfessionalBody, 1.5),
        (
            r"\bour\s+(members|membership|member\s+organi[sz]ations|affiliates)\b",
            ProfessionalBody,
            1.5,
        ),
        (
            r"(?:(?:^|[.!?:;]\s+|\n\s*)as|\bwe\s+are)\s+(a|an|the)\s+([\w-]+\s+){0,3}(professional\s+body|trade\s+union|union|trade\s+association|membership\s+(body|organi[sz]ation)|professional\s+association|royal\s+college|professional\s+society)\b",
            ProfessionalBody,
            4.0,
        ),
        (
            r"\brepresenting\s+(over\s+|more\s+than\s+|some\s+|around\s+)?[\d,]+\b",
            ProfessionalBody,
            2.0,
        ),
        // Companies.
        (
            r"(?:(?:^|[.!?:;]\s+|\n\s*)as|\bwe\s+are)\s+(a|an)\s+([\w-]+\s+){0,3}(company|business|firm|independent\s+provider|private\s+provider|provider\s+of|supplier|vendor|start-?up|corporation|enterprise|publisher)\b",
            PrivateProvider,
            3.5,
        ),
        (
            r"\bour\s+(company|business|firm|customers|clients|products|platform|shareholders|employees|solution|solutions|software)\b",
            PrivateProvider,
            2.5,
        ),
        // Universities and research.
        (
            r"(?:(?:^|[.!?:;]\s+|\n\s*)as|\bwe\s+are)\s+(a|an)\s+([\w-]+\s+){0,2}(researcher|academic|professor|lecturer|research\s+(group|centre|center|team|institute|unit)|university|think\s+tank)\b",
            Academic,
            4.0,
        ),
        (
            r"\b(i\s+am|i'm|i’m)\s+(a|an)\s+([\w-]+\s+){0,2}(professor|lecturer|researcher|academic|scientist)\b",
            Academic,
            3.0,
        ),
        (
            r"\b(i|we)\s+(have\s+)?(done|conducted|carried\s+out|published)\s+(\w+\s+){0,2}research\b|\bour\s+(research|university|students|study|studies|findings)\b",
            Academic,
            2.5,
        ),
        // Government.
        (
            r"(?:(?:^|[.!?:;]\s+|\n\s*)as|\bwe\s+are)\s+(a|an|the)\s+([\w-]+\s+){0,2}(government\s+department|department|agency|regulator|public\s+body|inspectorate|ministry|commission|federal\s+agency|state\s+agency|medicaid\s+agency)\b",
            PublicBody,
            3.5,
        ),
        (
            r"\bon\s+behalf\s+of\s+the\s+(state|government|department|ministry|agency|office|commonwealth)\s+of\b",
            PublicBody,
            4.0,
        ),
        (
            r"\bour\s+(agency|department|ministry|regulatory\s+\w+|inspectors)\b",
            PublicBody,
            2.5,
        ),
        (
            r"\b(my\s+constituents|my\s+constituency|member\s+of\s+parliament)\b",
            PublicBody,
            4.0,
        ),
    ])
});

/// "On behalf of X", "comments from X", "the response of X": a name the text gives for its
/// sender, read with the name cues.
pub(crate) static NAMED_SENDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i:on\s+behalf\s+of|comments?\s+(?:from|of)|responses?\s+(?:from|of)|submission\s+(?:from|of)|submitted\s+by|views\s+of)\s+(?:the\s+|The\s+)?([A-Z][\w&'’.-]*(?:[ ,]+(?:of|for|and|&|the|on|in|[A-Z][\w&'’.-]*)){0,10})",
    )
    .expect("valid")
});

/// An email address in the text, for its domain.
pub(crate) static EMAIL_DOMAIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)").expect("valid"));

/// First person singular and plural, for the voice a text is written in.
pub(crate) static SINGULAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(i|my|me|i'm|i’m|myself)\b").expect("valid"));
pub(crate) static PLURAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(we|our|us|ourselves|we're|we’re)\b").expect("valid"));
