// Practice: today's drill as a conversation with the customer; feedback after each answer; retry and next.

import { ApiError, get, post, query } from "../api.js";
import { errorBox, errorMessage, navigate, session } from "../app.js";
import { busy, field, h, limitedField, mount, newestOnly, onSubmit, select } from "../dom.js";
import { answerText, feedbackCard } from "../feedback.js";
import { categoryLabel, fmtDateTime, t } from "../i18n.js";
import { keepDrop, keepKey, keepLoad, keepSave } from "../keep.js";
import { languageOptions } from "../meta.js";
import { customerVoice } from "../speak.js";
import { summaryCard } from "../summary.js";
import { spokenAnswer, voicePanel } from "../voice.js";
import { normCard } from "./norms.js";

/** The practice start page: drills to continue, today's queue, scenarios. */
export async function practiceHome(main) {
  const [drills, tracks, today, norm] = await Promise.all([get("/drills?limit=20"), get("/tracks"), get("/progress/me/today"), get("/norms/me")]);
  const active = drills.filter((drill) => drill.status === "active");
  const assigned = new Set(tracks.flatMap((track) => (track.published ? track.published.scenario_ids : [])));
  const list = h("div", { class: "cards", id: "scenario-cards" });
  const language = select([{ value: "", label: t("common.allLanguages") }, ...languageOptions()], { value: "" });
  const onlyAssigned = h("input", { type: "checkbox", id: "only-assigned", checked: assigned.size > 0, disabled: assigned.size === 0 });
  const load = newestOnly(async (current) => {
    mount(list, h("p", { class: "loading" }, t("common.loading")));
    try {
      const scenarios = await get(`/scenarios${query({ language: language.value, include_drafts: false })}`);
      const shown = onlyAssigned.checked ? scenarios.filter((s) => assigned.has(s.id)) : scenarios;
      if (current()) mount(list, shown.length ? shown.map(scenarioCard) : h("p", { class: "empty" }, t("practice.noScenarios")));
    } catch (error) {
      if (current()) mount(list, errorBox(error));
    }
  });
  language.addEventListener("change", load);
  onlyAssigned.addEventListener("change", load);
  mount(
    main,
    h("h1", null, t("practice.title")),
    todaySection(today),
    normCard(norm),
    active.length
      ? h(
          "section",
          { "aria-labelledby": "continue-h" },
          h("h2", { id: "continue-h" }, t("practice.continue")),
          h("ul", { class: "plain continue-list" }, active.slice(0, 5).map(continueItem)),
        )
      : null,
    h(
      "section",
      { "aria-labelledby": "scenarios-h" },
      h("h2", { id: "scenarios-h" }, t("practice.scenarios")),
      h(
        "div",
        { class: "filters" },
        field(t("common.language"), language),
        h("div", { class: "field check" }, onlyAssigned, h("label", { for: "only-assigned" }, t("practice.onlyAssigned"))),
      ),
      list,
    ),
  );
  await load();
}

/** A drill to continue: its title, where it stands (the customer's line waiting for an answer) and when it began. */
function continueItem(drill) {
  const line = drill.current_step ? drill.current_step.customer_line : "";
  const short = line.length > 80 ? `${line.slice(0, 79)}…` : line;
  return h(
    "li",
    null,
    h("a", { href: `/practice/${drill.id}` }, drill.title),
    short ? h("span", null, ` · ${t("practice.continueAt")} «${short}»`) : null,
    h("span", { class: "muted small" }, ` · ${t("practice.startedAt", { when: fmtDateTime(drill.started_at) })}`),
  );
}

function todaySection(today) {
  if (!today) return null;
  const start = h("button", { type: "button" }, t("practice.startToday"));
  start.addEventListener("click", () => startToday(start, {}));
  return h(
    "section",
    { class: "today", "aria-labelledby": "today-h" },
    h("h2", { id: "today-h" }, t("practice.today")),
    h("p", null, todayCounts(today.items)),
    today.items.length
      ? [
          start, // first: one press, not a Tab past every item of the list
          h(
            "ol",
            { class: "today-list" },
            today.items.map((item) => {
              const open = h("button", { type: "button", class: "link" }, item.customer_line);
              open.addEventListener("click", () => startToday(open, { scenario_id: item.scenario_id, step_id: item.step_id }));
              return h(
                "li",
                null,
                h("span", { class: ["badge", item.kind === "due" ? "badge-open" : "badge-in_progress"] }, t(`practice.kind.${item.kind}`)),
                " ",
                open,
                h("span", { class: "muted small" }, ` · ${item.scenario_title} · ${categoryLabel(item.category)}`),
              );
            }),
          ),
        ]
      : h("p", { class: "empty" }, t("practice.todayDone")),
  );
}

async function startToday(buttonEl, body) {
  try {
    const drill = await busy(buttonEl, t("common.starting"), () => post("/progress/me/today/drills", body));
    navigate(`/practice/${drill.id}`);
  } catch (error) {
    buttonEl.after(errorBox(error));
  }
}

function scenarioCard(scenario) {
  const start = h("button", { type: "button" }, t("practice.start"));
  start.addEventListener("click", () => startDrill(start, scenario.id));
  return h(
    "article",
    { class: "card" },
    h("h3", null, scenario.title),
    h(
      "p",
      { class: "muted" },
      t(`language.${scenario.language}`),
      " · ",
      t(`difficulty.${scenario.difficulty}`),
      " · ",
      scenario.categories.map(categoryLabel).join(", "),
    ),
    start,
  );
}

async function startDrill(buttonEl, scenarioId) {
  try {
    const drill = await busy(buttonEl, t("common.starting"), () => post("/drills", { scenario_id: scenarioId }));
    navigate(`/practice/${drill.id}`);
  } catch (error) {
    buttonEl.after(errorBox(error));
  }
}

/** The persona card at the top of a conversation. */
export function personaCard(title, persona, context, language) {
  return h(
    "section",
    { class: "persona", "aria-label": t("practice.customer") },
    h("h1", null, title),
    h(
      "p",
      { class: "persona-who" },
      h("span", { class: "avatar", "aria-hidden": "true" }, initials(persona.role)),
      h("span", null, h("strong", null, persona.role), ", ", persona.company),
    ),
    h("p", { class: "muted" }, t("practice.temperament"), ": ", persona.temperament),
    h("details", null, h("summary", null, t("practice.context")), h("p", { lang: language }, context)),
  );
}

function initials(role) {
  return (role || "?")
    .split(/\s+/)
    .slice(0, 2)
    .map((word) => Array.from(word)[0] || "")
    .join("")
    .toUpperCase();
}

/** A customer bubble. */
export function customerBubble(line, language, { label } = {}) {
  return h(
    "li",
    { class: "bubble customer" },
    h("span", { class: "speaker" }, label || t("practice.customer")),
    h("p", { lang: language }, line),
  );
}

function repBubble(text, feedback, language, answer = null) {
  if (answer && answer.mode === "voice") {
    return h(
      "li",
      { class: "bubble rep spoken" },
      h("span", { class: "speaker" }, t("practice.you"), " · ", t("voice.spoken")),
      spokenAnswer(answer, language),
    );
  }
  return h("li", { class: "bubble rep" }, h("span", { class: "speaker" }, t("practice.you")), h("p", { lang: language, class: "answer-text" }, answerText(text, feedback)));
}

/** What today's list holds, counted from the list itself so that the numbers add up to what is shown. */
function todayCounts(items) {
  const count = (kind) => items.filter((item) => item.kind === kind).length;
  const cycle = count("cycle");
  const counts = { due: count("due"), fresh: count("new"), cycle };
  return cycle ? t("practice.todayCountsCycle", counts) : t("practice.todayCounts", counts);
}

/** A drill in progress: the conversation, the answer box, feedback, retry and next; the summary at the end. */
export async function drillPage(main, drillId) {
  const drill = await get(`/drills/${drillId}`);
  const chat = h("ol", { class: "chat", "aria-live": "polite", "aria-label": t("practice.conversation") });
  const speaker = customerVoice(drill.language); // reads the customer's new lines aloud when switched on
  const answer = h("textarea", { rows: 4, maxlength: 2000, lang: drill.language, autocomplete: "off", name: "answer" });
  const send = h("button", { type: "submit" }, t("practice.send"));
  const hintButton = h("button", { type: "button", class: "secondary" }, t("practice.showHint"));
  const hintBox = h("div", { class: "hint-box", "aria-live": "polite" });
  const status = h("p", { class: "form-status", role: "status" });
  const voicing = voicePanel();
  const voice = voicing.recorder;
  const form = h(
    "form",
    { class: "answer-form" },
    limitedField(t("practice.yourAnswer"), answer, { hint: t("practice.keys") }),
    h("div", { class: "actions" }, send, hintButton),
    voicing.element,
    hintBox,
    status,
  );
  const retry = h("button", { type: "button", class: "secondary", "aria-keyshortcuts": "Alt+R" }, t("practice.retry"), " ", h("kbd", null, "Alt+R"));
  const next = h("button", { type: "button", "aria-keyshortcuts": "Alt+N" }, t("practice.next"), " ", h("kbd", null, "Alt+N"));
  const after = h("div", { class: "actions after", hidden: true }, retry, next);
  const summaryBox = h("div", { class: "summary-box" });
  // `move`: what the customer says to the last answer that counted (a retry is practice: the customer waits)
  const state = { step: drill.current_step, answered: null, move: null, previous: "" };
  // The answer being typed is kept in this browser per step: a reload or an ended session loses none of it.
  const userId = session.user.id; // still known when the session ends mid-answer
  const keepAt = (step) => keepKey(userId, "answer", `${drill.id}.${step.id}`);
  answer.addEventListener("input", () => keepSave(keepAt(state.step), { text: answer.value, pending: false }));

  const showStep = (step) => {
    state.step = step;
    chat.append(customerBubble(step.customer_line, drill.language));
    speaker.say(step.customer_line);
    mount(hintBox);
    hintButton.hidden = !step.hints.length;
    form.hidden = false;
    after.hidden = true;
    const kept = keepLoad(keepAt(step));
    answer.value = kept && typeof kept.value.text === "string" ? kept.value.text : "";
    if (voice) voice.reset();
    answer.focus();
    // Sent when the session had ended: send it now that the rep is back.
    if (kept && kept.value.pending && answer.value.trim()) {
      status.textContent = t("keep.answerResent");
      submit();
    }
  };

  const finish = (closingLine, outcome, summary) => {
    if (closingLine) chat.append(customerBubble(closingLine, drill.language));
    chat.append(h("li", { class: ["system", "outcome", outcome ? `outcome-${outcome}` : null] }, outcome ? t(`practice.${outcome}`) : t("practice.finished")));
    form.hidden = true;
    after.hidden = true;
    mount(summaryBox, summary ? summaryCard(summary, { actions: true }) : null);
    const heading = summaryBox.querySelector("h2");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  };

  const submit = async () => {
    const text = answer.value;
    if (!text.trim()) {
      status.textContent = t("practice.empty");
      answer.focus();
      return;
    }
    status.textContent = "";
    status.classList.remove("error");
    answer.readOnly = true;
    try {
      const reply = await busy(send, t("practice.scoring"), () => post(`/drills/${drill.id}/answers`, { step_id: state.step.id, answer: text }));
      keepDrop(keepAt(state.step));
      shown(reply);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) keepSave(keepAt(state.step), { text, pending: true });
      status.textContent = errorMessage(error);
      status.classList.add("error");
    } finally {
      answer.readOnly = false;
    }
  };

  const shown = (reply) => {
    const text = reply.answer.text;
    if (reply.branch !== "retry") state.move = reply;
    state.answered = state.step;
    state.previous = reply.answer.mode === "voice" ? "" : text;
    chat.append(repBubble(text, reply.answer.feedback, drill.language, reply.answer));
    const card = feedbackCard(reply.answer, { hints: reply.hints, dispute: true, title: t("feedback.title") });
    chat.append(h("li", { class: "feedback-item" }, card));
    form.hidden = true;
    after.hidden = false;
    const move = state.move;
    // a push-back asks the same objection again, and an ended conversation is over: no retry then
    retry.hidden = !move.next_step || move.next_step.id === state.answered.id;
    mount(next, move.next_step ? t("practice.next") : t("practice.end"), " ", h("kbd", null, "Alt+N"));
    // The score is what the rep wants to read: focus its heading, at the top of the screen (Tab or Alt+N goes on).
    const heading = card.querySelector("h2");
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "start" });
  };

  const submitVoice = async () => {
    const blob = voice && voice.recording();
    if (!blob) {
      status.textContent = t("voice.needRecording");
      return;
    }
    status.textContent = "";
    status.classList.remove("error");
    try {
      shown(await voicing.send(`/drills/${drill.id}/answers/voice`, { step_id: state.step.id }));
    } catch (error) {
      status.textContent = errorMessage(error);
      status.classList.add("error");
      voicing.button.disabled = false;
    }
  };

  const doRetry = () => {
    if (!state.answered || after.hidden || retry.hidden) return;
    chat.append(h("li", { class: "system" }, t("practice.retrying")));
    showStep(state.answered);
    answer.value = state.previous;
  };

  const doNext = () => {
    if (!state.move || after.hidden) return;
    const move = state.move;
    if (move.reaction) chat.append(customerBubble(move.reaction, drill.language));
    speaker.say(move.reaction);
    if (move.next_step) {
      const note = { weak: "practice.pushBack", pushback: "practice.pushBackAgain", strong: "practice.movesOn" }[move.branch];
      if (note) chat.append(h("li", { class: "system" }, t(note)));
      showStep(move.next_step);
    } else {
      speaker.say(move.closing_line);
      finish(move.closing_line, move.outcome, move.drill_summary);
    }
  };

  onSubmit(form, answer, submit);
  hintButton.addEventListener("click", () => mount(hintBox, h("ul", { class: "hints" }, state.step.hints.map((hint) => h("li", null, hint)))));
  voicing.button.addEventListener("click", submitVoice);
  retry.addEventListener("click", doRetry);
  next.addEventListener("click", doNext);
  const onKey = (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.code === "KeyR") {
      event.preventDefault();
      doRetry();
    } else if (event.code === "KeyN") {
      event.preventDefault();
      doNext();
    }
  };
  document.addEventListener("keydown", onKey);

  mount(
    main,
    personaCard(drill.title, drill.persona, drill.context, drill.language),
    speaker.element,
    chat,
    form,
    after,
    summaryBox,
    h("p", { class: "shortcuts muted" }, t("practice.shortcuts")),
    h("p", null, h("a", { href: "/practice" }, t("practice.back"))),
  );
  // Coming back to a drill (a reload, another day): the conversation so far, as it was shown.
  if (drill.history.length) chat.append(h("li", { class: "system" }, t("practice.earlier", { n: drill.history.length })));
  drill.history.forEach((turn) => {
    if (turn.kind === "retry") chat.append(h("li", { class: "system" }, t("practice.retrying")));
    chat.append(customerBubble(turn.customer_line, drill.language));
    chat.append(repBubble(turn.answer.text, turn.answer.feedback, drill.language, turn.answer));
    chat.append(h("li", { class: "feedback-item" }, feedbackCard(turn.answer, { hints: [], dispute: true })));
    if (turn.reaction) chat.append(customerBubble(turn.reaction, drill.language));
  });
  if (drill.status === "finished" || !drill.current_step) finish(drill.closing_line, drill.outcome, drill.drill_summary);
  else showStep(drill.current_step);
  return () => {
    document.removeEventListener("keydown", onKey);
    speaker.stop();
  };
}
