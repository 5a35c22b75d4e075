"""Spoken answers: a recording is transcribed in the step's language, scored like a typed answer and stored with
its delivery and audio; bad recordings are refused with a clear 4xx and leave nothing behind; a track says whether
its tests take typed answers, spoken ones or either."""

from __future__ import annotations

import time
from functools import cache

import numpy as np
import pytest
from api_builders import (
    STRONG,
    Clock,
    client_for,
    count,
    make_team,
    make_user,
    publish_scenario,
    publish_track,
    scenario_document,
    session_of,
)
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.models import Role
from api.services import voice
from voice.clips import default_clips_dir
from voice.transcribe import SAMPLE_RATE, Transcriber, encode_webm

CLIPS = default_clips_dir()
pytestmark = [
    pytest.mark.model,
    pytest.mark.slow,
    pytest.mark.skipif(CLIPS is None, reason="shared/benchmarks/voice is not beside the checkout"),
]


@cache
def webm(clip: str) -> bytes:
    """A shared clip as a browser would send it."""
    assert CLIPS is not None
    return encode_webm(CLIPS / f"{clip}.wav")


@pytest.fixture(scope="module")
def shared_transcriber() -> Transcriber:
    return Transcriber()


@pytest.fixture
def voice_app(app: FastAPI, shared_transcriber: Transcriber) -> FastAPI:
    app.state.transcriber = shared_transcriber  # one speech model for the module
    return app


def _drill(app: FastAPI, clock: Clock, **document: object) -> tuple[TestClient, str]:
    author = make_user(app, role=Role.trainer, clock=clock)
    scenario = publish_scenario(app, author=author, clock=clock, document=scenario_document(**document))
    rep = client_for(app, make_user(app, clock=clock), clock=clock)
    drill = rep.post("/api/v1/drills", json={"scenario_id": scenario.id}).json()
    return rep, f"/api/v1/drills/{drill['id']}/answers"


def _upload(audio: bytes, kind: str = "audio/webm;codecs=opus") -> dict[str, object]:
    return {"files": {"audio": ("answer.webm", audio, kind)}}


def test_a_spoken_answer_is_transcribed_scored_like_a_typed_one_and_kept_with_its_recording(
    voice_app: FastAPI, clock: Clock
) -> None:
    rep, url = _drill(voice_app, clock)
    spoken = rep.post(f"{url}/voice", data={"step_id": "price"}, **_upload(webm("en1")))
    assert spoken.status_code == 201, spoken.text
    answer = spoken.json()["answer"]
    assert answer["mode"] == "voice"
    assert answer["text"].startswith("I hear you, the price is higher")
    delivery = answer["delivery"]
    assert delivery["words"] == 17
    assert 4.0 < delivery["talk_time_s"] <= delivery["duration_s"] < 6.0
    assert delivery["words_per_minute"] == pytest.approx(17 * 60 / delivery["talk_time_s"], abs=0.1)
    assert delivery["norms"]["words_per_minute_min"] == 120
    assert "word_timings" not in delivery

    typed = rep.post(url, json={"step_id": "price", "answer": answer["text"]})  # a retry with the same words
    assert typed.status_code == 201
    assert typed.json()["answer"]["mode"] == "text"
    assert typed.json()["answer"]["delivery"] is None
    assert typed.json()["answer"]["score"] == answer["score"]
    assert typed.json()["answer"]["feedback"] == answer["feedback"]

    audio = rep.get(answer["audio_url"])
    assert audio.status_code == 200
    assert audio.headers["content-type"] == "audio/webm"
    assert audio.content == webm("en1")
    assert rep.get(f"/api/v1/answers/{typed.json()['answer']['id']}/audio").status_code == 404
    assert rep.get(f"/api/v1/answers/{answer['id']}").json()["delivery"] == delivery


def test_fillers_and_an_empty_promise_said_aloud_are_found_in_the_transcript(voice_app: FastAPI, clock: Clock) -> None:
    rep, url = _drill(voice_app, clock)
    answer = rep.post(f"{url}/voice", data={"step_id": "price"}, **_upload(webm("en3"))).json()["answer"]
    fillers = {f["phrase"]: f["count"] for f in answer["delivery"]["fillers"]}
    assert fillers == {"um": 1, "like": 1, "basically": 1, "you know": 1}
    assert answer["passed"] is False


def test_the_companys_filler_stop_phrases_count_as_fillers_in_the_delivery(voice_app: FastAPI, clock: Clock) -> None:
    trainer = client_for(voice_app, make_user(voice_app, role=Role.trainer, clock=clock), clock=clock)
    for phrase, label in [("always", "Insecure filler"), ("do everything", "Empty promise")]:
        added = trainer.post("/api/v1/stop-phrases", json={"phrase": phrase, "label": label, "language": "en"})
        assert added.status_code == 201, added.text
    rep, url = _drill(voice_app, clock)
    answer = rep.post(f"{url}/voice", data={"step_id": "price"}, **_upload(webm("en3"))).json()["answer"]
    fillers = {f["phrase"]: f["count"] for f in answer["delivery"]["fillers"]}
    # the filler family's "always" counts beside the built-in list; an empty promise is a red flag, not a filler
    assert fillers == {"um": 1, "like": 1, "basically": 1, "you know": 1, "always": 1}
    assert answer["delivery"]["filler_count"] == 5


def test_the_recording_is_transcribed_in_the_scenarios_language(voice_app: FastAPI, clock: Clock) -> None:
    rep, url = _drill(voice_app, clock, slug="ru-price", language="ru")
    spoken = rep.post(f"{url}/voice", data={"step_id": "price"}, **_upload(webm("ru2")))
    assert spoken.status_code == 201, spoken.text
    assert spoken.json()["answer"]["text"].startswith("Давайте так")


def _silence(seconds: float) -> bytes:
    return encode_webm(np.zeros(int(seconds * SAMPLE_RATE), dtype=np.float32))


@pytest.mark.parametrize(
    ("audio", "kind", "status", "code"),
    [
        (b"", "audio/webm", 422, "voice_empty"),
        (b"\x1aE\xdf\xa3 truncated webm", "audio/webm", 422, "voice_unreadable"),
        (b"RIFF....WAVEfmt nonsense", "audio/wav", 422, "voice_unreadable"),
        (b"Understood, let me call you on Tuesday.", "text/plain", 415, "voice_type"),
        ("silence", "audio/webm", 422, "voice_silent"),
        ("long", "audio/webm", 422, "voice_too_long"),
        ("large", "audio/webm", 413, "voice_too_large"),
    ],
    ids=["empty", "corrupt-webm", "corrupt-wav", "wrong-type", "silent", "too-long", "too-large"],
)
def test_a_bad_recording_is_refused_with_a_clear_reason_and_nothing_is_stored(
    voice_app: FastAPI, clock: Clock, audio: bytes | str, kind: str, status: int, code: str
) -> None:
    voice_app.state.settings = voice_app.state.settings.model_copy(
        update={"voice_max_seconds": 8.0, "voice_max_bytes": 20_000}
    )
    rep, url = _drill(voice_app, clock)
    body = {"silence": _silence(3), "long": _silence(9), "large": b"\x1aE\xdf\xa3" * 6_000}.get(str(audio), audio)
    assert isinstance(body, bytes)
    refused = rep.post(f"{url}/voice", data={"step_id": "price"}, **_upload(body, kind))
    assert refused.status_code == status, refused.text
    assert refused.json()["errors"][0] | {"message": ""} == {"field": "audio", "code": code, "message": ""} | {
        "params": refused.json()["errors"][0]["params"]
    }
    assert (count(voice_app, "answer"), count(voice_app, "answer_audio")) == (0, 0)
    russian = rep.post(
        f"{url}/voice", data={"step_id": "price"}, headers={"Accept-Language": "ru"}, **_upload(body, kind)
    )
    assert any("а" <= ch <= "я" for ch in russian.json()["detail"]), russian.text


def test_a_recording_for_a_step_not_on_screen_is_refused_before_it_is_transcribed(
    voice_app: FastAPI, clock: Clock
) -> None:
    rep, url = _drill(voice_app, clock)
    assert rep.post(f"{url}/voice", data={"step_id": "timing"}, **_upload(b"not even audio")).status_code == 409
    assert count(voice_app, "answer") == 0


def test_nobody_else_hears_a_reps_recording(voice_app: FastAPI, clock: Clock) -> None:
    rep, url = _drill(voice_app, clock)
    answer = rep.post(f"{url}/voice", data={"step_id": "price"}, **_upload(webm("en2"))).json()["answer"]
    stranger = client_for(voice_app, make_user(voice_app, clock=clock), clock=clock)
    assert stranger.get(answer["audio_url"]).status_code == 404
    admin = client_for(voice_app, make_user(voice_app, role=Role.admin, clock=clock), clock=clock)
    assert admin.get(answer["audio_url"]).content == webm("en2")


@pytest.mark.parametrize(("mode", "typed", "spoken"), [("voice", 409, 201), ("text", 201, 409), ("either", 201, 201)])
def test_a_track_says_whether_its_tests_take_typed_or_spoken_answers(
    voice_app: FastAPI, clock: Clock, mode: str, typed: int, spoken: int
) -> None:
    team = make_team(voice_app, clock=clock)
    author = make_user(voice_app, role=Role.trainer, team=team, clock=clock)
    scenario = publish_scenario(voice_app, author=author, clock=clock)
    track = publish_track(
        voice_app,
        author=author,
        clock=clock,
        scenario_ids=[scenario.id or 0],
        team=team,
        answer_mode=mode,
        test_size=2,
    )
    rep = client_for(voice_app, make_user(voice_app, team=team, clock=clock), clock=clock)
    test = rep.post("/api/v1/tests", json={"track_id": track.id}).json()
    assert test["answer_mode"] == mode
    url, item = f"/api/v1/tests/{test['id']}/answers", test["current_item"]
    said = rep.post(url, json={"item_id": item["id"], "answer": STRONG[item["step"]["id"]]})
    assert said.status_code == typed, said.text
    if typed == 201:
        item = said.json()["test"]["current_item"]
    recorded = rep.post(f"{url}/voice", data={"item_id": str(item["id"])}, **_upload(webm("en1")))
    assert recorded.status_code == spoken, recorded.text
    if spoken == 409:
        assert recorded.json()["code"] == ("test_text_only" if mode == "text" else "test_voice_only")
        return
    finished = rep.post(f"/api/v1/tests/{test['id']}/finish").json()
    answers = [i["answer"] for i in finished["items"] if i["answer"]]
    voiced = [a for a in answers if a["mode"] == "voice"]
    assert len(voiced) == 1
    assert voiced[0]["delivery"]["words"] == 17


def test_recordings_past_the_retention_period_go_at_start_up_and_their_answers_stay(
    voice_app: FastAPI, clock: Clock
) -> None:
    old_rep, old_url = _drill(voice_app, clock)
    old = old_rep.post(f"{old_url}/voice", data={"step_id": "price"}, **_upload(webm("en1"))).json()["answer"]
    clock.advance(days=10)
    new_rep, new_url = _drill(voice_app, clock, slug="hvac-price-later")
    new = new_rep.post(f"{new_url}/voice", data={"step_id": "price"}, **_upload(webm("en2"))).json()["answer"]
    with session_of(voice_app) as session:
        assert voice.forget_old_recordings(session, now=clock.now(), days=0) == 0  # 0: kept for good
        assert voice.forget_old_recordings(session, now=clock.now(), days=11) == 0
    assert count(voice_app, "answer_audio") == 2

    voice_app.state.settings = voice_app.state.settings.model_copy(update={"audio_retention_days": 7})
    with TestClient(voice_app):  # start-up runs the job at once (in the app's time), then daily
        for _ in range(100):
            if count(voice_app, "answer_audio") < 2:
                break
            time.sleep(0.05)
    assert count(voice_app, "answer_audio") == 1

    admin = client_for(voice_app, make_user(voice_app, role=Role.admin, clock=clock), clock=clock)  # reads both
    kept = admin.get(f"/api/v1/answers/{old['id']}").json()
    assert kept["audio_url"] is None  # the transcript, the score and the delivery stay
    assert (kept["text"], kept["score"], kept["delivery"]) == (old["text"], old["score"], old["delivery"])
    gone = admin.get(old["audio_url"])
    assert (gone.status_code, gone.json()["code"]) == (404, "voice_not_found")
    assert admin.get(new["audio_url"]).content == webm("en2")
