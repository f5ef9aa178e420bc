import { getToken, signOut } from './session.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** GETs a query API path with the session's bearer token; parameters that are null, undefined or '' are left out. */
export async function getJson(path, params = {}, signal = undefined) {
  const url = new URL(`/api/v1${path}`, location.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') {
      url.searchParams.set(name, value);
    }
  }
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${getToken() ?? ''}`, Accept: 'application/json' },
    signal,
  });
  if (response.status === 401) {
    signOut();
    location.hash = '#/login';
  }
  if (!response.ok) {
    // Error bodies are the API's JSON errors, but a proxy in between may answer with anything.
    const error = await response.json().catch(() => null);
    throw new ApiError(response.status, error?.error ?? 'http_error', error?.message ?? `HTTP ${response.status}`);
  }
  return response.json();
}

export const api = {
  apps: signal => getJson('/apps', {}, signal),
  metric: (app, metric, params, signal) => getJson(`/apps/${encodeURIComponent(app)}/metrics/${metric}`, params, signal),
  live: (app, signal) => getJson(`/apps/${encodeURIComponent(app)}/live`, {}, signal),
  events: (app, params, signal) => getJson(`/apps/${encodeURIComponent(app)}/events`, params, signal),
  retention: (app, params, signal) => getJson(`/apps/${encodeURIComponent(app)}/retention`, params, signal),
};
