//! The generator's fixed vocabulary (healthcare and staff-support words), its inflections and Zipf weights.
//!
//! Word order matters: earlier words are more frequent. The lists are the reference generator's, verbatim,
//! duplicates included, so the same seed draws the same words.

const NOUNS: &str = "
incident support colleague team patient nurse doctor investigation guilt sleep
family time work feeling harm error shift ward staff experience conversation
review care service manager hospital day week anaesthetist surgeon midwife
wellbeing stress anxiety report question help advice meeting process outcome
safety risk trust learning change plan problem concern need night year month
mind body health emotion memory story voice complaint statement event
practice clinic theatre department unit trainee student consultant registrar
specialist pharmacist paramedic porter receptionist volunteer chaplain
counsellor therapist psychologist mentor supervisor peer friend partner child
parent carer relative home life career job role responsibility duty value
issue challenge barrier improvement step action response reaction symptom
sign nightmare flashback insomnia fatigue exhaustion isolation loneliness
blame judgement confidence compassion kindness empathy understanding
acknowledgement forgiveness courage honesty openness transparency
accountability justice fairness culture leadership organisation system
environment workload pressure deadline workforce policy procedure guideline
protocol training lesson reflection apology candour disclosure litigation
lawyer union regulator tribunal hearing panel evidence record note chart
medication dose drug prescription allergy infection operation surgery
anaesthesia emergency ambulance bed hour minute moment break rest exercise
diet breath mind thought resource guide leaflet website helpline network group
community debrief inquest coroner grief trauma shame fear anger sadness
resilience recovery counselling therapy burnout director lead employer
appointment referral assessment diagnosis treatment decision choice rota
handover checklist briefing audit investigator interview timeline finding
recommendation letter email phone message silence tear smile hand door room
corridor office car journey weekend holiday routine habit walk run garden
meal coffee tea friendship relationship marriage conflict argument agreement
worry doubt hope relief gratitude pride strength weakness vulnerability
identity purpose meaning balance boundary priority goal habit skill knowledge
competence mistake accident near-miss alarm monitor ventilator scan test
result sample label syringe pump cannula airway oxygen pain comfort dignity
respect privacy confidentiality consent rights law claim insurance
compensation settlement inquiry
";

/// Nouns that are never pluralised and never take "a", "every" or "each".
const UNCOUNTABLE: &str = "
support guilt sleep wellbeing stress anxiety help advice safety trust
learning health harm care staff evidence knowledge anaesthesia candour
disclosure litigation insomnia fatigue exhaustion isolation loneliness
blame judgement confidence compassion kindness empathy understanding
forgiveness courage honesty openness transparency accountability justice
fairness leadership workload pressure training reflection medication
surgery rest exercise diet counselling therapy burnout grief
trauma shame fear anger sadness resilience recovery silence gratitude
pride strength vulnerability purpose meaning balance competence pain
comfort dignity respect privacy confidentiality consent law insurance
compensation oxygen work time life
";

const IRREGULAR_PLURALS: &[(&str, &str)] = &[
    ("child", "children"),
    ("person", "people"),
    ("diagnosis", "diagnoses"),
    ("midwife", "midwives"),
    ("life", "lives"),
    ("inquiry", "inquiries"),
];

/// Verbs with their irregular (past, past participle), if any.
#[rustfmt::skip]
const VERBS: &[(&str, Option<(&str, &str)>)] = &[
    ("support", None), ("feel", Some(("felt", "felt"))), ("talk", None),
    ("help", None), ("listen", None), ("share", None), ("report", None),
    ("review", None), ("investigate", None), ("learn", None),
    ("reflect", None), ("recover", None), ("cope", None), ("manage", None),
    ("notice", None), ("ask", None), ("tell", Some(("told", "told"))),
    ("explain", None), ("describe", None), ("admit", None),
    ("apologise", None), ("blame", None), ("forgive", Some(("forgave", "forgiven"))),
    ("sleep", Some(("slept", "slept"))), ("rest", None), ("work", None),
    ("care", None), ("treat", None), ("prescribe", None),
    ("administer", None), ("monitor", None), ("assess", None),
    ("escalate", None), ("document", None), ("record", None),
    ("meet", Some(("met", "met"))), ("attend", None), ("contact", None),
    ("call", None), ("write", Some(("wrote", "written"))), ("read", Some(("read", "read"))),
    ("understand", Some(("understood", "understood"))), ("accept", None),
    ("acknowledge", None), ("change", None), ("improve", None),
    ("prevent", None), ("reduce", None), ("increase", None),
    ("protect", None), ("encourage", None), ("offer", None),
    ("provide", None), ("seek", Some(("sought", "sought"))),
    ("find", Some(("found", "found"))), ("need", None), ("want", None),
    ("try", None), ("start", None), ("stop", None), ("continue", None),
    ("remember", None), ("forget", Some(("forgot", "forgotten"))), ("worry", None),
    ("struggle", None), ("experience", None), ("happen", None),
    ("affect", None), ("involve", None), ("include", None), ("avoid", None),
    ("return", None), ("leave", Some(("left", "left"))), ("join", None),
    ("lead", Some(("led", "led"))), ("follow", None), ("decide", None),
    ("choose", Some(("chose", "chosen"))), ("prepare", None), ("plan", None),
    ("agree", None), ("discuss", None), ("consider", None),
    ("recognise", None), ("reassure", None), ("comfort", None),
    ("check", None), ("train", None), ("practise", None), ("breathe", None),
    ("exercise", None), ("speak", Some(("spoke", "spoken"))),
    ("hear", Some(("heard", "heard"))), ("think", Some(("thought", "thought"))),
    ("know", Some(("knew", "known"))), ("give", Some(("gave", "given"))),
    ("take", Some(("took", "taken"))), ("make", Some(("made", "made"))),
    ("keep", Some(("kept", "kept"))), ("build", Some(("built", "built"))),
    ("carry", None), ("handle", None), ("question", None), ("challenge", None),
    ("interview", None), ("audit", None), ("refer", None), ("signpost", None),
];

const ADJECTIVES: &str = "
difficult supportive safe clinical emotional serious professional personal
open honest hard tired anxious important useful practical confidential
psychological stressful busy senior junior new experienced formal informal
local national fair just guilty isolated calm kind compassionate confident
common rare normal natural healthy physical mental human long short early
late first final second small large simple complex clear unclear sudden
painful traumatic adverse unexpected avoidable preventable independent
structured regular brief thorough careful quiet difficult lonely
overwhelming reassuring helpful unhelpful specialist medical surgical
paediatric maternity intensive acute chronic immediate ongoing
";

const ADVERBS: &str = "
often sometimes rarely quickly slowly carefully gently openly honestly
quietly really usually gradually immediately later together still already
perhaps simply clearly properly deeply regularly frequently formally
informally safely kindly
";

const PREPOSITIONS: &str = "
of in to for with on at by from about after before during without within
through between around among towards under over into across despite
following
";

/// First names used in stories, quotes and titles (some with accents, to exercise diacritic folding).
pub(crate) const NAMES: &[&str] = &[
    "Sam", "Priya", "Tom", "Aisha", "José", "Zoë", "Chloé", "Renée", "Mark", "Fiona", "Ravi",
    "Grace", "Oliver", "Nadia", "Ben", "Ama",
];

/// The forms of a verb: base, third person singular, past, past participle, `-ing`.
#[derive(Debug, Clone)]
pub(crate) struct VerbForms {
    pub(crate) base: String,
    pub(crate) third: String,
    pub(crate) past: String,
    pub(crate) participle: String,
    pub(crate) ing: String,
}

/// A word list with cumulative Zipf-Mandelbrot weights for drawing by rank.
#[derive(Debug, Clone)]
pub(crate) struct Weighted<T> {
    pub(crate) items: Vec<T>,
    cumulative: Vec<f64>,
}

impl<T> Weighted<T> {
    fn new(items: Vec<T>, s: f64, q: f64) -> Weighted<T> {
        let mut total = 0.0;
        let cumulative = (0..items.len())
            .map(|rank| {
                total += 1.0 / (rank as f64 + q).powf(s);
                total
            })
            .collect();
        Weighted { items, cumulative }
    }

    /// The index whose cumulative weight first exceeds `unit * total` (`bisect.bisect_right`).
    pub(crate) fn index_at(&self, unit: f64) -> usize {
        let target = unit * self.cumulative.last().copied().unwrap_or(0.0);
        self.cumulative.partition_point(|&it| it <= target).min(self.items.len() - 1)
    }
}

/// Every word list the generator draws from.
#[derive(Debug, Clone)]
pub(crate) struct Vocabulary {
    pub(crate) nouns: Weighted<&'static str>,
    pub(crate) noun_plurals: Vec<String>,
    uncountable: Vec<&'static str>,
    pub(crate) verbs: Weighted<VerbForms>,
    pub(crate) adjectives: Weighted<&'static str>,
    pub(crate) adverbs: Weighted<&'static str>,
    pub(crate) prepositions: Weighted<&'static str>,
}

impl Vocabulary {
    pub(crate) fn new() -> Vocabulary {
        let uncountable: Vec<&str> = UNCOUNTABLE.split_whitespace().collect();
        let nouns: Vec<&str> = NOUNS.split_whitespace().collect();
        let noun_plurals = nouns.iter().map(|it| plural_of(it, &uncountable)).collect();
        let verbs = VERBS.iter().map(|&(base, irregular)| verb_forms(base, irregular)).collect();
        Vocabulary {
            nouns: Weighted::new(nouns, 1.0, 2.7),
            noun_plurals,
            uncountable,
            verbs: Weighted::new(verbs, 1.0, 2.7),
            adjectives: Weighted::new(ADJECTIVES.split_whitespace().collect(), 1.0, 2.7),
            adverbs: Weighted::new(ADVERBS.split_whitespace().collect(), 1.0, 2.7),
            prepositions: Weighted::new(PREPOSITIONS.split_whitespace().collect(), 1.2, 1.0),
        }
    }

    pub(crate) fn is_uncountable(&self, noun: &str) -> bool {
        self.uncountable.contains(&noun)
    }

    /// The plural of a noun (uncountable nouns stay as they are).
    pub(crate) fn plural(&self, noun: &str) -> String {
        plural_of(noun, &self.uncountable)
    }
}

fn plural_of(noun: &str, uncountable: &[&str]) -> String {
    if uncountable.contains(&noun) {
        return noun.to_owned();
    }
    if let Some(&(_, irregular)) = IRREGULAR_PLURALS.iter().find(|(it, _)| *it == noun) {
        return irregular.to_owned();
    }
    if ["s", "x", "ch", "sh"].iter().any(|it| noun.ends_with(it)) {
        return format!("{noun}es");
    }
    match noun.strip_suffix('y') {
        Some(stem) if !stem.ends_with(is_vowel) => format!("{stem}ies"),
        _ => format!("{noun}s"),
    }
}

fn is_vowel(c: char) -> bool {
    "aeiou".contains(c)
}

/// Whether "an" goes before this word.
pub(crate) fn starts_with_vowel(word: &str) -> bool {
    word.chars().next().is_some_and(|c| is_vowel(c.to_ascii_lowercase()))
        && !["uni", "use", "eu"].iter().any(|it| word.starts_with(it))
}

/// Stems whose final consonant doubles before `-ing`.
const DOUBLE_BEFORE_ING: &[&str] = &["stop", "plan", "admit", "refer", "forget", "run"];
/// Stems whose final consonant doubles before `-ed`.
const DOUBLE_BEFORE_ED: &[&str] = &["stop", "plan", "admit", "refer"];

fn verb_forms(base: &str, irregular: Option<(&str, &str)>) -> VerbForms {
    let consonant_y = base.strip_suffix('y').filter(|stem| !stem.ends_with(is_vowel));
    let third = if ["s", "x", "ch", "sh"].iter().any(|it| base.ends_with(it)) {
        format!("{base}es")
    } else if let Some(stem) = consonant_y {
        format!("{stem}ies")
    } else {
        format!("{base}s")
    };
    let ing = if let Some(stem) = base.strip_suffix("ie") {
        format!("{stem}ying")
    } else if base.ends_with('e') && !["ee", "ye", "oe"].iter().any(|it| base.ends_with(it)) {
        format!("{}ing", &base[..base.len() - 1])
    } else if DOUBLE_BEFORE_ING.contains(&base) {
        format!("{base}{}ing", &base[base.len() - 1..])
    } else {
        format!("{base}ing")
    };
    let (past, participle) = match irregular {
        Some((past, participle)) => (past.to_owned(), participle.to_owned()),
        None => {
            let past = if base.ends_with('e') {
                format!("{base}d")
            } else if let Some(stem) = consonant_y {
                format!("{stem}ied")
            } else if DOUBLE_BEFORE_ED.contains(&base) {
                format!("{base}{}ed", &base[base.len() - 1..])
            } else {
                format!("{base}ed")
            };
            (past.clone(), past)
        }
    };
    VerbForms { base: base.to_owned(), third, past, participle, ing }
}
