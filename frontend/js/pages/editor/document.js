// The scenario document as the editor holds it: field paths, new steps and scenarios in the scenario's language,
// the id from the title, and the document to send (optional fields left empty are left out).

import { lang } from "../../i18n.js";
import { meta } from "../../meta.js";

// --- paths: "steps[0].key_points[1].text" <-> ["steps", 0, "key_points", 1, "text"] --------------------------------

export function parsePath(path) {
  const parts = [];
  for (const piece of path.split(".")) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(piece);
    if (!match) return [path];
    if (match[1]) parts.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]));
  }
  return parts;
}

export function formatPath(parts) {
  return parts.reduce((out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${part}` : part), "");
}

export function getAt(object, parts) {
  return parts.reduce((value, part) => (value === undefined || value === null ? undefined : value[part]), object);
}

export function setAt(object, parts, value) {
  let target = object;
  parts.slice(0, -1).forEach((part, index) => {
    if (target[part] === undefined || target[part] === null) target[part] = typeof parts[index + 1] === "number" ? [] : {};
    target = target[part];
  });
  target[parts[parts.length - 1]] = value;
}

export function deleteAt(object, parts) {
  const parent = getAt(object, parts.slice(0, -1));
  if (parent && typeof parent === "object") delete parent[parts[parts.length - 1]];
}

/** The field paths to try for an error, from the most precise to the whole document. */
export function candidatePaths(fieldPath) {
  const parts = parsePath(fieldPath || "");
  const out = [];
  for (let n = parts.length; n > 0; n -= 1) out.push(formatPath(parts.slice(0, n)));
  return out;
}

// --- new content, in the scenario's language: the five moves of objection handling as starting key points ---------

const STARTERS = {
  en: {
    keyPoints: ["Acknowledges the concern without arguing", "Asks a clarifying question", "Answers with value for this customer", "Proposes a concrete next step"],
    flag: { label: "Empty promise", phrases: ["I'll try", "we do everything we can"] },
  },
  ru: {
    keyPoints: ["Присоединяется к возражению, не споря", "Задаёт уточняющий вопрос", "Отвечает ценностью для этого клиента", "Предлагает конкретный следующий шаг"],
    flag: { label: "Пустое обещание", phrases: ["постараюсь", "сделаем всё возможное"] },
  },
};

export function newStep(language, index) {
  const starter = STARTERS[language] || STARTERS.en;
  return {
    id: `step-${index + 1}`,
    category: "price",
    customer_line: "",
    references: ["", ""],
    key_points: starter.keyPoints.map((text) => ({ text, weight: 1 })),
    red_flags: [{ label: starter.flag.label, phrases: [...starter.flag.phrases], penalty: meta.penalty }],
    hints: [],
  };
}

export function newScenario() {
  const language = lang();
  return {
    id: "",
    title: "",
    language,
    context: "",
    persona: { role: "", company: "", temperament: "" },
    difficulty: "medium",
    tags: [],
    pass_mark: meta.pass_mark,
    steps: [newStep(language, 0)],
  };
}

/** The document to send: optional fields left empty are left out. */
export function cleaned(doc) {
  const copy = structuredClone(doc);
  const dropEmpty = (object, keys) => {
    for (const key of keys) if (object[key] === "" || object[key] === null || object[key] === undefined) delete object[key];
  };
  dropEmpty(copy, ["closing_line", "pass_mark"]);
  if (copy.endings) {
    dropEmpty(copy.endings, ["won", "lost"]);
    if (!Object.keys(copy.endings).length) delete copy.endings;
  }
  for (const step of copy.steps || []) {
    dropEmpty(step, ["custom_category", "pass_mark", "pushback"]);
    if (step.category !== "custom") delete step.custom_category; // the field is hidden for other categories
    if (step.follow_ups) dropEmpty(step.follow_ups, ["weak"]); // no weak branch: the step pushes back on itself
    for (const flag of step.red_flags || []) dropEmpty(flag, ["meaning", "reaction"]);
    for (const point of step.key_points || []) if (point.examples && !point.examples.length) delete point.examples;
  }
  return copy;
}

const CYRILLIC = { а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "y", к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya" };

/** An id from a title: Russian letters transliterated, everything else that is not a Latin letter or digit a dash. */
export function slugFrom(title) {
  const latin = [...(title || "").toLowerCase()].map((letter) => CYRILLIC[letter] ?? letter).join("");
  return latin.replace(/[^a-z0-9]+/g, "-").replace(/^-+/, "").slice(0, 64).replace(/-+$/, "");
}

/** A document as the editor holds it: a file's `closing_line` is its won ending, edited as `endings.won`. */
export function editable(content) {
  const doc = structuredClone(content);
  if (doc.closing_line && !(doc.endings && doc.endings.won)) doc.endings = { ...(doc.endings || {}), won: doc.closing_line };
  delete doc.closing_line;
  return doc;
}
