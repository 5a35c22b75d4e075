// The JSON API under /api/v1: the session cookie goes along by itself; writes carry the CSRF token in a header.

import { lang, t } from "./i18n.js";

export const API = "/api/v1";
const CSRF_HEADER = "X-CSRF-Token";
const CSRF_COOKIE = "parry_csrf";

let csrfToken = null;
let serverOffsetMs = 0;
let onUnauthorized = () => {};

/** An error reply: `status`, the server's `detail` (in the interface language) as the message, its `code` and
 * `params` (docs/api.md lists the codes: pages decide on the code, never on the text), and per-field `errors`. */
export class ApiError extends Error {
  constructor(status, detail, errors = [], code = null, params = {}) {
    super(detail);
    this.status = status;
    this.errors = Array.isArray(errors) ? errors : [];
    this.code = code;
    this.params = params && typeof params === "object" ? params : {};
  }
}

export function setCsrf(token) {
  csrfToken = token;
}

/** Called with no arguments when the server says the session is gone (401). */
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

function csrf() {
  if (csrfToken) return csrfToken;
  const cookie = document.cookie.split("; ").find((part) => part.startsWith(`${CSRF_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(CSRF_COOKIE.length + 1)) : "";
}

/** Call the API; resolves to the JSON body (null for 204), rejects with ApiError. Error messages come back in the
 * interface language (Accept-Language). */
export async function request(method, path, body, { form = false, quiet401 = false } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": lang() };
  if (method !== "GET") headers[CSRF_HEADER] = csrf();
  let payload;
  if (form) payload = body;
  else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(API + path, { method, headers, body: payload, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, t("error.network"));
  }
  noteServerTime(response);
  if (response.status === 204) return null;
  const data = await readBody(response);
  if (response.ok) return data;
  const detail = (data && typeof data.detail === "string" && data.detail) || t("error.status", { status: response.status });
  const code = (data && typeof data.code === "string" && data.code) || null;
  const error = new ApiError(response.status, detail, data && data.errors, code, data && data.params);
  if (response.status === 401 && !quiet401) onUnauthorized();
  throw error;
}

function noteServerTime(response) {
  const date = Date.parse(response.headers.get("date") || "");
  // The Date header has whole seconds: add half a second to be right on average.
  if (!Number.isNaN(date)) serverOffsetMs = date + 500 - Date.now();
}

/** The server's clock now, in milliseconds (the browser's clock corrected by the last reply's Date header). */
export function serverNow() {
  return Date.now() + serverOffsetMs;
}

async function readBody(response) {
  const type = response.headers.get("content-type") || "";
  if (type.includes("json")) {
    try {
      return await response.json();
    } catch {
      return null;
    }
  }
  return { detail: (await response.text()).slice(0, 300) };
}

export const get = (path, options) => request("GET", path, undefined, options);
export const post = (path, body, options) => request("POST", path, body, options);
export const put = (path, body) => request("PUT", path, body);
export const patch = (path, body) => request("PATCH", path, body);
export const del = (path) => request("DELETE", path);

/** A query string from an object, skipping empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
