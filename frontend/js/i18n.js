// Interface language: English and Russian, with the product's words from the design glossary in both.
// The texts themselves live in locales/en.js and locales/ru.js; this module picks, fills in and formats them.

import en from "./locales/en.js";
import ru from "./locales/ru.js";

const STORAGE_KEY = "parry.language";

export const DICTIONARIES = { en, ru };
let current = "en";

/** The language to start with: the one remembered in this browser, else the browser's own. */
export function initialLanguage() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved in DICTIONARIES) return saved;
  } catch {
    // storage may be off: fall through
  }
  return (navigator.language || "en").toLowerCase().startsWith("ru") ? "ru" : "en";
}

export function setLang(language) {
  current = language in DICTIONARIES ? language : "en";
  document.documentElement.lang = current;
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // not remembered in this browser; the server still keeps the user's choice
  }
}

export function lang() {
  return current;
}

// A text with forms for counts lists them split by "|" in this order (Intl.PluralRules' categories).
const PLURAL_FORMS = { en: ["one", "other"], ru: ["one", "few", "many"] };

/** The form of `text` for the count `n`: "{n} day|{n} days", "{n} день|{n} дня|{n} дней". */
function countForm(text, n) {
  const forms = text.split("|");
  if (forms.length === 1 || !Number.isFinite(Number(n))) return forms.at(-1);
  const index = PLURAL_FORMS[current].indexOf(new Intl.PluralRules(locale()).select(Number(n)));
  return forms[index] ?? forms[1] ?? forms[0];
}

/** The text for `key` in the interface language, in the form for the count {n}, with {placeholders} filled in. */
export function t(key, vars = {}) {
  const text = DICTIONARIES[current][key] ?? en[key];
  if (text === undefined) return key;
  return countForm(text, vars.n).replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

export function categoryLabel(category) {
  return t(`category.${category}`);
}

const locale = () => (current === "ru" ? "ru-RU" : "en-GB");

/** A date and time (ISO text) as the interface language writes it. */
export function fmtDateTime(iso) {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toLocaleString(locale(), { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

/** A date (ISO text) as the interface language writes it. */
export function fmtDate(iso) {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toLocaleDateString(locale(), { day: "numeric", month: "short", year: "numeric" });
}

/** A day (YYYY-MM-DD) in short form for chart axes. */
export function fmtDay(iso) {
  if (!iso) return "";
  const date = new Date(String(iso).length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toLocaleDateString(locale(), { day: "numeric", month: "short", timeZone: "UTC" });
}
