// Spoken answers: record with MediaRecorder (timer, level meter, stop, listen back, record again), send the
// recording, and show the transcript with red flags and key-point evidence marked, and the delivery figures.

import { request } from "./api.js";
import { busy, h, mount } from "./dom.js";
import { t } from "./i18n.js";

const MAX_SECONDS = 120; // the server's PARRY_VOICE_MAX_SECONDS by default
const BITS_PER_SECOND = 32000; // 2 minutes stay under the server's 1 MB limit

/** True when this browser can record audio. */
export function canRecord() {
  return Boolean(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.MediaRecorder);
}

function mimeType() {
  const types = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm"];
  return types.find((type) => MediaRecorder.isTypeSupported(type)) || "";
}

function clock(seconds) {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/**
 * A recorder: Record → (timer and level meter) → Stop → listen back, Record again. `recording()` is the Blob to send
 * (null before one is made); `onChange` is called when that changes; `reset()` clears it for the next answer.
 */
export function recorder({ onChange = () => {} } = {}) {
  const record = h("button", { type: "button", class: "record" }, t("voice.record"));
  const stop = h("button", { type: "button", class: "secondary stop", hidden: true }, t("voice.stop"));
  const timer = h("span", { class: "voice-timer", role: "timer", "aria-label": t("voice.recordingTime"), "aria-live": "off" }, "0:00");
  const level = h("meter", { class: "voice-level", min: 0, max: 1, value: 0, "aria-label": t("voice.level") });
  const player = h("audio", { controls: true, hidden: true, class: "voice-player" });
  const status = h("p", { class: "form-status", role: "status" });
  const box = h("div", { class: "voice-recorder" }, h("div", { class: "actions" }, record, stop, timer, level), player, status);
  const state = { blob: null, media: null, stream: null, audio: null, started: 0, tick: null, waiting: [] };

  const stopAll = () => {
    clearInterval(state.tick);
    if (state.stream) state.stream.getTracks().forEach((track) => track.stop());
    if (state.audio) state.audio.close();
    state.stream = state.audio = null;
    level.value = 0;
  };

  const begin = async () => {
    status.textContent = "";
    status.classList.remove("error");
    try {
      state.stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      status.textContent = t("voice.noMicrophone");
      status.classList.add("error");
      return;
    }
    const type = mimeType();
    const media = new MediaRecorder(state.stream, { ...(type ? { mimeType: type } : {}), audioBitsPerSecond: BITS_PER_SECOND });
    const chunks = [];
    media.addEventListener("dataavailable", (event) => event.data.size && chunks.push(event.data));
    media.addEventListener("stop", () => {
      stopAll();
      state.blob = new Blob(chunks, { type: media.mimeType || type || "audio/webm" });
      player.src = URL.createObjectURL(state.blob);
      player.hidden = false;
      record.hidden = false;
      stop.hidden = true;
      mount(record, t("voice.again"));
      status.textContent = t("voice.recorded", { time: clock((Date.now() - state.started) / 1000) });
      onChange(state.blob);
      state.waiting.splice(0).forEach((resolve) => resolve(state.blob));
    });
    meter(state);
    state.media = media;
    state.blob = null;
    player.hidden = true;
    onChange(null);
    media.start(250);
    state.started = Date.now();
    timer.textContent = "0:00";
    state.tick = setInterval(() => {
      const seconds = (Date.now() - state.started) / 1000;
      timer.textContent = clock(seconds);
      if (seconds >= MAX_SECONDS && media.state === "recording") media.stop();
    }, 200);
    record.hidden = true;
    stop.hidden = false;
    stop.focus();
    status.textContent = t("voice.recording");
  };

  const meter = (current) => {
    const AudioContext = window.AudioContext || window.webkitAudioContext;
    if (!AudioContext) return;
    current.audio = new AudioContext();
    const analyser = current.audio.createAnalyser();
    analyser.fftSize = 512;
    current.audio.createMediaStreamSource(current.stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const draw = () => {
      if (!current.audio) return;
      analyser.getFloatTimeDomainData(samples);
      const rms = Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length);
      level.value = Math.min(1, rms * 4);
      requestAnimationFrame(draw);
    };
    draw();
  };

  record.addEventListener("click", begin);
  stop.addEventListener("click", () => state.media && state.media.state === "recording" && state.media.stop());
  return {
    element: box,
    recording: () => state.blob,
    /** The recording, once made: one under way is stopped first (a test's time is up). */
    finish: () => {
      if (!state.media || state.media.state !== "recording") return Promise.resolve(state.blob);
      const done = new Promise((resolve) => state.waiting.push(resolve));
      state.media.stop();
      return done;
    },
    reset: () => {
      if (state.media && state.media.state === "recording") state.media.stop();
      stopAll();
      state.blob = null;
      player.hidden = true;
      player.removeAttribute("src");
      mount(record, t("voice.record"));
      timer.textContent = "0:00";
      status.textContent = "";
      onChange(null);
    },
  };
}

/**
 * What a page shows to answer by voice: the recorder and «Send recording» (enabled once a recording is made), or a
 * note that this browser cannot record. `recorder` is null then. `send(path, fields)` uploads the recording.
 */
export function voicePanel({ intro = t("voice.or") } = {}) {
  const button = h("button", { type: "button", class: "send-voice", disabled: true }, t("voice.send"));
  const voice = canRecord() ? recorder({ onChange: (blob) => (button.disabled = !blob) }) : null;
  const element = voice
    ? h("div", { class: "voice-answer" }, intro ? h("p", { class: "muted" }, intro) : null, voice.element, h("div", { class: "actions" }, button))
    : h("p", { class: "muted small" }, t("voice.unsupported"));
  const send = (path, fields, blob = voice && voice.recording()) =>
    busy(button, t("voice.transcribing"), () => request("POST", path, voiceForm(blob, fields), { form: true }));
  return { element, recorder: voice, button, send };
}

/** A spoken answer as read back: the transcript with its marks, and the recording to listen to. */
export function spokenAnswer(answer, language) {
  return [
    h("p", { lang: language, class: "answer-text transcript" }, markedTranscript(answer.text, answer.feedback)),
    answer.audio_url ? h("audio", { controls: true, preload: "none", src: answer.audio_url, "aria-label": t("voice.listen") }) : null,
  ];
}

/** The form to upload a recording (`audio`) with its other fields. */
export function voiceForm(blob, fields) {
  const form = new FormData();
  Object.entries(fields).forEach(([name, value]) => form.append(name, String(value)));
  const extension = blob.type.includes("ogg") ? "ogg" : "webm";
  form.append("audio", blob, `answer.${extension}`);
  return form;
}

/** A transcript with red-flag words and the sentences that covered key points marked. */
export function markedTranscript(text, feedback) {
  const chars = Array.from(text);
  const ranges = [];
  (feedback ? feedback.red_flags : []).forEach((flag) => ranges.push({ start: flag.start, end: flag.end, cls: "red-flag", label: flag.label }));
  (feedback ? feedback.key_points : [])
    .filter((point) => point.covered && Number.isInteger(point.start) && Number.isInteger(point.end))
    .forEach((point) => ranges.push({ start: point.start, end: point.end, cls: "evidence", label: point.text }));
  const valid = ranges.filter((r) => Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.end <= chars.length && r.start < r.end);
  // red flags first where they overlap key-point evidence: split into marks by character
  const marks = new Array(chars.length).fill(null);
  valid.filter((r) => r.cls === "evidence").forEach((r) => marks.fill(r, r.start, r.end));
  valid.filter((r) => r.cls === "red-flag").forEach((r) => marks.fill(r, r.start, r.end));
  const out = [];
  let at = 0;
  while (at < chars.length) {
    let end = at + 1;
    while (end < chars.length && marks[end] === marks[at]) end += 1;
    const piece = chars.slice(at, end).join("");
    const mark = marks[at];
    out.push(mark ? h("mark", { class: mark.cls, title: mark.label }, piece) : piece);
    at = end;
  }
  return out;
}

function judged(value, low, high) {
  if (low !== null && value < low) return "low";
  if (high !== null && value > high) return "high";
  return "ok";
}

function figure(label, value, verdict, norm) {
  return h(
    "div",
    { class: ["delivery-figure", `delivery-${verdict}`] },
    h("dt", null, label),
    h("dd", null, h("strong", null, value), " ", h("span", { class: "muted small" }, norm)),
  );
}

/** How a spoken answer was said, against the stated norms (never part of the score). */
export function deliveryCard(delivery) {
  if (!delivery) return null;
  const n = delivery.norms;
  const fillers = delivery.fillers.map((f) => (f.count > 1 ? `«${f.phrase}» × ${f.count}` : `«${f.phrase}»`)).join(", ");
  return h(
    "div",
    { class: "delivery" },
    h("h3", null, t("voice.delivery")),
    h(
      "dl",
      { class: "delivery-figures" },
      figure(t("voice.pace"), t("voice.wpm", { n: Math.round(delivery.words_per_minute) }), judged(delivery.words_per_minute, n.words_per_minute_min, n.words_per_minute_max), t("voice.paceNorm", { min: n.words_per_minute_min, max: n.words_per_minute_max })),
      figure(t("voice.fillers"), String(delivery.filler_count), judged(delivery.fillers_per_minute, null, n.fillers_per_minute_max), fillers || t("voice.noFillers")),
      figure(t("voice.pause"), t("voice.seconds", { n: delivery.longest_pause_s.toFixed(1) }), judged(delivery.longest_pause_s, null, n.longest_pause_s_max), t("voice.pauseNorm", { max: n.longest_pause_s_max })),
      figure(t("voice.talkTime"), t("voice.seconds", { n: delivery.talk_time_s.toFixed(1) }), "ok", t("voice.words", { n: delivery.words })),
    ),
    h("p", { class: "muted small" }, t("voice.notScored")),
  );
}

/** The means of a rep's spoken answers (the progress API's `delivery`) against the same norms, or null without any. */
export function deliveryAverages(averages) {
  if (!averages || !averages.answers || averages.words_per_minute === null) return null;
  const n = averages.norms;
  return h(
    "div",
    { class: "delivery delivery-averages" },
    h(
      "dl",
      { class: "delivery-figures" },
      figure(t("voice.pace"), t("voice.wpm", { n: Math.round(averages.words_per_minute) }), judged(averages.words_per_minute, n.words_per_minute_min, n.words_per_minute_max), t("voice.paceNorm", { min: n.words_per_minute_min, max: n.words_per_minute_max })),
      figure(t("voice.fillers"), t("voice.perMinute", { n: averages.fillers_per_minute.toFixed(1) }), judged(averages.fillers_per_minute, null, n.fillers_per_minute_max), t("voice.fillersNorm", { max: n.fillers_per_minute_max })),
      figure(t("voice.pause"), t("voice.seconds", { n: averages.longest_pause_s.toFixed(1) }), judged(averages.longest_pause_s, null, n.longest_pause_s_max), t("voice.pauseNorm", { max: n.longest_pause_s_max })),
      figure(t("voice.talkTime"), t("voice.seconds", { n: averages.talk_time_s.toFixed(1) }), "ok", t("voice.averageOf", { n: averages.answers })),
    ),
    h("p", { class: "muted small" }, t("voice.notScored")),
  );
}
