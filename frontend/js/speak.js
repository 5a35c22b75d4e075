// The customer speaks: the browser's own speech synthesis reads the customer's lines aloud in the scenario's
// language (nothing goes to the server). The choice is remembered in this browser; a browser without a voice for
// the language says so.

import { h } from "./dom.js";
import { t } from "./i18n.js";

const STORAGE_KEY = "parry.customerSpeaks";
const LOCALES = { ru: "ru-RU", en: "en-US" };

function remembered() {
  try {
    return localStorage.getItem(STORAGE_KEY) === "on";
  } catch {
    return false;
  }
}

function remember(on) {
  try {
    localStorage.setItem(STORAGE_KEY, on ? "on" : "off");
  } catch {
    // private mode: the choice lasts for this page
  }
}

/** The browser's voice for `language` (ru, en), or null (none installed, or no speech synthesis at all). */
export function voiceFor(language) {
  if (!window.speechSynthesis) return null;
  const voices = window.speechSynthesis.getVoices();
  const prefix = language.toLowerCase();
  return voices.find((voice) => voice.lang.toLowerCase().replace("_", "-").split("-")[0] === prefix) || null;
}

/**
 * A «The customer speaks» switch for a conversation in `language` (the drill page, the running test). `say(line)`
 * reads a customer's line aloud when it is on and the browser has a voice for the language; otherwise the switch
 * says why nothing is heard. `use(language)`: the next lines are in another language (a test's next scenario).
 */
export function customerVoice(initialLanguage) {
  let language = initialLanguage;
  const box = h("input", { type: "checkbox", id: "customer-speaks", checked: remembered() });
  const note = h("p", { class: "muted small", role: "status", "aria-live": "polite" });
  const element = h("div", { class: "field check customer-speaks" }, box, h("label", { for: "customer-speaks" }, t("speak.toggle")), note);
  const supported = Boolean(window.speechSynthesis && window.SpeechSynthesisUtterance);

  const explain = () => {
    if (!box.checked) note.textContent = "";
    else if (!supported) note.textContent = t("speak.unsupported");
    else if (!voiceFor(language)) note.textContent = t("speak.noVoice", { language: t(`language.${language}`) });
    else note.textContent = "";
  };
  box.addEventListener("change", () => {
    remember(box.checked);
    if (!box.checked && supported) window.speechSynthesis.cancel();
    explain();
  });
  // Voices load after the page in some browsers: look again when they arrive.
  if (supported) window.speechSynthesis.addEventListener("voiceschanged", explain);
  explain();

  const say = (line) => {
    const voice = box.checked && supported ? voiceFor(language) : null;
    if (!voice || !line) return;
    const utterance = new SpeechSynthesisUtterance(line);
    utterance.voice = voice;
    utterance.lang = voice.lang || LOCALES[language] || language;
    window.speechSynthesis.speak(utterance); // queued: a reaction is read before the next objection
  };
  const stop = () => {
    if (supported) {
      window.speechSynthesis.removeEventListener("voiceschanged", explain);
      window.speechSynthesis.cancel();
    }
  };
  const use = (next) => {
    if (next && next !== language) {
      language = next;
      explain();
    }
  };
  return { element, say, stop, use };
}
