#!/usr/bin/env python3
"""Generate the FICTIONAL children's social care (2014) demo consultation data.

Writes, next to consultation.toml:
  responses.csv, letters/*.eml, letters/*.txt, letters/index.csv,
  gold/labels.jsonl, gold/themes.json, README.md

Python 3.11, standard library only, deterministic (fixed seed): running it twice gives
byte-identical files. Usage: python3 tools/generate.py
"""

import csv
import io
import json
import os
import quopri
import random
import shutil
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import banks  # noqa: E402

SEED = 20140403
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
R = random.Random(SEED)

# ----------------------------------------------------------------------------------------------
# Targets
# ----------------------------------------------------------------------------------------------
N_CLOSED_TEXT = 990      # CSV rows with closed answers and free text
N_TEXT_ONLY = 415        # CSV rows with free text only
N_ONE_Q = 106            # CSV rows answering exactly one question (campaign copies included)
N_ORG_LETTERS = 90
N_IND_LETTERS = 26
N_C1_EMAILS = 26
N_C2_EMAILS = 6
N_C1_CSV_TEXT_ONLY = 135  # template in one box plus something in a second box
N_C1_CSV_ONE_Q = 60       # template pasted into a single box, nothing else
N_C1_CSV_CLOSED = 25
N_C2_CSV_TEXT_ONLY = 20
N_C2_CSV_ONE_Q = 8
N_C2_CSV_CLOSED = 4
# organisation rows in the CSV, by type key
CSV_ORGS = {"la": 14, "vol_large": 7, "vol_small": 7, "prof": 12, "private": 12, "academic": 12,
            "other": 11}
LETTER_ORGS = {"la": 16, "vol_large": 9, "vol_small": 8, "prof": 16, "private": 15,
               "academic": 16, "other": 10}

# Barometer's wire names for the gold labels' respondent types. "Other" bodies get none: the
# gold names a type only where a person would know it.
ORG_WIRE_TYPE = {
    "la": "local_authority",
    "vol_large": "voluntary_charity",
    "vol_small": "voluntary_charity",
    "prof": "professional_body",
    "private": "private_provider",
    "academic": "academic",
    "other": None,
}

ORG_TYPE_LABEL = {
    "la": "Local authority",
    "vol_large": "Voluntary, community or charity organisation",
    "vol_small": "Voluntary, community or charity organisation",
    "prof": "Professional body or trade union",
    "private": "Private or independent provider",
    "academic": "University, research institute or think tank",
    "other": "Other",
}

COLS = [
    "Response ID", "Submitted",
    "Are you responding as an individual or on behalf of an organisation?",
    "Organisation name", "Organisation type", "Which of these best describes you?", "Region",
    "Q1 - Do you agree that local authorities should be able to delegate children's social care functions, including child protection, to third-party providers?",
    "Q1 - Please explain your answer",
    "Q2 - Do you agree that delegation should be open to profit-making companies?",
    "Q2 - Please explain your answer",
    "Q3 - Do you agree that the powers should first be tested with a small group of capable authorities?",
    "Q3 - Please explain your answer",
    "Q4 - Do you agree that six weeks is long enough to consult?",
    "Q4 - Please explain your answer",
    "Q5 - Anything else you would like to tell us",
]
CLOSED_COL = {p: COLS[7 + 2 * i] for i, p in enumerate(["P1", "P2", "P3", "P4"])}
EXPLAIN_COL = {p: COLS[8 + 2 * i] for i, p in enumerate(["P1", "P2", "P3", "P4"])}
Q5_COL = COLS[15]
PROPS = ["P1", "P2", "P3", "P4"]
STANCE_OF = {"+": "for", "-": "against", "?": "undecided"}
TICK_STANCE = {"Strongly agree": "for", "Agree": "for", "Neither agree nor disagree": "undecided",
               "Don't know": "undecided", "Disagree": "against", "Strongly disagree": "against"}


def wchoice(d, rng=R):
    keys = list(d.keys())
    return rng.choices(keys, weights=[d[k] for k in keys])[0]


# ----------------------------------------------------------------------------------------------
# Banks
# ----------------------------------------------------------------------------------------------
class Passage:
    __slots__ = ("text", "stances", "themes", "persona", "forbid", "uses")

    def __init__(self, text, stances, themes, persona, forbid):
        self.text, self.stances, self.themes = text, stances, themes
        self.persona, self.forbid = persona, forbid      # persona: None or a tuple of kinds
        self.uses = 0


def parse_bank(text):
    out = []
    for line in text.strip().splitlines():
        labels, sep, body = line.partition(" | ")
        assert sep, line
        st, th, persona, forbid = {}, [], None, []
        for tok in labels.split():
            if tok[0] == "P":
                st[tok[:2]] = STANCE_OF[tok[2]]
            elif tok[0] == "T":
                assert tok in banks.THEMES, tok
                th.append(tok)
            elif tok[0] == "@":
                persona = tuple(tok[1:].split(","))
            elif tok[0] == "!":
                forbid.append((tok[1:3], STANCE_OF[tok[3]]))
            else:
                raise ValueError(tok)
        out.append(Passage(body.replace("\\n", "\n"), st, th, persona, forbid))
    return out


IND = parse_bank(banks.INDIVIDUAL)
ORG_LEAD = parse_bank(banks.ORG_LEAD)
ORG_BODY = parse_bank(banks.ORG_BODY)
OFF_ALL = [s for s in banks.OFF_TOPIC.strip().splitlines()]
# whole-answer-only items ("test", "N/A") never appear inside a longer text
OFF_BOX = [s for s in OFF_ALL if len(s.split()) <= 3]
OFF = [s for s in OFF_ALL if len(s.split()) > 3]
REFERS = [s for s in banks.REFERS.strip().splitlines()]


def realise(text):
    """Expand the bank's [a|b|c] alternatives, one choice per use."""
    out, i = [], 0
    while True:
        j = text.find("[", i)
        if j < 0:
            return "".join(out) + text[i:]
        k = text.index("]", j)
        out.append(text[i:j])
        out.append(R.choice(text[j + 1:k].split("|")))
        i = k + 1


def eligible(pool, p, stance, profile, persona=None, personal_ok=True):
    out = []
    for ps in pool:
        if ps.stances.get(p) != stance:
            continue
        if any(profile.get(q) != s for q, s in ps.stances.items()):
            continue
        if ps.persona is not None and (not personal_ok or persona not in ps.persona):
            continue
        if any(profile.get(q) == s for q, s in ps.forbid):
            continue
        out.append(ps)
    return out


def pick(cands, k=1, avoid=()):
    """Pick up to k distinct passages, preferring little-used ones."""
    cands = [c for c in cands if c not in avoid]
    chosen = []
    for _ in range(k):
        if not cands:
            break
        w = [1.0 / (1 + c.uses) ** 2 for c in cands]
        c = R.choices(cands, weights=w)[0]
        c.uses += 1
        chosen.append(c)
        cands = [x for x in cands if x is not c]
    return chosen


# ----------------------------------------------------------------------------------------------
# Surface variation for individuals' writing
# ----------------------------------------------------------------------------------------------
KEEP_CAP = {"I", "I'm", "I've", "I'd", "I'll", "Ofsted", "Parliament", "Section", "Innovation",
            "GPs", "Director", "Government", "Secretary", "NHS", "Minister", "Europe"}
PREFIX_OK = {"The", "This", "It", "Children", "Child", "Councils", "Protecting", "Profit", "Nobody",
             "Every", "Any", "Contracts", "Companies", "Charities", "Competition", "Testing", "Six",
             "Social", "Most", "Many", "Some", "Accountability", "Whoever", "Handovers", "Families",
             "Removing", "Price", "Making", "Commissioners", "A", "Evidence", "Excluding", "Plenty",
             "Good", "There", "Delegation", "What", "Experienced", "Pay", "Taxpayers", "Any",
             "Well", "Pilots", "Restricting", "Small", "Keep", "Local"}
MISSPELL = [("government", "goverment"), ("definitely", "definately"), ("separate", "seperate"),
            ("accountable", "accountible"), ("responsibility", "responsibilty"),
            ("a lot", "alot"), ("children's", "childrens"), ("don't", "dont"), ("it's", "its"),
            ("their", "there"), ("experience", "experiance"), ("believe", "beleive"),
            ("privatisation", "privatization"), ("council", "counsel"), ("because", "becuase"),
            ("which", "wich"), ("really", "realy"), ("until", "untill"), ("I'm", "Im"),
            ("foster", "fostor"), ("whether", "wether"), ("safeguarding", "safegaurding")]


def decap(s):
    w = s.split(" ", 1)[0]
    if w in KEEP_CAP or w.isupper() or not s[:1].isupper():
        return s
    if len(w) > 1 and w[1:].lower() != w[1:]:
        return s
    return s[0].lower() + s[1:]


def typo(s):
    for _ in range(6 if R.random() < 0.7 else 0):
        a, b = R.choice(MISSPELL)
        if a in s:
            return s.replace(a, b, 1)
    words = s.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not idx:
        return s
    i = R.choice(idx)
    w = words[i]
    j = R.randrange(1, len(w) - 2)
    if R.random() < 0.5:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]      # swap
    else:
        w = w[:j] + w[j + 1:]                        # drop
    words[i] = w
    return " ".join(words)


class Style:
    """How one person writes."""

    def __init__(self, individual=True):
        self.individual = individual
        self.lower = individual and R.random() < 0.08
        self.typos = (R.choice([1, 1, 1, 2]) if individual and R.random() < 0.14 else 0)
        self.caps = individual and R.random() < 0.03
        self.prefix = individual and R.random() < 0.25
        self.nostop = individual and R.random() < 0.08
        self.paras = R.random() < 0.35

    def render(self, texts):
        """Join a list of passage texts into one answer."""
        out = []
        for i, t in enumerate(texts):
            if self.prefix and R.random() < 0.35 and t.split(" ", 1)[0] in PREFIX_OK:
                t = R.choice(banks.PREFIX) + decap(t)
            elif i > 0 and self.individual and R.random() < 0.3:
                c = R.choice(banks.CONNECT)
                if c:
                    t = c + decap(t)
            out.append(t)
        sep = "\n\n" if (self.paras and len(out) > 1) else " "
        s = sep.join(out)
        if self.caps and R.random() < 0.5:
            s = s.upper()
        for _ in range(self.typos):
            if R.random() < 0.6:
                s = typo(s)
        if self.lower:
            s = s.lower()
        if self.nostop and s.endswith("."):
            s = s[:-1]
        return s


# ----------------------------------------------------------------------------------------------
# Profiles
# ----------------------------------------------------------------------------------------------
P1_BY_PERSONA = {
    "sw": {"against": 72, "for": 10, "undecided": 14, "no_view": 4},
    "fc": {"against": 48, "for": 26, "undecided": 22, "no_view": 4},
    "par": {"against": 58, "for": 22, "undecided": 16, "no_view": 4},
    "cl": {"against": 62, "for": 20, "undecided": 14, "no_view": 4},
    "pub": {"against": 60, "for": 20, "undecided": 16, "no_view": 4},
    "t": {"against": 70, "for": 12, "undecided": 14, "no_view": 4},
    "pp": {"for": 80, "undecided": 15, "against": 5},
}
P2_GIVEN_P1 = {
    "for": {"for": 42, "against": 30, "undecided": 24, "no_view": 4},
    "against": {"against": 88, "undecided": 5, "for": 2, "no_view": 5},
    "undecided": {"against": 50, "undecided": 38, "for": 8, "no_view": 4},
    "no_view": {"against": 60, "undecided": 15, "for": 10, "no_view": 15},
}
P3_GIVEN_P1 = {
    "for": {"for": 35, "against": 40, "undecided": 15, "no_view": 10},
    "against": {"for": 38, "against": 38, "undecided": 10, "no_view": 14},
    "undecided": {"for": 62, "undecided": 20, "against": 8, "no_view": 10},
    "no_view": {"for": 30, "undecided": 20, "against": 20, "no_view": 30},
}
P4_BY_PERSONA = {
    "sw": {"against": 64, "for": 6, "undecided": 5, "no_view": 25},
    "pp": {"for": 30, "against": 15, "undecided": 10, "no_view": 45},
}
P4_DEFAULT = {"against": 52, "for": 11, "undecided": 9, "no_view": 28}

ORG_PROFILE = {
    "la": [{"for": 30, "against": 30, "undecided": 40}, {"against": 75, "undecided": 20, "for": 5},
           {"for": 55, "undecided": 25, "against": 20}, {"against": 85, "for": 5, "no_view": 10}],
    "vol_large": [{"for": 55, "undecided": 35, "against": 10}, {"against": 65, "undecided": 30, "for": 5},
                  {"for": 80, "undecided": 15, "against": 5}, {"against": 92, "no_view": 8}],
    "vol_small": [{"against": 55, "undecided": 35, "for": 10}, {"against": 90, "undecided": 10},
                  {"for": 50, "against": 30, "undecided": 20}, {"against": 95, "no_view": 5}],
    "prof": [{"against": 80, "undecided": 20}, {"against": 100},
             {"for": 35, "against": 40, "undecided": 25}, {"against": 95, "no_view": 5}],
    "private": [{"for": 90, "undecided": 10}, {"for": 85, "undecided": 15},
                {"against": 60, "undecided": 25, "for": 15}, {"for": 40, "no_view": 40, "against": 20}],
    "academic": [{"undecided": 60, "against": 25, "for": 15}, {"undecided": 40, "against": 50, "for": 10},
                 {"for": 85, "undecided": 15}, {"against": 85, "no_view": 15}],
    "other": [{"against": 50, "undecided": 30, "for": 20}, {"against": 70, "undecided": 20, "for": 10},
              {"for": 50, "against": 25, "undecided": 25}, {"against": 85, "no_view": 15}],
}


def ind_profile(persona):
    p1 = wchoice(P1_BY_PERSONA[persona])
    p2 = wchoice(P2_GIVEN_P1[p1]) if persona != "pp" else wchoice({"for": 75, "undecided": 20, "against": 5})
    p3 = wchoice(P3_GIVEN_P1[p1])
    p4 = wchoice(P4_BY_PERSONA.get(persona, P4_DEFAULT))
    return {"P1": p1, "P2": p2, "P3": p3, "P4": p4}


def org_profile(kind):
    prof = {p: wchoice(ORG_PROFILE[kind][i]) for i, p in enumerate(PROPS)}
    if prof["P1"] == "against" and prof["P2"] == "for":
        prof["P2"] = "against"
    return prof


def tick_for(stance):
    if stance == "for":
        return R.choices(["Strongly agree", "Agree"], [45, 55])[0]
    if stance == "against":
        return R.choices(["Strongly disagree", "Disagree"], [65, 35])[0]
    if stance == "undecided":
        return R.choices(["Neither agree nor disagree", "Don't know"], [60, 40])[0]
    return R.choices(["", "Don't know", "Neither agree nor disagree"], [70, 20, 10])[0]


# ----------------------------------------------------------------------------------------------
# Text builders
# ----------------------------------------------------------------------------------------------
class Said:
    """What a response's text says, accumulated from passages."""

    def __init__(self):
        self.stances = {}
        self.themes = []

    def add(self, ps=None, stances=None, themes=()):
        st = dict(ps.stances) if ps else {}
        st.update(stances or {})
        for p, s in st.items():
            old = self.stances.get(p)
            assert old in (None, s), (old, s, ps.text if ps else stances)
            self.stances[p] = s
        for t in list(ps.themes if ps else []) + list(themes):
            if t not in self.themes:
                self.themes.append(t)


def box_only(ps):
    """Short, theme-less answers ("No.", "Certainly not.") only make sense in their own box."""
    return not ps.themes and len(ps.text.split()) < 8


def ind_passages_for(p, stance, profile, persona, said, k, general=True):
    cands = eligible(IND, p, stance, profile, persona)
    if general:
        cands = [c for c in cands if not box_only(c)]
    chosen = pick(cands, k)
    for c in chosen:
        said.add(c)
    return [realise(c.text) for c in chosen]


def ind_box(p, profile, persona, said, style, verbose):
    """An individual's explanation box for proposal p. Returns text or ''."""
    stance = profile[p]
    r = R.random()
    if stance == "no_view":
        if r < 0.5:
            return ""
        if r < 0.75:
            return R.choice(REFERS) if p != "P1" else R.choice(["N/A", "no comment", "Don't know"])
        return style.render([R.choice(OFF_ALL)])
    if r < 0.22:
        said.add(stances={p: stance})
        return style.render([R.choice(banks.SHORT[stance])])
    if r < 0.26 and p != "P1":
        return R.choice(REFERS)
    if r < 0.31:
        # answers another proposal in this box
        others = [q for q in PROPS if q != p and profile[q] != "no_view"]
        if others:
            q = R.choice(others)
            texts = ind_passages_for(q, profile[q], profile, persona, said, 1)
            if texts:
                return style.render(texts)
    if r < 0.33:
        return style.render([R.choice(OFF_ALL)])
    k = R.choices([1, 2, 3], [55, 32, 13])[0] + (1 if verbose and R.random() < 0.4 else 0)
    texts = ind_passages_for(p, stance, profile, persona, said, k, general=(k > 1))
    if not texts:
        said.add(stances={p: stance})
        return style.render([R.choice(banks.SHORT[stance])])
    return style.render(texts)


def ind_general(profile, persona, said, style, n):
    """A general answer (Q5, emails) mixing passages on several proposals."""
    props = [p for p in PROPS if profile[p] != "no_view"]
    R.shuffle(props)
    texts = []
    for p in props[:n]:
        texts += ind_passages_for(p, profile[p], profile, persona, said, R.choice([1, 1, 2]))
    # Lived-experience passages first for personas that have them
    return texts


def offtopic_or_suffix(texts, style):
    if R.random() < 0.08:
        texts = texts + [R.choice(OFF)]
    if style.individual and R.random() < 0.08 and texts:
        texts = texts + [R.choice(banks.SUFFIX)]
    return texts


# ----------------------------------------------------------------------------------------------
# Campaigns
# ----------------------------------------------------------------------------------------------
OWN_COUNT = Counter()
C1_PROFILE = {"P1": "against", "P2": "against", "P3": "against", "P4": "against"}
C2_PROFILE = {"P1": "for", "P2": "for", "P3": "against", "P4": "no_view"}


def campaign_text(which, persona, said, name=None, email=False):
    """A copy of a campaign template, with the usual human edits. Returns the text."""
    if which == "c1":
        paras, close, profile = banks.C1_PARAS, banks.C1_CLOSE, C1_PROFILE
    else:
        paras, close, profile = banks.C2_PARAS, banks.C2_CLOSE, C2_PROFILE
    kept = list(paras)
    if R.random() < 0.15 and len(kept) > 2:
        del kept[R.randrange(1, len(kept))]         # a dropped paragraph
    body = []
    for labels, text in kept:
        ps = parse_bank(labels + " | " + text)[0]
        said.add(ps)
        body.append(text)
    if R.random() < 0.25:
        for _ in range(R.choice([1, 1, 2])):
            a, b = R.choice(banks.C1_EDITS)
            body = [t.replace(a, b, 1) for t in body]
    greeting = R.choice(banks.C1_GREETINGS) if which == "c1" else R.choice(
        ["Dear Minister,", "Dear Sir/Madam,", ""])
    if not email and R.random() < 0.4:
        greeting = ""
    parts = ([greeting] if greeting else []) + body
    if R.random() < 0.85:
        parts.append(close)
    # about a third add something of their own
    own_before, own_after = [], []
    if R.random() < 0.34:
        OWN_COUNT[which] += 1
        style = Style()
        props = [p for p in PROPS if profile[p] != "no_view"]
        p = R.choice(props)
        own = ind_passages_for(p, profile[p], profile, persona, said, R.choice([1, 1, 2]))
        if not own:
            own = [R.choice(OFF)]
        own_txt = style.render(own)
        (own_before if R.random() < 0.4 else own_after).append(own_txt)
    signoff = ""
    if name and (email or R.random() < 0.3):
        so = R.choice(banks.C1_SIGNOFF)
        signoff = (so + "\n" if so else "") + name
    sep = "\n\n" if (email or R.random() < 0.7) else "\n"
    chunks = own_before + parts + own_after + ([signoff] if signoff else [])
    text = sep.join(chunks)
    if not email and R.random() < 0.15:
        text = " ".join(chunks)          # pasted into a box that flattened the paragraphs
    return text


# ----------------------------------------------------------------------------------------------
# Organisations
# ----------------------------------------------------------------------------------------------
def make_org_names():
    rng = random.Random(SEED + 1)
    places = list(banks.PLACES)
    rng.shuffle(places)
    pi = iter(places * 4)
    used = set()
    pools = {}

    def uniq(name):
        return name not in used and (used.add(name) or True)

    need = {k: CSV_ORGS[k] + LETTER_ORGS[k] for k in CSV_ORGS}
    out = {}
    for kind, n in need.items():
        names = []
        fixed = {"vol_large": banks.VOL_LARGE, "prof": banks.PROF, "private": banks.PRIVATE,
                 "academic": banks.ACADEMIC}.get(kind, [])
        fixed = list(fixed)
        rng.shuffle(fixed)
        patterns = {"la": banks.LA_PATTERNS, "vol_small": banks.VOL_SMALL_PATTERNS,
                    "academic": banks.ACADEMIC_PATTERNS, "other": banks.OTHER}.get(kind, [])
        while len(names) < n:
            if fixed and (not patterns or rng.random() < 0.6):
                nm = fixed.pop()
            else:
                assert patterns, kind
                nm = rng.choice(patterns).replace("{p}", next(pi))
            if uniq(nm):
                names.append(nm)
        out[kind] = names
    return out


THE_WORDS = ("Association", "Federation", "Guild", "Union", "Society", "Institute", "Network",
             "Confederation", "Council of", "College", "National", "Coalition", "Campaign", "Centre",
             "Department", "Family Policy", "Social Work Education", "Children's Rights", "Policy Lab",
             "Foundation", "Commissioning", "Open Government", "New Public", "Localism", "Public Services",
             "Interfaith", "Grandparents", "Families in Care", "Parents Against", "Health Visitors",
             "Practice Educators", "Teachers'", "Social Work Managers", "Foster Carers'")


def put_org(text, org):
    """Put the organisation's name into a sentence, with "the" where English wants one."""
    if "{org}" not in text:
        return text
    ref = ("the " + org) if org.startswith(THE_WORDS) else org
    text = text.replace("{org}", ref)
    return text[0].upper() + text[1:]


def org_paragraph(p, profile, org, said, n_body, kind, used=None):
    stance = profile[p]
    leads = eligible(ORG_LEAD, p, stance, profile, kind)
    assert leads, (p, stance, profile, kind)
    lead = pick(leads, 1)[0]
    said.add(lead)
    bodies = pick(eligible(ORG_BODY, p, stance, profile, kind), n_body)
    if used is not None:
        used += bodies
    for b in bodies:
        said.add(b)
    return [put_org(realise(lead.text), org)] + [put_org(realise(b.text), org) for b in bodies]


def fill_about(t, org, place):
    return (put_org(t, org).replace("{place}", place)
            .replace("{pop}", f"{R.randrange(180, 1200) * 1000:,}")
            .replace("{kids}", f"{R.randrange(40, 280) * 1000:,}")
            .replace("{cin}", f"{R.randrange(900, 6000):,}")
            .replace("{lac}", str(R.randrange(180, 1400)))
            .replace("{year}", str(R.choice([2011, 2012, 2013])))
            .replace("{nla}", str(R.randrange(2, 40)))
            .replace("{nkids}", f"{R.randrange(20, 900) * 100:,}")
            .replace("{nfam}", str(R.randrange(30, 400)))
            .replace("{nmem}", f"{R.randrange(3, 600) * 100:,}")
            .replace("{sites}", str(R.randrange(40, 400)))
            .replace("{yrs}", str(R.randrange(20, 140)))
            .replace("{staff}", str(R.randrange(4, 900)))
            .replace("{resp}", str(R.randrange(120, 1900))))


def org_letter(kind, org, place, profile, said):
    """A long formal letter. Returns body text."""
    heads = banks.ORG_HEADINGS[R.choice(list(banks.ORG_HEADINGS))]
    role = R.choice(banks.ROLES[kind])
    intro = put_org(R.choice(banks.ORG_INTRO).replace("{role}", "the " + role), org)
    about = [fill_about(t, org, place) for t in R.sample(banks.ORG_ABOUT[kind], R.choice([1, 2, 2, 3]))]
    order = [p for p in PROPS if profile[p] != "no_view"]
    sections = {}
    used = []
    for p in order:
        sections[p] = org_paragraph(p, profile, org, said, R.choice([1, 2, 2, 3]), kind, used)

    def words():
        return sum(len(s.split()) for sec in sections.values() for s in sec) + len(
            intro.split()) + sum(len(a.split()) for a in about)

    # lengthen to a target between ~320 and ~820 words with further points the organisation makes
    target = R.choice([R.randint(320, 420), R.randint(380, 560), R.randint(500, 720)])
    guard = 0
    while words() < target and guard < 60:
        guard += 1
        p = R.choice(order)
        extra = pick(eligible(ORG_BODY, p, profile[p], profile, kind), 1, avoid=used)
        if extra and len(sections[p]) < 6:
            used.append(extra[0])
            said.add(extra[0])
            sections[p].append(put_org(realise(extra[0].text), org))
    while words() > 880:
        p = max(sections, key=lambda q: len(sections[q]))
        sections[p].pop()
    lines = [intro, ""] + [" ".join(about), ""]
    for i, p in enumerate(PROPS):
        if p not in sections:
            continue
        sec = sections[p]
        if heads:
            lines.append(heads[i])
        if len(sec) > 3 and R.random() < 0.5:
            lines += [" ".join(sec[:2]), "", " ".join(sec[2:]), ""]
        else:
            lines += [" ".join(sec), ""]
    lines.append(R.choice(banks.ORG_CLOSE))
    return "\n".join(lines), role


# ----------------------------------------------------------------------------------------------
# Identity helpers
# ----------------------------------------------------------------------------------------------
ID_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_ids = set()


def new_id():
    while True:
        s = "ANON-%s-%s-%s" % ("".join(R.choices(ID_CHARS, k=4)), "".join(R.choices(ID_CHARS, k=4)),
                               R.choice(ID_CHARS))
        if s not in _ids:
            _ids.add(s)
            return s


START = datetime(2014, 4, 3, 9, 0, 0)
END = datetime(2014, 5, 15, 23, 59, 0)


def when(kind="normal"):
    if kind == "c1":
        day = R.choices(range(42), [1 if d < 19 else (14 if d < 24 else (6 if d < 30 else 2)) for d in range(42)])[0]
    elif kind == "c2":
        day = R.choices(range(42), [1 if d < 27 else (10 if d < 33 else 2) for d in range(42)])[0]
    elif kind == "org":
        day = R.choices(range(42), [1 if d < 25 else (3 if d < 38 else 14) for d in range(42)])[0]
    else:
        day = R.choices(range(42), [3 if d < 38 else 9 for d in range(42)])[0]
    hour = R.choices(range(24), [1, 1, 0, 0, 0, 0, 1, 3, 6, 8, 8, 8, 9, 8, 8, 8, 7, 6, 7, 9, 10, 9, 6, 3])[0]
    t = START.replace(hour=0) + timedelta(days=day, hours=hour, minutes=R.randrange(60),
                                          seconds=R.randrange(60))
    return max(START, min(END, t))


def region():
    r = R.random()
    if r < 0.04:
        return ""
    if r < 0.055:
        return R.choice(["Wales", "Prefer not to say", "Outside England"])
    return R.choices(banks.REGIONS, [5, 13, 10, 8, 10, 10, 17, 16, 11])[0]


def person_name():
    return R.choice(banks.FIRST) + " " + R.choice(banks.LAST)


# ----------------------------------------------------------------------------------------------
# Build the export
# ----------------------------------------------------------------------------------------------
def blank_row():
    return {c: "" for c in COLS}


def finish_gold(rid, source, ticks, said, campaign):
    stances = {}
    for p in PROPS:
        if ticks.get(p):
            stances[p] = TICK_STANCE[ticks[p]]
        else:
            stances[p] = said.stances.get(p, "no_view")
    return {"id": rid, "source": source, "stances": stances, "themes": sorted(said.themes),
            "campaign": campaign}


def build_individual(category, persona, describes, campaign=None, noise=False):
    """One individual's CSV row. category: closed_text | text_only | one_q."""
    row = blank_row()
    said = Said()
    style = Style()
    profile = C1_PROFILE if campaign == "c1" else C2_PROFILE if campaign == "c2" else ind_profile(persona)
    ticks = {}
    row["Are you responding as an individual or on behalf of an organisation?"] = R.choices(
        ["Individual", "As an individual", "Myself"], [94, 4, 2])[0] if R.random() < 0.03 else "Individual"
    row["Which of these best describes you?"] = describes
    row["Region"] = region()
    verbose = R.random() < 0.3
    if category == "closed_text":
        for p in PROPS:
            if R.random() < 0.94 or campaign:
                t = tick_for(profile[p])
                if t:
                    ticks[p] = t
                    row[CLOSED_COL[p]] = t
    if campaign:
        name = person_name() if R.random() < 0.5 else None
        txt = campaign_text(campaign, persona, said, name=name)
        col = Q5_COL if R.random() < 0.72 else EXPLAIN_COL["P1"]
        row[col] = txt
        if category == "text_only" or (category == "closed_text" and R.random() < 0.12):
            # a second box: a pointer, a one-word answer or a line of their own
            r = R.random()
            props = [p for p in PROPS if profile[p] != "no_view" and EXPLAIN_COL[p] != col]
            if col == Q5_COL:
                p = R.choice(props)
                if r < 0.35:
                    row[EXPLAIN_COL[p]] = R.choice(["See below.", "See my comments in the last box.",
                                                    "see below", "Please see my answer to Q5.", "As below"])
                elif r < 0.8:
                    row[EXPLAIN_COL[p]] = style.render([R.choice(banks.SHORT[profile[p]])])
                    said.add(stances={p: profile[p]})
                else:
                    row[EXPLAIN_COL[p]] = style.render(
                        ind_passages_for(p, profile[p], profile, persona, said, 1) or [R.choice(OFF)])
            else:
                if r < 0.4:
                    row[Q5_COL] = R.choice(["See my answer to question 1.", "See Q1.", "As above.",
                                            "Please read my answer to question 1."])
                elif r < 0.8:
                    p = R.choice(props)
                    row[EXPLAIN_COL[p]] = style.render([R.choice(banks.SHORT[profile[p]])])
                    said.add(stances={p: profile[p]})
                else:
                    row[Q5_COL] = style.render(ind_general(profile, persona, said, style, 1) or [R.choice(OFF)])
        return row, finish_gold(None, "export", ticks, said, campaign)

    if category == "one_q":
        if R.random() < 0.5:
            p = R.choices(PROPS, [55, 20, 10, 15])[0]
            st = profile[p] if profile[p] != "no_view" else "undecided"
            ticks[p] = tick_for(st)
            row[CLOSED_COL[p]] = ticks[p]
        else:
            col = R.choices(["P1", "P2", "P3", "P4", "Q5"], [35, 15, 8, 10, 32])[0]
            if col == "Q5":
                texts = ind_general(profile, persona, said, style, R.choice([1, 1, 2]))
                if not texts or R.random() < 0.1:
                    texts = [R.choice(OFF_ALL)]
                row[Q5_COL] = style.render(texts)
            else:
                st = profile[col] if profile[col] != "no_view" else "against"
                profile = dict(profile, **{col: st})
                texts = ind_passages_for(col, st, profile, persona, said, 1, general=False)
                if not texts or R.random() < 0.15:
                    said.add(stances={col: st})
                    texts = [R.choice(banks.SHORT[st])]
                row[EXPLAIN_COL[col]] = style.render(texts)
        return row, finish_gold(None, "export", ticks, said, None)

    if noise:
        # ticks agree on Q1 but writes something mixed or conditional
        ticks["P1"] = R.choice(["Agree", "Agree", "Strongly agree"])
        row[CLOSED_COL["P1"]] = ticks["P1"]
        profile = dict(profile, P1="undecided")
        if profile["P2"] == "for":
            profile["P2"] = "undecided"
        row[EXPLAIN_COL["P1"]] = style.render(ind_passages_for("P1", "undecided", profile, persona, said, 1))
        # the other ticks stay as drawn (they match profile except P1)
        for p in PROPS[1:]:
            if row[CLOSED_COL[p]]:
                ticks[p] = tick_for(profile[p])
                row[CLOSED_COL[p]] = ticks[p]

    everything_in_q5 = category == "text_only" and R.random() < 0.3
    if not everything_in_q5:
        for p in PROPS:
            if row[EXPLAIN_COL[p]]:
                continue
            prob = 0.62 if category == "closed_text" else 0.55
            if verbose:
                prob += 0.2
            if R.random() < prob:
                row[EXPLAIN_COL[p]] = ind_box(p, profile, persona, said, style, verbose)
    q5_prob = 0.35 if category == "closed_text" else 0.45
    if everything_in_q5 or R.random() < q5_prob:
        texts = ind_general(profile, persona, said, style, R.choice([1, 2, 2, 3, 4]) if everything_in_q5 else R.choice([1, 1, 2]))
        texts = offtopic_or_suffix(texts, style)
        if not texts:
            texts = [R.choice(OFF)]
        row[Q5_COL] = style.render(texts)
    # make sure there is some free text that says something
    if not any(row[EXPLAIN_COL[p]] for p in PROPS) and not row[Q5_COL]:
        props = [p for p in PROPS if profile[p] != "no_view"] or ["P1"]
        p = R.choice(props)
        st = profile[p] if profile[p] != "no_view" else "against"
        profile = dict(profile, **{p: st})
        texts = ind_passages_for(p, st, profile, persona, said, 1) or [R.choice(banks.SHORT[st])]
        if texts[0] in banks.SHORT[st]:
            said.add(stances={p: st})
        row[EXPLAIN_COL[p]] = style.render(texts)
    guard = 0
    while category == "text_only" and guard < 10 and sum(
            1 for c in [EXPLAIN_COL[p] for p in PROPS] + [Q5_COL] if row[c]) < 2:
        guard += 1
        if not row[Q5_COL]:
            texts = offtopic_or_suffix(ind_general(profile, persona, said, style, R.choice([1, 2])), style)
            row[Q5_COL] = style.render(texts or [R.choice(OFF)])
        else:
            p = R.choice([q for q in PROPS if not row[EXPLAIN_COL[q]]])
            row[EXPLAIN_COL[p]] = ind_box(p, profile, persona, said, style, verbose)
    return row, finish_gold(None, "export", ticks, said, None)


def build_org_row(kind, org, category):
    row = blank_row()
    said = Said()
    profile = org_profile(kind)
    ticks = {}
    row["Are you responding as an individual or on behalf of an organisation?"] = "Organisation"
    row["Organisation name"] = org
    row["Organisation type"] = ORG_TYPE_LABEL[kind]
    row["Region"] = "National" if kind in ("vol_large", "prof") and R.random() < 0.7 else region()
    for p in PROPS:
        if category == "closed_text" and (R.random() < 0.96):
            t = tick_for(profile[p])
            if t:
                ticks[p] = t
                row[CLOSED_COL[p]] = t
        if profile[p] != "no_view" and R.random() < 0.85:
            row[EXPLAIN_COL[p]] = " ".join(org_paragraph(p, profile, org, said, R.choice([0, 1, 1, 2, 3]), kind))
    if R.random() < 0.4:
        row[Q5_COL] = R.choice(banks.ORG_CLOSE)
    if not any(row[EXPLAIN_COL[p]] for p in PROPS):
        p = [q for q in PROPS if profile[q] != "no_view"][0]
        row[EXPLAIN_COL[p]] = " ".join(org_paragraph(p, profile, org, said, 1, kind))
    return row, finish_gold(None, "export", ticks, said, None), profile


def describe():
    vals = banks.DESCRIBES
    v = R.choices(vals, weights=[w for _, _, w in vals])[0]
    return v[0], v[1]


def main():
    org_names = make_org_names()
    rows = []      # (row, gold, meta)

    # organisations in the export
    for kind, n in CSV_ORGS.items():
        for i in range(n):
            cat = "closed_text" if i < n - 1 or kind in ("la",) else "text_only"
            row, gold, _ = build_org_row(kind, org_names[kind][i], cat)
            rows.append((row, gold, {"cat": cat, "org": kind, "campaign": None, "noise": False}))
    n_org_closed = sum(1 for r in rows if r[2]["cat"] == "closed_text")
    n_org_text = len(rows) - n_org_closed

    def add_ind(cat, campaign=None, noise=False):
        d, persona = describe()
        if campaign == "c2" and persona not in ("pp", "fc", "par", "pub"):
            d, persona = R.choice([("Member of the public", "pub"), ("Parent", "par"),
                                   ("Work for an independent provider", "pp"), ("Foster carer", "fc")])
        row, gold = build_individual(cat, persona, d, campaign, noise)
        rows.append((row, gold, {"cat": cat, "org": None, "campaign": campaign, "noise": noise,
                                 "persona": persona}))

    for _ in range(N_C1_CSV_CLOSED):
        add_ind("closed_text", "c1")
    for _ in range(N_C2_CSV_CLOSED):
        add_ind("closed_text", "c2")
    for _ in range(N_C1_CSV_TEXT_ONLY):
        add_ind("text_only", "c1")
    for _ in range(N_C2_CSV_TEXT_ONLY):
        add_ind("text_only", "c2")
    for _ in range(N_C1_CSV_ONE_Q):
        add_ind("one_q", "c1")
    for _ in range(N_C2_CSV_ONE_Q):
        add_ind("one_q", "c2")
    n_closed_left = N_CLOSED_TEXT - n_org_closed - N_C1_CSV_CLOSED - N_C2_CSV_CLOSED
    for i in range(n_closed_left):
        add_ind("closed_text", noise=(i % 25 == 7))
    for _ in range(N_TEXT_ONLY - n_org_text - N_C1_CSV_TEXT_ONLY - N_C2_CSV_TEXT_ONLY):
        add_ind("text_only")
    for _ in range(N_ONE_Q - N_C1_CSV_ONE_Q - N_C2_CSV_ONE_Q):
        add_ind("one_q")

    # timestamps, ids, order of submission
    for row, gold, meta in rows:
        kind = meta["campaign"] or ("org" if meta["org"] else "normal")
        row["Submitted"] = when(kind).strftime("%Y-%m-%dT%H:%M:%S")
    rows.sort(key=lambda r: r[0]["Submitted"])
    for row, gold, meta in rows:
        row["Response ID"] = new_id()
        gold["id"] = row["Response ID"]

    # ------------------------------------------------------------------ letters
    letters = []   # dict(file, text bytes, index row, gold, meta)
    letter_specs = []
    for kind, n in LETTER_ORGS.items():
        for i in range(n):
            letter_specs.append(("org", kind, org_names[kind][CSV_ORGS[kind] + i]))
    for _ in range(N_IND_LETTERS):
        letter_specs.append(("ind", None, None))
    for _ in range(N_C1_EMAILS):
        letter_specs.append(("c1", None, None))
    for _ in range(N_C2_EMAILS):
        letter_specs.append(("c2", None, None))
    built = []
    for spec, kind, org in letter_specs:
        said = Said()
        name = person_name()
        if spec == "org":
            profile = org_profile(kind)
            place = R.choice(banks.PLACES)
            body, role = org_letter(kind, org, place, profile, said)
            salutation = R.choice(["Dear Sir or Madam,", "Dear Sir/Madam,", "Dear Consultation Team,",
                                   "Dear Colleague,", "To the Department for Education,"])
            sign = R.choice(["Yours faithfully,", "Yours sincerely,", "With kind regards,"])
            text = f"{salutation}\n\n{body}\n\n{sign}\n\n{name}\n{role}\n{org}\n"
            t = when("org")
            reg = "National" if kind in ("vol_large", "prof") and R.random() < 0.6 else region()
            idx = {"responding_as": "Organisation", "organisation_name": org,
                   "organisation_type": ORG_TYPE_LABEL[kind], "region": reg}
            ext = "txt" if R.random() < 0.12 else "eml"
            subject = R.choice([f"Response from {org}", "Consultation response: delegation of children's social care functions",
                                f"{org} - response to DfE consultation", "Delegation of children's social care functions - consultation response",
                                "RE: Consultation on delegating children's social care", "Consultation response (attached below)"])
            sender = (name, "policy@" + "".join(ch for ch in org.lower() if ch.isalnum())[:18] + ".example.org")
            campaign = None
        elif spec == "ind":
            d, persona = describe()
            profile = ind_profile(persona)
            style = Style()
            texts = ind_general(profile, persona, said, style, R.choice([1, 2, 2, 3]))
            texts = offtopic_or_suffix(texts, style)
            if not texts:
                texts = [R.choice(OFF)]
            style.paras = R.random() < 0.6
            main_txt = style.render(texts)
            greet = R.choice(banks.INDIVIDUAL_EMAIL_GREETING)
            ext = "txt" if R.random() < 0.25 else "eml"
            intro = R.choice(["", "", (f"I am {'an' if d[0] in 'AEIOU' else 'a'} {d.lower()} and I want to give my views on the proposals."
                              if d in ("Social worker", "Foster carer", "Parent", "Care leaver", "Teacher", "Adopter",
                                       "Retired social worker", "Health visitor", "Youth worker", "Family support worker")
                              else ""),
                              "I want to respond to the consultation about children's services.",
                              "I couldn't get the online form to work so I'm " + ("writing" if ext == "txt" else "emailing") + " instead.",
                              "Please accept this as my response to the consultation."])
            parts = ([greet] if greet else []) + ([intro] if intro and "prefer" not in d.lower() and d != "Other" else []) + [main_txt]
            parts.append(R.choice(banks.INDIVIDUAL_EMAIL_SIGNOFF) + ("," if R.random() < 0.5 else "") + "\n" + name.split()[0] if R.random() < 0.5 else name)
            if ext == "eml" and R.random() < 0.15:
                parts.append("Sent from my iPhone")
            text = "\n\n".join(parts) + "\n"
            t = when()
            idx = {"responding_as": "Individual", "organisation_name": "", "organisation_type": "",
                   "region": R.choice(["", "", region()])}
            if ext == "txt":
                text = "[Transcribed from a handwritten letter received by post]\n\n" + text
            subject = R.choice(["consultation", "Children's social care consultation", "My views",
                                "delegation of childrens services", "Response to consultation",
                                "child protection", "Please read", "Re: Consultation on delegating children's social care functions"])
            sender = (name, name.lower().replace(" ", ".") + str(R.randrange(1, 99)) + "@" + R.choice(["example.com", "example.net", "example.org"]))
            campaign = None
        else:
            d, persona = describe()
            text = campaign_text(spec, persona, said, name=name, email=True) + "\n"
            t = when(spec)
            idx = {"responding_as": "Individual", "organisation_name": "", "organisation_type": "",
                   "region": ""}
            ext = "eml"
            subject = R.choice(["Keep Child Protection Public", "Keep child protection public!",
                                "KEEP CHILD PROTECTION PUBLIC", "Delegation consultation",
                                "No to the sell-off of child protection", "Keep Child Protection Public campaign"]
                               if spec == "c1" else ["Put children's outcomes first", "Better Futures for Children",
                                                     "Consultation response"])
            sender = (name, name.lower().replace(" ", "_") + "@" + R.choice(["example.com", "example.net"]))
            campaign = spec
        built.append({"t": t, "text": text, "idx": idx, "ext": ext, "subject": subject, "sender": sender,
                      "said": said, "campaign": campaign, "spec": spec, "kind": kind})
    built.sort(key=lambda b: b["t"])
    for i, b in enumerate(built, 1):
        b["file"] = f"letter-{i:03d}.{b['ext']}"
        b["gold"] = finish_gold(b["file"], "letter", {}, b["said"], b["campaign"])

    # ------------------------------------------------------------------ write
    for sub in ("letters", "gold"):
        path = os.path.join(ROOT, sub)
        if os.path.isdir(path):
            shutil.rmtree(path)
        os.makedirs(path)

    with open(os.path.join(ROOT, "responses.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLS, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writeheader()
        for row, _, _ in rows:
            w.writerow(row)

    bst = timezone(timedelta(hours=1))
    for i, b in enumerate(built):
        path = os.path.join(ROOT, "letters", b["file"])
        if b["ext"] == "txt":
            if b["spec"] == "org":
                date_line = b["t"].strftime("%d %B %Y").lstrip("0")
                content = f"{b['idx']['organisation_name']}\n\n{date_line}\n\nChildren's Social Care Delegation Consultation\nDepartment for Education (fictional demo)\n\n" + b["text"]
            else:
                content = b["text"]
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(content)
            continue
        dt = b["t"].replace(tzinfo=bst)
        date = dt.strftime("%a, %d %b %Y %H:%M:%S +0100")
        body = b["text"]
        qp = b["spec"] == "org" and R.random() < 0.2 or (b["spec"] != "org" and R.random() < 0.05)
        if qp:
            body = body.replace(" - ", " \u2013 ", 1)
            enc = quopri.encodestring(body.encode("utf-8")).decode("ascii")
            cte = "quoted-printable"
        else:
            enc = body
            cte = "7bit" if body.isascii() else "8bit"
        names = ["From", "To", "Date", "Subject"]
        if R.random() < 0.06:
            names = [R.choice([n.upper(), n.lower()]) for n in names]
        name, addr = b["sender"]
        headers = [
            f"{names[0]}: \"{name}\" <{addr}>" if R.random() < 0.8 else f"{names[0]}: {addr}",
            f"{names[1]}: delegation.consultation@education.example.gov.uk",
            f"{names[2]}: {date}",
            f"{names[3]}: {b['subject']}",
            f"Message-ID: <{b['file'].split('.')[0]}.{dt.strftime('%Y%m%d%H%M%S')}@{addr.split('@')[1]}>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=\"utf-8\"",
            f"Content-Transfer-Encoding: {cte}",
        ]
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(headers) + "\n\n" + enc)

    with open(os.path.join(ROOT, "letters", "index.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "responding_as", "organisation_name", "organisation_type", "region"])
        # The log was kept loosely, as correspondence logs are: it never records an
        # organisation's type, and for every second organisation's letter it records nothing
        # but the file. Barometer has to read who sent those from the letters themselves.
        org_letters = 0
        for b in built:
            i = b["idx"]
            if i["responding_as"] == "Organisation":
                org_letters += 1
                if org_letters % 2 == 0:
                    w.writerow([b["file"], "", "", "", ""])
                    continue
            w.writerow([b["file"], i["responding_as"], i["organisation_name"], "", i["region"]])

    # ------------------------------------------------------------------ gold sample
    def take(filter_fn, n):
        cands = [r for r in rows if filter_fn(r[2]) and not r[2].get("gold")]
        chosen = R.sample(cands, min(n, len(cands)))
        for c in chosen:
            c[2]["gold"] = True
        return len(chosen)

    strata = Counter()
    strata["noise (ticked agree, wrote mixed)"] = take(lambda m: m["noise"], 12)
    strata["closed+text, organisation"] = take(lambda m: m["org"] and m["cat"] == "closed_text", 35)
    strata["text only, organisation"] = take(lambda m: m["org"] and m["cat"] == "text_only", 6)
    strata["closed+text, individual"] = take(lambda m: not m["org"] and m["cat"] == "closed_text" and not m["campaign"], 95)
    strata["text only, individual"] = take(lambda m: not m["org"] and m["cat"] == "text_only" and not m["campaign"], 70)
    strata["campaign c1 (form)"] = take(lambda m: m["campaign"] == "c1", 45)
    strata["campaign c2 (form)"] = take(lambda m: m["campaign"] == "c2", 10)
    strata["one question only"] = take(lambda m: m["cat"] == "one_q", 40)
    gold_rows = [r for r in rows if r[2].get("gold")]
    with open(os.path.join(ROOT, "gold", "labels.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for b in built:
            g = dict(b["gold"])
            g["respondent_type"] = ORG_WIRE_TYPE[b["kind"]] if b["spec"] == "org" else "individual"
            f.write(json.dumps(g, ensure_ascii=False) + "\n")
        for row, gold, meta in gold_rows:
            g = dict(gold)
            g["campaign"] = meta["campaign"]
            g["respondent_type"] = ORG_WIRE_TYPE[meta["org"]] if meta["org"] else "individual"
            f.write(json.dumps(g, ensure_ascii=False) + "\n")
    themes = {k: {"label": v[0], "description": v[1], "proposal": v[2], "stance": v[3]}
              for k, v in banks.THEMES.items()}
    with open(os.path.join(ROOT, "gold", "themes.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(themes, f, indent=2, ensure_ascii=False)
        f.write("\n")

    # ------------------------------------------------------------------ checks + summary
    summary = check(rows, built, strata)
    write_readme(summary)
    for k, v in summary.items():
        print(f"{k}: {v}")


def check(rows, built, strata):
    # re-read everything from disk
    with open(os.path.join(ROOT, "responses.csv"), newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        header = next(rd)
        data = list(rd)
    assert header == COLS, header
    assert len(data) == len(rows)
    ids = [d[0] for d in data]
    assert len(set(ids)) == len(ids)
    recs = [dict(zip(COLS, d)) for d in data]
    for r in recs:
        assert "2014-04-03" <= r["Submitted"][:10] <= "2014-05-15", r["Submitted"]
        for p in PROPS:
            assert r[CLOSED_COL[p]] in ("", *TICK_STANCE), r[CLOSED_COL[p]]
        if r["Organisation type"]:
            assert r["Organisation type"] in ORG_TYPE_LABEL.values()

    def n_closed(r):
        return sum(1 for p in PROPS if r[CLOSED_COL[p]])

    def n_text(r):
        return sum(1 for p in PROPS if r[EXPLAIN_COL[p]].strip()) + (1 if r[Q5_COL].strip() else 0)

    closed_text = sum(1 for r in recs if n_closed(r) and n_text(r))
    text_only = sum(1 for r in recs if not n_closed(r) and n_text(r) >= 2)
    one_q = sum(1 for r in recs if n_closed(r) + n_text(r) == 1)
    # one-question rows are a subset of the two above when they have one box; count them apart
    oq_closed = sum(1 for r in recs if n_closed(r) == 1 and n_text(r) == 0)
    oq_text = sum(1 for r in recs if n_closed(r) == 0 and n_text(r) == 1)
    meta_cat = Counter(m["cat"] for _, _, m in rows)
    n_letters = len(built)
    total = len(rows) + n_letters
    assert all(n_closed(r) + n_text(r) >= 1 for r in recs)
    assert closed_text + text_only + one_q == len(recs)      # the three kinds do not overlap
    assert 0.57 <= closed_text / total <= 0.63, closed_text / total
    assert 0.22 <= text_only / total <= 0.28, text_only / total
    assert total >= 1500, total

    # letters on disk vs index
    files = sorted(f for f in os.listdir(os.path.join(ROOT, "letters")) if f != "index.csv")
    with open(os.path.join(ROOT, "letters", "index.csv"), newline="", encoding="utf-8") as f:
        idx = list(csv.DictReader(f))
    assert sorted(i["file"] for i in idx) == files
    assert len(files) == n_letters
    import email
    from email import policy
    for fn in files:
        if fn.endswith(".eml"):
            with open(os.path.join(ROOT, "letters", fn), "rb") as f:
                msg = email.message_from_binary_file(f, policy=policy.default)
            assert msg["from"] and msg["date"] and msg["subject"] is not None, fn
            assert len(msg.get_content().strip()) > 20, fn
    org_letters = [b for b in built if b["spec"] == "org"]
    wc = [len(b["text"].split()) for b in org_letters]
    assert min(wc) >= 300 and max(wc) <= 900, (min(wc), max(wc))
    assert len(org_letters) >= 80

    # organisations
    org_types = Counter()
    for r in recs:
        if r["Organisation name"]:
            org_types[r["Organisation type"]] += 1
    # The log leaves letters' types out (and some letters out altogether), so the letters'
    # organisations are counted from what the generator wrote them as.
    for b in built:
        if b["spec"] == "org":
            org_types[ORG_TYPE_LABEL[b["kind"]]] += 1
    n_orgs = sum(org_types.values())
    names = [r["Organisation name"] for r in recs if r["Organisation name"]] + [
        b["idx"]["organisation_name"] for b in built if b["spec"] == "org"]
    assert len(set(names)) == len(names)
    assert n_orgs >= 120
    for t in ORG_TYPE_LABEL.values():
        if t != "Other":
            assert org_types[t] >= 15, (t, org_types[t])
    sizes = Counter(k for k in [m["org"] for _, _, m in rows] + [b["kind"] for b in built if b["spec"] == "org"] if k)
    assert sizes["vol_large"] >= 8 and sizes["vol_small"] >= 8

    # campaign
    c1 = sum(1 for _, _, m in rows if m["campaign"] == "c1") + sum(1 for b in built if b["campaign"] == "c1")
    c2 = sum(1 for _, _, m in rows if m["campaign"] == "c2") + sum(1 for b in built if b["campaign"] == "c2")
    assert c1 >= 220

    # gold
    with open(os.path.join(ROOT, "gold", "labels.jsonl"), encoding="utf-8") as f:
        gold = [json.loads(l) for l in f]
    assert len(gold) >= 350
    assert len({g["id"] for g in gold}) == len(gold)
    by_id = {r["Response ID"]: r for r in recs}
    gold_letters = 0
    for g in gold:
        assert set(g["stances"]) == set(PROPS)
        assert all(v in ("for", "against", "undecided", "no_view") for v in g["stances"].values())
        assert all(t in banks.THEMES for t in g["themes"])
        assert g["campaign"] in (None, "c1", "c2")
        if g["source"] == "letter":
            assert g["id"] in files
            gold_letters += 1
        else:
            r = by_id[g["id"]]
            for p in PROPS:
                if r[CLOSED_COL[p]]:
                    assert g["stances"][p] == TICK_STANCE[r[CLOSED_COL[p]]]
    assert gold_letters == n_letters

    # duplicates among non-campaign free text (for transparency)
    texts = Counter()
    for (row, _, m) in rows:
        if m["campaign"]:
            continue
        t = " | ".join(row[EXPLAIN_COL[p]] for p in PROPS) + " | " + row[Q5_COL]
        if len(t) > 60:
            texts[t] += 1
    dup_long = sum(c for c in texts.values() if c > 1)

    size = 0
    for dp, _, fs in os.walk(ROOT):
        if "tools" in dp:
            continue
        size += sum(os.path.getsize(os.path.join(dp, f2)) for f2 in fs)
    assert size < 6_000_000

    # shared stock sentences between organisation letters (campaign copies share ~100%)
    import itertools
    import re
    sents = [set(x.strip() for x in re.split(r"(?<=[.;])\s+", b["text"]) if len(x.split()) > 6)
             for b in org_letters]
    ov = sorted(len(a & b2) / max(1, min(len(a), len(b2))) for a, b2 in itertools.combinations(sents, 2))
    describes = Counter(r["Which of these best describes you?"] for r in recs if not r["Organisation name"])
    stance_dist = {p: Counter(g["stances"][p] for g in gold) for p in PROPS}
    theme_dist = Counter(t for g in gold for t in g["themes"])
    ind_letters = sum(1 for b in built if b["spec"] == "ind")
    s = {
        "total responses (CSV rows + letters)": total,
        "CSV rows": len(rows),
        "letters": n_letters,
        "  organisation letters": len(org_letters),
        "  individual letters and emails (not campaign)": ind_letters,
        "  campaign emails c1 / c2": f"{sum(1 for b in built if b['campaign'] == 'c1')} / {sum(1 for b in built if b['campaign'] == 'c2')}",
        "  .txt letters": sum(1 for f2 in files if f2.endswith(".txt")),
        "organisation letter length (words) min/median/max": f"{min(wc)}/{sorted(wc)[len(wc) // 2]}/{max(wc)}",
        "closed answers and free text (CSV)": f"{closed_text} ({closed_text / total:.1%})",
        "free text only, two or more boxes (CSV)": f"{text_only} ({text_only / total:.1%})",
        "one question only (CSV)": f"{one_q} (closed {oq_closed}, free text {oq_text})",
        "letters + one-question rows": f"{n_letters + one_q} ({(n_letters + one_q) / total:.1%})",
        "generator categories": dict(meta_cat),
        "organisations": n_orgs,
        "organisations by type": dict(sorted(org_types.items())),
        "organisations: large national / small local charities": f"{sizes['vol_large']} / {sizes['vol_small']}",
        "campaign c1 (Keep Child Protection Public) senders": c1,
        "  c1 with own words added": None,
        "campaign c2 (Better Futures for Children) senders": c2,
        "gold labels": len(gold),
        "  of which letters": gold_letters,
        "  gold strata (export)": dict(strata),
        "gold stance distribution": {p: dict(sorted(v.items())) for p, v in stance_dist.items()},
        "gold theme counts": dict(sorted(theme_dist.items())),
        "non-campaign CSV rows whose whole free text (>60 chars) duplicates another row": dup_long,
        "generated size (bytes)": size,
        "org letters: shared-sentence overlap between pairs, mean / max": f"{sum(ov) / len(ov):.0%} / {ov[-1]:.0%}",
        "individuals in the export by 'Which of these best describes you?'": dict(describes.most_common()),
    }
    s["  c1 with own words added"] = OWN_COUNT["c1"]
    return s


def write_readme(s):
    strata = "\n".join(f"| {k} | {v} |" for k, v in s["  gold strata (export)"].items())
    orgs = "\n".join(f"| {k} | {v} |" for k, v in s["organisations by type"].items())
    desc = ", ".join(f"{k or '(blank)'} {v}" for k, v in s["individuals in the export by 'Which of these best describes you?'"].items())
    stances = "\n".join(f"| {p} | " + " | ".join(str(v.get(k, 0)) for k in ("for", "against", "undecided", "no_view")) + " |"
                         for p, v in s["gold stance distribution"].items())
    text = f"""# Children's social care delegation, 2014 (FICTIONAL demo consultation)

> **Everything in this folder is FICTIONAL and invented.** The consultation, its respondents, the
> organisations, the campaign groups, the names, the email addresses and every word of every
> response were made up for this demo by `tools/generate.py` and the hand-written text banks in
> `tools/banks.py`. No real respondent, organisation or person is quoted or named as a respondent; real public
> bodies (the Department for Education, Ofsted, the NHS) appear only as what the text talks about. The demo is *modelled on*
> the Department for Education's real spring 2014 consultation on letting local authorities
> delegate children's social care functions, child protection included, to third parties (a
> six-week consultation; the facts it borrows are in the project's `CASE.md`). Organisation
> names that look like real kinds of body ("... County Council", "Association of ...") are
> invented, with invented place names; some carry "(fictional)" in the name.

## Files

| Path | What it is |
|---|---|
| `consultation.toml` | The consultation definition: proposals P1-P4, questions Q1-Q5, column mapping, sources. |
| `responses.csv` | The online hub's export: one header row, one row per response ({s['CSV rows']} rows). |
| `letters/*.eml`, `letters/*.txt` | Letters and emails sent to the consultation mailbox ({s['letters']} files, {s['  .txt letters']} of them plain `.txt`). Emails are RFC 822 style with `From`, `To`, `Date`, `Subject`; a few use quoted-printable and a few have odd header casing. |
| `letters/index.csv` | The analysts' correspondence log: `file,responding_as,organisation_name,organisation_type,region`. It was kept loosely: it never records an organisation's type, and for every second organisation's letter only the file. Barometer infers those senders and their types from the letters (letterhead, sign-off, email domain, what they say about themselves). |
| `gold/labels.jsonl` | Gold labels for {s['gold labels']} responses (all {s['  of which letters']} letters plus a stratified sample of the export), each with the respondent's type except for organisations of the "Other" kind. |
| `gold/themes.json` | The 16 themes (T01-T16) used in the gold labels. |
| `tools/generate.py` | The deterministic generator (Python 3.11, standard library only, fixed seed {SEED}). `python3 tools/generate.py` rewrites every file above except `consultation.toml`; running it twice gives identical files. It checks the numbers below with asserts and prints a summary. |
| `tools/banks.py` | The hand-written text banks the responses are composed from, with their labels. |

## The proposals

- **P1** Local authorities should be able to delegate children's social care functions, child protection included, to third-party providers (Q1).
- **P2** Delegation should be open to profit-making companies, not only to not-for-profit bodies (Q2).
- **P3** The powers should first be tested with a small group of capable authorities (Q3).
- **P4** Six weeks is long enough to consult on a change of this kind (Q4).
- Q5 is an open "anything else" box; letters are read as answers to Q5.

## The response mix

{s['total responses (CSV rows + letters)']} responses in all: {s['CSV rows']} rows in the export and {s['letters']} letters.
Submission times run from 3 April to 15 May 2014, with a rush before the deadline and a bump
when the campaign circulated.

| Kind | Count |
|---|---|
| Export rows with closed answers **and** free text | {s['closed answers and free text (CSV)']} |
| Export rows with free text only (no closed answer, two or more boxes) | {s['free text only, two or more boxes (CSV)']} |
| Export rows answering exactly one question (one closed answer or one text box) | {s['one question only (CSV)']} |
| Letters and emails | {s['letters']} |
| - organisations' letters (long and formal, {s['organisation letter length (words) min/median/max']} words min/median/max) | {s['  organisation letters']} |
| - individuals' letters and short emails | {s['  individual letters and emails (not campaign)']} |
| - campaign emails (c1 / c2) | {s['  campaign emails c1 / c2']} |

Percentages are of all {s['total responses (CSV rows + letters)']} responses. Letters plus one-question rows: {s['letters + one-question rows']}.

**Organisations:** {s['organisations']} in all (export rows plus letters), every name unique and invented.

| Organisation type | Count |
|---|---|
{orgs}

The voluntary sector includes {s['organisations: large national / small local charities']} large national / small local charities.
Local authorities are split; large charities lean towards delegation with conditions;
unions and professional bodies oppose profit and mostly oppose delegation; private providers
support it and dislike a slow pilot; academics are mostly undecided and ask for evaluation;
almost every organisation except some providers says six weeks is too short.

**Individuals** in the export describe themselves as: {desc}. ("Which of these best describes
you?" is an extra column that `consultation.toml` does not map.) Individuals lean against
delegation and profit, with supporters (some foster carers, provider staff, people let down by
their council) and undecided people. Their answers range from "No." to several paragraphs, with
typos, all-lowercase and ALL-CAPS answers, sarcasm, off-topic remarks (potholes, council tax,
their own case), "see my answer to Q1", and points about one proposal made in another
proposal's box. About one closed+text respondent in 25 ticks "Agree" on Q1 but writes something
conditional or mixed.

## The campaigns

- **c1, "Keep Child Protection Public"** (a fictional campaign group): a four-paragraph template
  opposing all four proposals, sent by **{s['campaign c1 (Keep Child Protection Public) senders']} people**, mostly pasted into the form's
  Q5 or Q1 box (some with the closed questions ticked, some in a single box only) and
  {s['  campaign emails c1 / c2'].split(' / ')[0]} by email. {s['  c1 with own words added']} copies add a sentence or two of the sender's own before or
  after. Some copies change the greeting, drop a paragraph or the slogan, or carry small edits
  and typos ("apalled", "6 weeks", "12 week").
- **c2, "Better Futures for Children"** (fictional, supportive): a shorter three-paragraph
  template supporting delegation and profit-making providers and opposing a slow pilot, sent by
  **{s['campaign c2 (Better Futures for Children) senders']} people**.

In the gold labels `campaign` is `"c1"` or `"c2"` for members and `null` for everyone else.

## Gold labels

`gold/labels.jsonl` has one JSON object per line:
`{{"id", "source": "export"|"letter", "stances": {{"P1".."P4": "for"|"against"|"undecided"|"no_view"}}, "themes": [...], "campaign", "respondent_type"}}`
(`respondent_type` is a Barometer type's wire name, or `null` for an organisation of the "Other" kind).
`id` is the export's Response ID or the letter's file name. All {s['  of which letters']} letters are labelled, and a
stratified sample of the export:

| Stratum (export) | Labelled |
|---|---|
{strata}

Gold stance counts:

| Proposal | for | against | undecided | no_view |
|---|---|---|---|---|
{stances}

### How the gold labels were decided

Honestly: **by construction, not by independent annotation.**

1. Every passage in `tools/banks.py` (individuals' sentences, organisations' formal sentences,
   the campaign paragraphs) was hand-written for this demo and given its labels when it was
   written: the stance it takes on each proposal it addresses, and the themes it expresses.
   Conditional support ("yes, but only if Ofsted inspects", "only to not-for-profit bodies") is
   labelled **undecided** on that proposal; "only to not-for-profit bodies" is also labelled
   against P2. Some passages carry constraints so that they are never given to someone whose
   view they would contradict.
2. A response is composed from 1-6 passages chosen to agree with a stance profile drawn for the
   respondent. Its gold stance on a proposal is the stance of the passages that address it, and
   `no_view` when none does. Short answers in a question's own box ("No.", "Not sure.") take the
   stance of that box's proposal. Pointers ("See my answer to Q1"), off-topic remarks and
   sign-offs carry no stance. Its themes are the union of its passages' themes.
3. **Ticked answers override:** where a closed question was answered, the gold stance is the tick
   (strongly agree/agree = for, disagree/strongly disagree = against, neither/don't know =
   undecided), even for the deliberate noise rows whose text is conditional.
4. Typos, case changes, connecting words and the bank's `[a|b]` phrase alternatives are applied
   after labelling and do not change meaning.
5. Campaign membership is known by construction; labels for a campaign copy come from the
   paragraphs it kept plus whatever the sender added.

Checks: the generator asserts that every gold id exists, that every ticked answer matches its
gold stance, and that every letter is labelled. Before hand-off the generator's author read 40
gold records (28 export rows and 12 letters, drawn at random from a run shortly before the
final one) against their text, and an earlier sample of letters and rows; that reading led to
fixes (one passage's theme corrected from T01 to T02, short "No."-style answers kept out of
letters and Q5, provider letters no longer using charity-voice sentences, "the" before
association names) and found no stance label that contradicted its text. The labels have **not** been reviewed by anyone else. Edge cases an annotator might
label differently: conditional sentences (always undecided here), sarcasm (labelled by its
intended meaning), and short answers read out of their box.

### Known limitations

- Bank passages recur: each hand-written sentence appears in several responses (phrase
  alternatives and edits vary some of them). {s['non-campaign CSV rows whose whole free text (>60 chars) duplicates another row']} non-campaign export rows have free text (over 60
  characters) identical to another row's.
- Organisations' letters share stock formal sentences: between two organisations' letters the
  share of sentences in common is {s['org letters: shared-sentence overlap between pairs, mean / max'].replace(' / ', ' on average, at most ')} (campaign copies share nearly all).
- The generated files total about {s['generated size (bytes)'] // 1000} kB.
"""
    with open(os.path.join(ROOT, "README.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


if __name__ == "__main__":
    main()
