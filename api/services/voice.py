"""Spoken answers: the upload is checked and transcribed in the step's language, then scored like a typed answer
(api/services/practice.py, tests.py); the recording is stored with the answer, in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, delete, select

from api.errors import ConflictError, InvalidError, NotFoundError, PayloadTooLargeError, ServiceError
from api.models import Answer, StopPhrase, TrackVersion, User
from api.models.base import id_of
from api.models.training import AnswerAudio
from api.services import answers as answer_service
from api.settings import Settings
from scoring.stop_phrases import FILLER
from voice.transcribe import AudioError, Transcriber, Transcript, decode

# What a browser's MediaRecorder sends (WebM or Ogg with Opus), and WAV for recordings made elsewhere.
AUDIO_TYPES = {"audio/webm", "audio/ogg", "audio/wav", "audio/x-wav", "audio/wave", "video/webm"}


class UnsupportedMediaTypeError(ServiceError):
    status_code = 415


@dataclass(frozen=True)
class Recording:
    """A checked, transcribed upload, waiting to be stored with its answer."""

    data: bytes
    content_type: str
    transcript: Transcript


def company_fillers(session: Session, *, language: str) -> tuple[str, ...]:
    """The company's filler stop phrases for `language` (those under the built-in filler label, «Неуверенная речь»
    or "Insecure filler", in this language or every language): delivery counts them besides its own list."""
    labels = list(FILLER.values())
    language_matches = (col(StopPhrase.language) == language) | col(StopPhrase.language).is_(None)
    query = select(StopPhrase.phrase).where(col(StopPhrase.label).in_(labels), language_matches)
    return tuple(session.exec(query.order_by(col(StopPhrase.id))).all())


def transcribe_upload(
    transcriber: Transcriber,
    *,
    data: bytes,
    content_type: str | None,
    language: str,
    settings: Settings,
    fillers: tuple[str, ...] = (),
) -> Recording:
    """Check an uploaded recording (type, size, length, speech in it) and transcribe it; CPU work, so never call it
    on the event loop. Refusals raise before anything is stored. `fillers`: the company's (`company_fillers`)."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind not in AUDIO_TYPES:
        raise UnsupportedMediaTypeError("voice_type", field="audio", kind=kind or "untyped")
    if len(data) > settings.voice_max_bytes:
        raise PayloadTooLargeError("voice_too_large", field="audio", size=len(data), limit=settings.voice_max_bytes)
    try:
        samples = decode(data, max_seconds=settings.voice_max_seconds)
        transcript = transcriber.transcribe(samples, language=language, extra_fillers=fillers)
    except AudioError as error:
        if error.reason == "too_long":
            seconds, limit = round(error.seconds or 0), settings.voice_max_seconds
            raise InvalidError("voice_too_long", field="audio", seconds=seconds, limit=limit) from None
        raise InvalidError(_AUDIO_CODES.get(error.reason, "voice_unreadable"), field="audio") from None
    return Recording(data=data, content_type=kind, transcript=transcript)


_AUDIO_CODES = {"empty": "voice_empty", "unreadable": "voice_unreadable", "silent": "voice_silent"}
"""The error code of each reason a recording is refused for (api/messages.py words them)."""


def delivery_of(recording: Recording) -> dict[str, Any]:
    """What an answer stores of its delivery: the figures, the recording's length and the word timings."""
    transcript = recording.transcript
    timings = [[w.text, round(w.start, 2), round(w.end, 2)] for w in transcript.words]
    return {"duration_s": transcript.duration_s, **transcript.delivery.to_dict(), "word_timings": timings}


def store(session: Session, *, answer: Answer, recording: Recording) -> None:
    """Keep the recording beside its answer (not committed: it goes with the answer's transaction)."""
    session.add(
        AnswerAudio(
            answer_id=id_of(answer),
            user_id=answer.user_id,
            content_type=recording.content_type,
            size=len(recording.data),
            duration_s=recording.transcript.duration_s,
            data=recording.data,
            created_at=answer.created_at,
        )
    )


def recording_of(session: Session, *, answer_id: int, user: User) -> AnswerAudio:
    """The recording of an answer whoever may read the answer may hear; NotFoundError otherwise."""
    answer = answer_service.get_answer(session, answer_id=answer_id, user=user)
    audio = session.exec(select(AnswerAudio).where(col(AnswerAudio.answer_id) == answer.id)).first()
    if audio is None:
        raise NotFoundError("voice_not_found", id=answer_id)
    return audio


def check_test_mode(session: Session, *, track_version_id: int, spoken: bool) -> None:
    """ConflictError when the track's tests take only the other kind of answer."""
    version = session.get(TrackVersion, track_version_id)
    mode = version.answer_mode if version is not None else "either"
    if mode == "voice" and not spoken:
        raise ConflictError("test_voice_only")
    if mode == "text" and spoken:
        raise ConflictError("test_text_only")


def forget_old_recordings(session: Session, *, now: datetime, days: int) -> int:
    """Delete the recordings kept more than `days` days (0: keep them all); their answers stay with the transcript,
    the scores and the delivery, and say the recording is gone. Returns how many were deleted (committed)."""
    if days <= 0:
        return 0
    cutoff = now - timedelta(days=days)
    old = list(session.exec(select(AnswerAudio.answer_id).where(col(AnswerAudio.created_at) < cutoff)).all())
    return _forget(session, old, now=now)


def forget_recordings_of(session: Session, *, user_id: int, now: datetime) -> int:
    """Delete every recording of one user's answers (their account is deleted), as `forget_old_recordings` does."""
    theirs = list(session.exec(select(AnswerAudio.answer_id).where(col(AnswerAudio.user_id) == user_id)).all())
    return _forget(session, theirs, now=now)


def _forget(session: Session, answer_ids: list[int], *, now: datetime) -> int:
    """Delete these answers' recordings, 500 answers a transaction; each answer's delivery says when it went."""
    for start in range(0, len(answer_ids), 500):
        chunk = answer_ids[start : start + 500]
        for answer in session.exec(select(Answer).where(col(Answer.id).in_(chunk))):
            answer.delivery = {**(answer.delivery or {}), "recording_removed_at": now.isoformat()}
            session.add(answer)
        session.exec(delete(AnswerAudio).where(col(AnswerAudio.answer_id).in_(chunk)))
        session.commit()
    return len(answer_ids)
