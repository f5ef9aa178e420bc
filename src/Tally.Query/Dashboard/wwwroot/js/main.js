import { api } from './api.js';
import { clearBanners, showError } from './freshness.js';
import { appLink } from './links.js';
import { getToken, signOut } from './session.js';
import * as apps from './pages/apps.js';
import * as events from './pages/events.js';
import * as live from './pages/live.js';
import * as login from './pages/login.js';
import * as overview from './pages/overview.js';
import * as retention from './pages/retention.js';

const appPages = { overview, live, events, retention };

// Parameters that follow the user from tab to tab of one app.
const sharedParams = ['from', 'to'];

let current = { controller: null, cleanup: null };
let knownApps = null;

/** '#/apps/ID/PAGE?query' → { page, appId, params }; '#/apps' and '#/login' have no app. */
function parse(hash) {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  if (parts[0] === 'apps' && parts[1]) {
    return { page: appPages[parts[2]] ? parts[2] : 'overview', appId: parts[1], params };
  }
  return { page: parts[0] === 'login' ? 'login' : 'apps', appId: null, params };
}

async function route() {
  current.controller?.abort();
  current.cleanup?.();
  const controller = new AbortController();
  const visit = { controller, cleanup: null };
  current = visit;
  // Each visit renders into a container of its own: a visit the user has already left may still be
  // finishing an await, and must not add its elements (with the same ids) to the page that replaced it.
  const view = document.createElement('div');
  clearBanners();
  document.getElementById('view').replaceChildren(view);

  const { page, appId, params } = parse(location.hash);
  if (page !== 'login' && !getToken()) {
    location.replace('#/login');
    return;
  }
  document.getElementById('sign-out').hidden = page === 'login';
  await showAppChrome(page, appId, params, controller.signal);
  if (controller.signal.aborted) {
    return;
  }

  const navigate = next => {
    const merged = new URLSearchParams(params);
    for (const [name, value] of Object.entries(next)) {
      if (value === null || value === undefined || value === '') {
        merged.delete(name);
      } else {
        merged.set(name, value);
      }
    }
    location.hash = appLink(appId, page, merged);
  };
  const module = page === 'login' ? login : page === 'apps' ? apps : appPages[page];
  try {
    const cleanup = (await module.render(view, { appId, params, navigate, signal: controller.signal, apps: knownApps })) ?? null;
    if (controller.signal.aborted) {
      // Left while rendering: the next visit has already run the cleanups it knew of.
      cleanup?.();
    } else {
      visit.cleanup = cleanup;
    }
  } catch (error) {
    // A page the user already left may fail any way while it unwinds; only the current one reports.
    if (!controller.signal.aborted) {
      showError(error);
    }
  }
}

/** The app's name and its tabs in the top bar, the active tab marked. */
async function showAppChrome(page, appId, params, signal) {
  const tabs = document.getElementById('tabs');
  const name = document.getElementById('app-name');
  tabs.hidden = !appId;
  name.textContent = '';
  if (!appId) {
    return;
  }
  if (!knownApps) {
    try {
      knownApps = (await api.apps(signal)).apps;
    } catch (error) {
      if (!signal.aborted) {
        showError(error);
      }
      return;
    }
  }
  name.textContent = knownApps.find(a => a.id === appId)?.name ?? appId;
  const kept = new URLSearchParams([...params].filter(([key]) => sharedParams.includes(key)));
  for (const tab of tabs.querySelectorAll('a')) {
    tab.href = appLink(appId, tab.dataset.page, kept);
    tab.classList.toggle('active', tab.dataset.page === page);
  }
}

document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  knownApps = null;
  location.hash = '#/login';
});
window.addEventListener('hashchange', route);
window.addEventListener('tally:signed-in', () => { knownApps = null; });
route();
