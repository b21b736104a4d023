// Dashboard shell: login, client-side routing between views, polling lifecycle.
import { clearKey, getKey, setKey, setUnauthorizedHandler, api } from './api.js';
import { clear } from './dom.js';
import { overviewView } from './views/overview.js';
import { rulesView } from './views/rules.js';
import { hostsView } from './views/hosts.js';
import { eventsView } from './views/events.js';
import { changesView } from './views/changes.js';
import { configView } from './views/config.js';
import { dlqView } from './views/dlq.js';

const VIEWS = {
  overview: overviewView,
  rules: rulesView,
  hosts: hostsView,
  events: eventsView,
  changes: changesView,
  config: configView,
  dlq: dlqView,
};
const PATHS = {
  '/': 'overview',
  '/rules': 'rules',
  '/dev-hosts': 'hosts',
  '/teams': 'hosts',
  '/audit-logs': 'events',
  '/audit': 'changes',
  '/config': 'config',
  '/dlq': 'dlq',
};

let stopCurrent = null;
const $ = (id) => document.getElementById(id);

function showLogin(message) {
  if (stopCurrent) {
    stopCurrent();
    stopCurrent = null;
  }
  $('nav').hidden = true;
  clear($('view'));
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('api-key').focus();
}

function render(path) {
  const name = PATHS[path] || 'overview';
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.view === name);
  if (stopCurrent) stopCurrent();
  const root = clear($('view'));
  stopCurrent = VIEWS[name](root) || null;
}

function navigate(path) {
  history.pushState({}, '', path);
  render(path);
}

async function start() {
  // A key passed as ?api_key= is moved to session storage and removed from the address bar.
  const params = new URLSearchParams(location.search);
  if (params.get('api_key')) {
    setKey(params.get('api_key'));
    params.delete('api_key');
    history.replaceState({}, '', location.pathname + (params.toString() ? `?${params}` : ''));
  }
  setUnauthorizedHandler(() => {
    clearKey();
    showLogin('The API key was refused. Enter a valid key.');
  });
  for (const a of document.querySelectorAll('nav a'))
    a.addEventListener('click', (e) => {
      e.preventDefault();
      navigate(a.getAttribute('href'));
    });
  window.addEventListener('popstate', () => render(location.pathname));
  $('logout').addEventListener('click', () => {
    clearKey();
    showLogin('Signed out.');
  });
  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    setKey($('api-key').value.trim());
    try {
      await api('GET', '/rules?search=__login_probe__');
      $('login').hidden = true;
      $('nav').hidden = false;
      $('api-key').value = '';
      render(location.pathname);
    } catch (err) {
      if (err.status !== 401) showLogin(`Could not reach the API: ${err.message}`);
    }
  });
  if (getKey()) {
    $('nav').hidden = false;
    render(location.pathname);
  } else showLogin();
}

start();
