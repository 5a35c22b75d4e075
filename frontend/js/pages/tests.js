// Tests: assigned tracks, a running test with a per-answer countdown and no feedback, then the result page.

import { get, post, serverNow } from "../api.js";
import { errorBox, errorMessage, navigate, session } from "../app.js";
import { busy, h, limitedField, mount, onSubmit, tableBox } from "../dom.js";
import { answerText, feedbackCard, scoreLine } from "../feedback.js";
import { fmtDate, t } from "../i18n.js";
import { guardLeaving, keepDrop, keepKey, keepLoad, keepSave } from "../keep.js";
import { customerVoice } from "../speak.js";
import { spokenAnswer, voicePanel } from "../voice.js";
import { attemptRequestPanel } from "./attempts.js";
import { customerBubble } from "./practice.js";

/** Assigned tracks with their rules and a start button; the rep's earlier tests. */
export async function testsHome(main) {
  const [tracks, tests, availability] = await Promise.all([get("/tracks"), get("/tests?limit=50"), get("/tests/availability")]);
  const open = Object.fromEntries(availability.map((a) => [a.track_id, a]));
  const published = tracks.filter((track) => track.published);
  const names = Object.fromEntries(tracks.map((track) => [track.id, track.published ? track.published.name : track.name]));
  mount(
    main,
    h("h1", null, t("tests.title")),
    h("p", { class: "lead" }, t("tests.intro")),
    published.length ? h("div", { class: "cards" }, published.map((track) => trackCard(track, open[track.id]))) : h("p", { class: "empty" }, t("tests.noTracks")),
    h("h2", null, t("tests.history")),
    tests.length ? historyTable(tests, names) : h("p", { class: "empty" }, t("tests.noHistory")),
  );
}

function trackCard(track, availability) {
  const rules = track.published;
  const running = availability && availability.running_test_id;
  const start = h("button", { type: "button" }, running ? t("tests.continue") : t("tests.start"));
  const status = h("div", { role: "status" });
  start.addEventListener("click", async () => {
    if (running) {
      navigate(`/tests/${running}`);
      return;
    }
    try {
      const test = await busy(start, t("common.starting"), () => post("/tests", { track_id: track.id }));
      navigate(`/tests/${test.id}`);
    } catch (error) {
      mount(status, errorBox(error));
    }
  });
  // The count includes a running test: while it runs it is "attempt 3 of 3, under way", not "3 of 3 used".
  const attempts = !availability
    ? String(rules.attempts_allowed)
    : running
      ? t("tests.attemptRunning", { n: availability.attempts_used, allowed: availability.attempts_allowed })
      : t("tests.attemptsUsed", { used: availability.attempts_used, allowed: availability.attempts_allowed });
  return h(
    "article",
    { class: "card" },
    h("h3", null, rules.name),
    rules.description ? h("p", null, rules.description) : null,
    h(
      "dl",
      { class: "rules" },
      rule(t("tests.size"), rules.test_size),
      rule(t("tests.timePerAnswer"), t("tests.seconds", { n: rules.seconds_per_answer })),
      rule(t("tests.passMark"), rules.pass_mark),
      rule(t("tests.floor"), rules.floor),
      rule(t("tests.attempts"), attempts),
      rule(t("tests.validity"), t("tests.days", { n: rules.certificate_valid_days })),
    ),
    !availability || availability.open ? start : h("p", { class: "muted" }, closedReason(availability)),
    availability ? attemptRequestPanel(track.id, availability) : null,
    status,
  );
}

/** Why the test cannot start now: the server words each reason (`reason_code`) in the interface language, with
 * the same text as the refusal of a start would have. */
function closedReason(availability) {
  return availability.reason || t("tests.noAttempts");
}

function rule(term, value) {
  return [h("dt", null, term), h("dd", null, String(value))];
}

function historyTable(tests, names) {
  return tableBox(
    t("tests.history"),
    h(
      "table",
      null,
      h("thead", null, h("tr", null, [t("tests.track"), t("tests.attempt"), t("tests.date"), t("tests.score"), t("tests.status")].map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        null,
        tests.map((test) =>
          h(
            "tr",
            null,
            h("td", null, h("a", { href: `/tests/${test.id}` }, names[test.track_id] || `#${test.track_id}`)),
            h("td", null, String(test.number)),
            h("td", null, fmtDate(test.started_at)),
            h("td", null, test.score === null ? "—" : String(Math.round(test.score))),
            h("td", null, t(`testStatus.${test.status}`)),
          ),
        ),
      ),
    ),
  );
}

/** A test: the running item with its countdown, or the result once finished. */
export async function testPage(main, testId) {
  const test = await get(`/tests/${testId}`);
  if (test.finished_at) return resultView(main, test);
  return runningView(main, test);
}

function formatSeconds(total) {
  const seconds = Math.max(0, Math.ceil(total));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

function runningView(main, initial) {
  let test = initial;
  let timer = null;
  let waiting = false;
  const heading = h("h1", null, t("tests.running"));
  const position = h("p", { class: "test-position" });
  const progress = h("progress", { max: test.item_count, value: 0, "aria-label": t("tests.progress") });
  const clock = h("p", { class: "countdown", role: "timer", "aria-label": t("tests.countdown"), "aria-live": "off", "aria-atomic": "true" });
  const warn = h("p", { class: "visually-hidden", "aria-live": "assertive" });
  const context = h("div", { class: "test-context" });
  const chat = h("ol", { class: "chat" });
  const answer = h("textarea", { rows: 5, maxlength: 2000, name: "answer", autocomplete: "off" });
  const send = h("button", { type: "submit" }, t("tests.sendAnswer"));
  const status = h("p", { class: "form-status", role: "status" });
  // The track says how its answers are given: typed, spoken or either (voice.js records, as on the drill page).
  const mode = test.answer_mode || "either";
  const voicing = mode === "text" ? null : voicePanel({ intro: mode === "voice" ? t("tests.voiceOnly") : t("voice.or") });
  const typing = mode === "voice" ? null : [limitedField(t("practice.yourAnswer"), answer, { hint: t("tests.keys") }), h("div", { class: "actions" }, send)];
  const cannotRecord = mode === "voice" && !(voicing && voicing.recorder) ? h("p", { class: "error" }, t("tests.voiceUnsupported")) : null;
  const form = h("form", { class: "answer-form" }, typing, cannotRecord || (voicing && voicing.element), status);
  // The customer speaks, as on the drill page: each item's line is read aloud in its scenario's language when on.
  const speaker = customerVoice(test.current_item ? test.current_item.language : session.user.language);
  const finishButton = h("button", { type: "button", class: "secondary danger" }, t("tests.finish"));
  const confirmBox = h("div", { class: "confirm", hidden: true });

  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
    speaker.stop();
  };
  // The answer being typed is kept in this browser per item: a reload or an ended session loses none of it.
  const userId = session.user.id; // still known when the session ends mid-answer
  const keepAt = () => keepKey(userId, "test", `${test.id}.${test.current_item.id}`);
  answer.addEventListener("input", () => keepSave(keepAt(), answer.value));

  const show = (current) => {
    const item = current.current_item;
    position.textContent = t("tests.position", { n: item.position, total: current.item_count });
    progress.value = item.position - 1;
    mount(
      context,
      h("h2", null, item.scenario_title),
      h("p", { class: "persona-who" }, h("strong", null, item.persona.role), ", ", item.persona.company),
      h("details", null, h("summary", null, t("practice.context")), h("p", null, item.context)),
    );
    mount(chat, customerBubble(item.step.customer_line, item.language));
    speaker.use(item.language);
    speaker.say(item.step.customer_line);
    const kept = keepLoad(keepAt());
    answer.value = kept && typeof kept.value === "string" ? kept.value : "";
    answer.readOnly = false;
    send.disabled = false;
    status.textContent = "";
    status.classList.remove("error");
    if (voicing && voicing.recorder) voicing.recorder.reset();
    if (typing) answer.focus();
    tick();
  };

  const tick = () => {
    const item = test.current_item;
    if (!item || !item.deadline) return;
    const left = (Date.parse(item.deadline) - serverNow()) / 1000;
    clock.textContent = t("tests.timeLeft", { time: formatSeconds(left) });
    clock.classList.toggle("urgent", left <= 15);
    if (Math.ceil(left) === 30 || Math.ceil(left) === 10) warn.textContent = t("tests.secondsLeft", { n: Math.ceil(left) });
    if (left <= 0 && !waiting) timeUp();
  };

  const timeUp = async () => {
    waiting = true;
    // a recording under way stops and goes, like a typed draft (the server allows a short grace after the deadline)
    const recording = voicing && voicing.recorder ? await voicing.recorder.finish() : null;
    if (recording || answer.value.trim()) {
      await (recording ? submitVoice() : submit());
      waiting = false;
      return;
    }
    clock.textContent = t("tests.timeUp");
    answer.readOnly = true;
    send.disabled = true;
    await new Promise((resolve) => setTimeout(resolve, 3500));
    try {
      await update(await get(`/tests/${test.id}`));
    } catch (error) {
      status.textContent = errorMessage(error);
    }
    waiting = false;
  };

  const update = async (next) => {
    test = next;
    if (test.finished_at || !test.current_item) {
      stop();
      navigate(`/tests/${test.id}`, { replace: true, flash: t("tests.done") });
      return;
    }
    show(test);
  };

  const submit = async () => {
    if (!answer.value.trim()) {
      status.textContent = t("practice.empty");
      answer.focus();
      return;
    }
    answer.readOnly = true;
    try {
      const receipt = await busy(send, t("common.sending"), () => post(`/tests/${test.id}/answers`, { item_id: test.current_item.id, answer: answer.value }));
      keepDrop(keepAt());
      await update(receipt.test);
    } catch (error) {
      await failed(error);
    }
  };

  const submitVoice = async () => {
    const blob = voicing.recorder.recording();
    if (!blob) {
      status.textContent = t("voice.needRecording");
      return;
    }
    status.textContent = "";
    status.classList.remove("error");
    answer.readOnly = true;
    try {
      const receipt = await voicing.send(`/tests/${test.id}/answers/voice`, { item_id: test.current_item.id }, blob);
      keepDrop(keepAt());
      await update(receipt.test);
    } catch (error) {
      failed(error);
    }
  };

  const failed = async (error) => {
    status.textContent = errorMessage(error);
    status.classList.add("error");
    answer.readOnly = false;
    if (voicing) voicing.button.disabled = !(voicing.recorder && voicing.recorder.recording());
    try {
      // time may have run out: move to where the test is (on the same item, the message and the recording stay)
      const now = await get(`/tests/${test.id}`);
      if (now.finished_at || !now.current_item || now.current_item.id !== test.current_item.id) await update(now);
    } catch {
      // keep the message
    }
  };

  onSubmit(form, answer, submit);
  if (voicing) voicing.button.addEventListener("click", submitVoice);
  finishButton.addEventListener("click", () => {
    confirmBox.hidden = false;
    mount(
      confirmBox,
      h("p", null, t("tests.finishConfirm")),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "danger", on: { click: async (event) => {
          try {
            const done = await busy(event.currentTarget, t("common.sending"), () => post(`/tests/${test.id}/finish`));
            await update(done);
          } catch (error) {
            mount(confirmBox, errorBox(error));
          }
        } } }, t("tests.finishYes")),
        h("button", { type: "button", class: "secondary", on: { click: () => { confirmBox.hidden = true; finishButton.focus(); } } }, t("common.cancel")),
      ),
    );
    confirmBox.querySelector("button").focus();
  });

  mount(main, heading, h("div", { class: "test-bar" }, position, progress, clock), warn, context, speaker.element, chat, form, h("p", { class: "muted" }, t("tests.noFeedback")), finishButton, confirmBox);
  show(test);
  timer = setInterval(tick, 250);
  const release = guardLeaving(() => (timer && test.current_item ? t("keep.testLeave") : null)); // the clock runs
  return () => {
    stop();
    release();
  };
}

async function resultView(main, test) {
  const track = await get(`/tracks/${test.track_id}`).catch(() => null);
  const name = track ? (track.published ? track.published.name : track.name) : t("tests.title");
  mount(
    main,
    h("h1", null, t("tests.result"), ": ", name),
    h(
      "section",
      { class: ["result-summary", test.passed ? "pass" : "fail"], "aria-label": t("tests.result") },
      h("p", { class: "big-score" }, String(Math.round(test.score ?? 0))),
      h("p", { class: ["verdict", test.passed ? "pass" : "fail"] }, test.passed ? t("tests.passedVerdict") : t("tests.failedVerdict")),
      h("p", { class: "muted" }, t("tests.rulesLine", { pass: test.pass_mark, floor: test.floor, n: test.number, allowed: test.attempts_allowed })),
      h("p", { class: "muted" }, t("tests.answeredLine", { answered: test.answered, total: test.item_count })),
    ),
    h("h2", null, t("tests.answers")),
    h("ol", { class: "result-items" }, (test.items || []).map(resultItem)),
    h("p", null, h("a", { href: "/tests" }, t("tests.back")), " · ", h("a", { href: "/progress" }, t("nav.progress"))),
  );
}

function resultItem(item) {
  const answer = item.answer;
  const score = answer ? answer.final_score ?? answer.score : 0;
  return h(
    "li",
    { class: "result-item" },
    h("h3", null, item.scenario_title),
    h("p", { class: "customer-line" }, h("span", { class: "speaker" }, t("practice.customer"), ": "), item.step.customer_line),
    answer
      ? [
          answer.mode === "voice"
            ? h("div", { class: "spoken" }, h("span", { class: "speaker" }, t("practice.you"), " · ", t("voice.spoken"), ": "), spokenAnswer(answer))
            : h("p", { class: "answer-text" }, h("span", { class: "speaker" }, t("practice.you"), ": "), answerText(answer.text, answer.feedback)),
          scoreLine(score, answer.passed, answer.pass_mark),
          h("details", null, h("summary", null, t("tests.why")), feedbackCard(answer, { dispute: true })),
        ]
      : h("p", { class: "fail" }, t(`itemStatus.${item.status}`), " — ", t("feedback.score", { score: 0 })),
  );
}
