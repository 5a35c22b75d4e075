"""Tables and API schemas, one family per entity; importing this registers every table on the metadata."""

from api.models.attempt_requests import AttemptRequest
from api.models.base import NAMING_CONVENTION, Role, UTCDateTime
from api.models.content import Assignment, Scenario, ScenarioVersion, Track, TrackVersion
from api.models.disputes import Dispute
from api.models.exams import Exam, ExamItem
from api.models.norms import PracticeNorm
from api.models.plans import OnboardingPlan, PlanAssignment
from api.models.progress import Certificate, CycleTransition, ReviewCard, SampleScore, TrainingCycle
from api.models.stop_phrases import StopPhrase
from api.models.training import Answer, AnswerRedFlag, Drill
from api.models.users import AuthSession, LoginFailure, Team, User

__all__ = [
    "NAMING_CONVENTION",
    "Answer",
    "AnswerRedFlag",
    "Assignment",
    "AttemptRequest",
    "AuthSession",
    "Certificate",
    "CycleTransition",
    "Dispute",
    "Drill",
    "Exam",
    "ExamItem",
    "LoginFailure",
    "OnboardingPlan",
    "PlanAssignment",
    "PracticeNorm",
    "ReviewCard",
    "Role",
    "SampleScore",
    "Scenario",
    "ScenarioVersion",
    "StopPhrase",
    "Team",
    "Track",
    "TrackVersion",
    "TrainingCycle",
    "UTCDateTime",
    "User",
]
