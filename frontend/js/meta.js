// What the interface must agree with the server on, as the server's Python constants have it (GET /meta): the
// default pass mark, red-flag and stop-phrase penalties, the languages, the objection categories in listing order, the
// difficulties, the roles from least to most allowed, and each number of a track with its default and bounds.
// Loaded once at start, before the first page is drawn; no page repeats these values.

import { get } from "./api.js";
import { categoryLabel, t } from "./i18n.js";

export const meta = {
  pass_mark: null,
  penalty: null,
  stop_phrase_penalty: null,
  languages: [],
  categories: [],
  difficulties: [],
  roles: [],
  track_rules: {},
};

/** Fetch the server's constants into `meta`. */
export async function loadMeta() {
  Object.assign(meta, await get("/meta"));
}

/** True when `role` may do what `other` may (roles are listed from least to most allowed). */
export function roleAtLeast(role, other) {
  const rank = meta.roles.indexOf(role);
  const needed = meta.roles.indexOf(other);
  return rank >= 0 && needed >= 0 && rank >= needed;
}

/** The scenario languages as options of a select, in the server's order, named in the interface language. */
export function languageOptions() {
  return meta.languages.map((language) => ({ value: language, label: t(`language.${language}`) }));
}

/** The objection categories as options of a select, in listing order. */
export function categoryOptions() {
  return meta.categories.map((category) => ({ value: category, label: categoryLabel(category) }));
}
