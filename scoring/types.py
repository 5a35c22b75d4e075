"""The scorer's inputs, settings and results: plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal, get_args

Language = Literal["ru", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT_PASS_MARK = 70  # an answer passes at this score unless its scenario or step sets another
DEFAULT_PENALTY = 15  # what a red flag takes off the score unless it says otherwise


class ScoringError(ValueError):
    """Input the scorer refuses, with a message that says what is wrong."""


@dataclass(frozen=True)
class ScoringConfig:
    """The scorer's constants; the values are measured (docs/scoring.md), not guessed."""

    meaning_weight: float = 0.7  # the rest is key-point coverage, when the step has key points
    sample_blend: float = 0.5  # share of the graded-sample estimate in the meaning score
    sample_temperature: float = 0.02  # softmax temperature over cosines of graded samples
    key_point_floor: float = 0.02  # a key point's meaning matches halfway between this and what its references reach
    key_point_min: float = 0.02  # ... and never below this
    key_point_words: float = 0.2  # a meaning match counts when the words overlap at least this much (TF-IDF)
    key_point_words_alone: float = 0.3  # a word overlap this close counts on its own
    key_point_short_clause: int = 4  # a clause of fewer words states only the key point it is closest to
    red_flag_margin: float = 0.06  # a red flag's meaning matches when its corrected similarity reaches this
    hub_neighbours: int = 4  # off-topic neighbours that measure how alike a text is to everything
    gibberish_letters_per_piece: float = 2.0  # below this the tokenizer sees fragments, not words
    critical_cap: int = 30  # highest score an answer with a critical red flag can get
    min_words: int = 3
    max_chars: int = 2000
    default_pass_mark: int = DEFAULT_PASS_MARK
    paraphrase_level: float | None = None  # similarity a paraphrase reaches; None: measured on built-in pairs
    unrelated_level: float | None = None  # similarity off-topic text reaches; None: measured on built-in sentences
    word_recall_weight: float = 0.5  # share of word recall (reference words the answer carries) in the similarity
    lexical_weight: float = 0.3  # share of character n-gram similarity in the meaning score
    anchor_score: float = 90.0  # the score a paraphrase at the references' agreement level gets
    poor_answers: bool = True  # built-in generic poor answers (grade 0) join every step's graded samples
    soft_clip: bool = True  # squeeze into 0-100 smoothly, so answers beyond the ends keep their order
    # What cannot fool the score (docs/scoring.md, "What cannot fool the score"):
    not_sentences_share: float = 0.12  # below this share of function words (and no verb in Russian): a word list
    said_share: float = 0.5  # an answer whose clauses mostly refuse or describe (by characters) does not pass
    refused_share: float = 0.5  # ... nor one that refuses key points worth this share of their weight
    refusal_cap: int = 30  # the highest score such an answer can get
    # a reference clause matched to a key point this far above its mean is its example; -1: every clause the one-to-one
    # matching gives it, also one that does not fit (a statement for an asking key point)
    implicit_example_margin: float = -1.0
    implicit_floor: float = 0.02  # key_point_floor for a key point whose examples are implicit
    implicit_words: float = 0.2  # key_point_words for a key point whose examples are implicit
    tone_threshold: float = 0.6  # a sentence the tone check finds rude with this probability is flagged
    tone_whole: float = 0.65  # ... and the whole answer with at least this probability
    tone_sure: float = 0.95  # ... or, in a courteous answer, one sentence the tone check is this sure of
    tone_last: float = 0.65  # ... or the answer's last statement (not a question) with this probability
    tone_min_words: int = 5  # shorter clauses are not judged for tone
    hedge_count: int = 3  # this many different hedges or apologies in one answer are insecure speech (0: off)
    tone_penalty: int = 30
    tone_critical: bool = False
    # The move check (scoring/moves.py): a plain statement of at least move_min_words words that it finds refusing or
    # describing with at least this probability counts as a refusal or a description (1.0: off)
    move_refuses: float = 0.85
    move_describes: float = 0.7
    move_min_words: int = 4
    move_refusal_min_words: int = 6  # ... and a refusal needs this many («Понимаю, спорить не буду» is courtesy)
    # Degenerate answers (scoring/degenerate.py, scoring/text.py), next to gibberish_letters_per_piece and min_words:
    wrong_language_min_letters: int = 8  # a text with fewer letters is never judged to be in another language
    wrong_language_cyrillic: float = 0.3  # a Russian step's answer with a lower share of Cyrillic letters: not Russian
    wrong_language_latin: float = 0.5  # an English step's answer with a lower share of Latin letters: not English
    gibberish_min_letters: int = 6  # a text with fewer letters is never gibberish (neither by letters nor by pieces)
    gibberish_distinct_letters: int = 3  # a text of this few different letters (or fewer) is repeated characters
    gibberish_known_share: float = 0.5  # below this share of Latin and Russian letters: another script, not gibberish
    gibberish_vowels_min: float = 0.2  # a vowel share (of Latin and Russian letters) below this is keyboard mashing
    gibberish_vowels_max: float = 0.75  # ... and so is one above this
    gibberish_long_word: int = 4  # words of at least this many letters are checked for being pronounceable
    gibberish_consonant_run: int = 5  # a word with this many consonants in a row is unpronounceable
    gibberish_unpronounceable: int = 2  # this many unpronounceable long words make gibberish ...
    gibberish_unpronounceable_share: float = 0.5  # ... when they are also at least this share of the long words
    copy_contained_share: float = 0.6  # an answer inside the customer's line and this long relative to it is a copy
    copy_max_length: float = 1.5  # an answer longer than this times the customer's line is never a near copy
    copy_ratio: float = 0.85  # ... a shorter one is when its difflib similarity to the line reaches this


@dataclass(frozen=True)
class KeyPointSpec:
    """A key point: a short statement, its weight, and phrasings that express it."""

    text: str
    weight: float = 1.0
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class RedFlagSpec:
    """A red flag: matched by phrases (any word form) and/or by meaning."""

    label: str
    phrases: tuple[str, ...] = ()
    meaning: str | None = None
    penalty: int = DEFAULT_PENALTY
    critical: bool = False


@dataclass(frozen=True)
class StopPhrase:
    """A company-wide stop phrase: checked in every answer on top of the step's red flags, like a red-flag phrase
    (any word form, a negation right before it cancels it). `language` None: every language."""

    phrase: str
    label: str
    penalty: int = 10
    critical: bool = False
    language: str | None = None


@dataclass(frozen=True)
class GradedSample:
    """A sample answer with a trainer's grade 0-100; `covers`: the key points (numbered from 1) it covers in the
    trainer's judgement, when labelled (used only to measure key-point detection, never to score)."""

    answer: str
    grade: int
    covers: tuple[int, ...] | None = None


@dataclass(frozen=True)
class StepSpec:
    """Everything the scorer needs about one objection step."""

    references: tuple[str, ...]
    key_points: tuple[KeyPointSpec, ...] = ()
    red_flags: tuple[RedFlagSpec, ...] = ()
    customer_line: str | None = None
    language: str | None = None
    samples: tuple[GradedSample, ...] = ()
    pass_mark: int | None = None
    stop_phrases: tuple[StopPhrase, ...] = ()  # the company's list (api: from the database)

    def __post_init__(self) -> None:
        if not self.references or any(not r.strip() for r in self.references):
            raise ScoringError("a step needs at least one non-empty reference answer")
        if self.language is not None and self.language not in LANGUAGES:
            raise ScoringError(f"unknown language {self.language!r}: use one of {', '.join(LANGUAGES)}")
        if self.pass_mark is not None and not 0 <= self.pass_mark <= 100:
            raise ScoringError(f"pass mark {self.pass_mark} is outside 0-100")
        for sample in self.samples:
            if not 0 <= sample.grade <= 100:
                raise ScoringError(f"sample grade {sample.grade} is outside 0-100")
        for point in self.key_points:
            if not point.text.strip() or point.weight <= 0:
                raise ScoringError("a key point needs text and a positive weight")
        for flag in self.red_flags:
            if not flag.phrases and not flag.meaning:
                raise ScoringError(f"red flag {flag.label!r} needs phrases or a meaning")
        for stop in self.stop_phrases:
            if not stop.phrase.strip() or not stop.label.strip():
                raise ScoringError("a stop phrase needs a phrase and a label")


@dataclass(frozen=True)
class KeyPointResult:
    """Whether a key point was covered, and by which sentence of the answer."""

    text: str
    weight: float
    covered: bool
    similarity: float
    needed: float  # the similarity of meaning this key point needs (see ScoringConfig.key_point_floor)
    lexical: float  # the best TF-IDF cosine of its examples to a clause of the answer
    sentence: str | None  # the clause that states it (evidence), when covered
    start: int | None
    end: int | None
    refused: bool = False  # a clause of the answer refuses what this key point asks


@dataclass(frozen=True)
class RedFlagHit:
    """A red flag found in the answer, with the words that triggered it."""

    label: str
    penalty: int
    critical: bool
    matched_by: Literal["phrase", "meaning", "tone"]
    words: str
    start: int
    end: int
    similarity: float | None = None
    source: Literal["step", "company", "tone"] = "step"  # the step's red flag, a company stop phrase, the tone check


@dataclass(frozen=True)
class ScoreResult:
    """A score 0-100 with everything that explains it."""

    score: int
    passed: bool
    pass_mark: int
    answer: str
    reason_code: str | None = None
    reason: str | None = None
    best_reference: int | None = None
    best_reference_text: str | None = None
    reference_similarities: list[float] = field(default_factory=list)
    meaning: float = 0.0
    key_point_coverage: float | None = None
    key_points: list[KeyPointResult] = field(default_factory=list)
    red_flags: list[RedFlagHit] = field(default_factory=list)
    penalty: int = 0
    model: str = ""

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready dict."""
        return asdict(self)
