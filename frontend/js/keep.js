// Nothing typed is lost: work in progress kept in this browser (localStorage, per user), and a warning before
// leaving a page that holds it (a reload or closing the tab: beforeunload; a link or Back inside the app: confirm).

const PREFIX = "parry.keep";
let leaveMessage = null;

/** The storage key of one piece of work: `kind` (editor, answer, test) and its id, for the user `userId`. */
export function keepKey(userId, kind, id) {
  return `${PREFIX}.${userId}.${kind}.${id}`;
}

/** Keep a value (JSON) under a key; a full or blocked storage loses nothing that is on the screen. */
export function keepSave(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify({ value, at: new Date().toISOString() }));
  } catch {
    // private mode or a full storage: the page still holds the work
  }
}

/** The value kept under a key and when: { value, at }, or null. */
export function keepLoad(key) {
  try {
    const kept = JSON.parse(localStorage.getItem(key) || "null");
    return kept && typeof kept === "object" && "value" in kept ? kept : null;
  } catch {
    return null;
  }
}

export function keepDrop(key) {
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing to drop
  }
}

function beforeUnload(event) {
  if (!leaveMessage || !leaveMessage()) return;
  event.preventDefault();
  event.returnValue = ""; // the browser shows its own words
}

/** While `message()` gives a text, leaving asks first. Returns the function that stops asking. */
export function guardLeaving(message) {
  leaveMessage = message;
  window.addEventListener("beforeunload", beforeUnload);
  return () => {
    if (leaveMessage === message) leaveMessage = null;
    window.removeEventListener("beforeunload", beforeUnload);
  };
}

/** True when the page may be left: nothing to lose, or the user agreed to leave. */
export function mayLeave() {
  const text = leaveMessage && leaveMessage();
  if (!text) return true;
  return window.confirm(text);
}
