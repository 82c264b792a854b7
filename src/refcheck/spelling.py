"""British/American spelling folded to one form, for comparing titles (never for showing).

The mapping only has to be *consistent*, not correct English: both sides of a comparison pass
through it, so "exercise" becoming "exercize" on both sides is harmless. What matters is that a
British and an American spelling of one word land on the same string, and that two different
words rarely do.

    >>> spelling_key("Haemoglobin in randomised ageing tumours")
    'hemoglobin in randomized aging tumors'
"""

from __future__ import annotations

import re

from .normalize import fold

# Whole-word variants that the rules below do not reach (or would reach wrongly).
_WORDS: dict[str, str] = {
    "ageing": "aging",
    "programme": "program",
    "programmes": "programs",
    "programmed": "programed",  # consistent with "programed" (rare) — both sides map here
    "grey": "gray",
    "greys": "grays",
    "aluminium": "aluminum",
    "mould": "mold",
    "moulds": "molds",
    "plough": "plow",
    "catalogue": "catalog",
    "catalogues": "catalogs",
    "dialogue": "dialog",
    "dialogues": "dialogs",
    "analogue": "analog",
    "analogues": "analogs",
    "judgement": "judgment",
    "judgements": "judgments",
    "acknowledgement": "acknowledgment",
    "licence": "license",
    "licences": "licenses",
    "defence": "defense",
    "defences": "defenses",
    "offence": "offense",
    "offences": "offenses",
    "pretence": "pretense",
    "practise": "practice",
    "practised": "practiced",
    "practises": "practices",
    "practising": "practicing",
    "enrol": "enroll",
    "enrolment": "enrollment",
    "enrolments": "enrollments",
    "fulfil": "fulfill",
    "fulfilment": "fulfillment",
    "skilful": "skillful",
    "wilful": "willful",
    "tyre": "tire",
    "tyres": "tires",
    "cheque": "check",
    "storey": "story",
    "draught": "draft",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "sceptic": "skeptic",
    "sceptical": "skeptical",
    "scepticism": "skepticism",
    "artefact": "artifact",
    "artefacts": "artifacts",
    "behaviour": "behavior",
    "learnt": "learned",
    "spelt": "spelled",
    "whilst": "while",
    "amongst": "among",
    "towards": "toward",
}

# Stems spelled with ae/oe in British medical English, e with American.
_STEMS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"haem", "hem"),  # haemoglobin, haematology, haemorrhage, hyperhaem...
        (r"aemi", "emi"),  # anaemia, leukaemia, ischaemia, glycaemic, hypomagnesaemia, uraemic
        (r"paed", "ped"),  # paediatric, orthopaedic, encyclopaedia
        (r"aesth", "esth"),  # anaesthesia, aesthetic
        (r"gynaec", "gynec"),
        (r"^caes", "ces"),  # caesarean
        (r"^faec", "fec"),  # faeces, faecal
        (r"archaeo", "archeo"),
        (r"^oe", "e"),  # oesophagus, oedema, oestrogen
        (r"foet", "fet"),  # foetal, foetus
        (r"rrhoe", "rrhe"),  # diarrhoea, gonorrhoea, amenorrhoea
        (r"pnoe", "pne"),  # apnoea, dyspnoea
        (r"coeli", "celi"),  # coeliac
        (r"amoeb", "ameb"),
        (r"homoeo", "homeo"),
        (r"sulph", "sulf"),  # sulphur, sulphate
        (r"^naev", "nev"),
        (r"leuco", "leuko"),  # leucocyte
        (r"^oesoph", "esoph"),
    )
)

# Suffix rules, tried in order; the first that applies wins.
_SUFFIXES: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        # -ise/-isation → -ize/-ization (randomised, organisation, characterise)
        (r"^([a-z]{3,})is(e|ed|es|ing|ation|ations|ational|er|ers)$", r"\1iz\2"),
        # -yse → -yze (analyse, paralyse, catalyse, dialysed)
        (r"^([a-z]+)lys(e|ed|es|ing|er|ers)$", r"\1lyz\2"),
        # -our → -or (tumour, behavioural, colour, favourite), not four/hour/your/contour
        (r"^([a-z]{2,})our(al|ally|ed|ing|able|ably|ite|ites|ful|less|er|ers|s)?$", r"\1or\2"),
        # -tre/-bre/-gre → -ter/-ber/-ger (centre, fibre, litre, meagre)
        (r"^([a-z]+)(t|b|g)re(s|d)?$", r"\1\2er\3"),
        # doubled l before a suffix (signalling, modelled, labelling, travelled)
        (r"^([a-z]{3,}[ae])ll(ed|ing|er|ers|ation)$", r"\1l\2"),
        # -ogue → -og (catalogue → catalog) for the words not listed above
        (r"^([a-z]{3,})ogue(s)?$", r"\1og\2"),
    )
)

_OUR_KEEP = {"contour", "contours", "detour", "detours", "devour", "devoured", "amour", "troubadour",
             "velour", "scour", "scours", "scoured", "flour", "flours", "hours", "fours", "yours",
             "tours", "toured", "touring", "sours", "soured", "pours", "poured", "pouring",
             "journal", "sojourn"}


def spelling_word(w: str) -> str:
    """One folded (lower-case, ASCII) word → its spelling key."""
    if len(w) < 4 or not w.isalpha():
        return w
    if w in _WORDS:
        return _WORDS[w]
    for pat, rep in _STEMS:
        w = pat.sub(rep, w)
    if w in _WORDS:
        return _WORDS[w]
    for pat, rep in _SUFFIXES:
        if pat is _SUFFIXES[2][0] and w in _OUR_KEEP:
            continue
        new = pat.sub(rep, w)
        if new != w:
            return new
    return w


def spelling_key(text: str | None) -> str:
    """Text folded (case, diacritics, punctuation) with each word's spelling normalised."""
    return " ".join(spelling_word(w) for w in fold(text).split())
