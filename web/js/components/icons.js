/*
 * icons.js - the console's line icons (24x24, stroked with currentColor).
 *
 * icon('shield') renders one; icons are decorative (aria-hidden) so the
 * control around them must carry the accessible name.
 */
import { html } from '../html.js';

const paths = {
  logo: html`<path d="M12 3l7 3v5.5c0 4.3-2.9 7.9-7 9.5-4.1-1.6-7-5.2-7-9.5V6z"/><path d="M8.8 12.2l2.3 2.3 4.3-4.6"/>`,
  dashboard: html`<rect x="3.5" y="3.5" width="7" height="8" rx="1.5"/><rect x="13.5" y="3.5" width="7" height="5" rx="1.5"/><rect x="13.5" y="11.5" width="7" height="9" rx="1.5"/><rect x="3.5" y="14.5" width="7" height="6" rx="1.5"/>`,
  customers: html`<path d="M4 20.5V6.5a1 1 0 0 1 1-1h8a1 1 0 0 1 1 1v14"/><path d="M14 10.5h5a1 1 0 0 1 1 1v9"/><path d="M2.5 20.5h19"/><path d="M7.5 9h3M7.5 12.5h3M7.5 16h3M17 14h0.01M17 17h0.01"/>`,
  sites: html`<path d="M12 21s-6.5-5.6-6.5-11A6.5 6.5 0 0 1 18.5 10c0 5.4-6.5 11-6.5 11z"/><circle cx="12" cy="10" r="2.4"/>`,
  policies: html`<path d="M12 3l7 3v5.5c0 4.3-2.9 7.9-7 9.5-4.1-1.6-7-5.2-7-9.5V6z"/><path d="M9 11.5h6M9 14.5h4"/>`,
  subscriptions: html`<rect x="3" y="5.5" width="18" height="13" rx="2"/><path d="M3 9.5h18M7 14.5h4"/>`,
  alerts: html`<path d="M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 2H4.5z"/><path d="M10 20.5a2 2 0 0 0 4 0"/>`,
  users: html`<circle cx="9" cy="8.5" r="3.5"/><path d="M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6"/><path d="M15.5 5.3a3.5 3.5 0 0 1 0 6.4M17.5 14.4c2.3.7 4 2.7 4 5.6"/>`,
  audit: html`<path d="M6 3.5h9l4 4v13H6z"/><path d="M14.5 3.5v4.5H19"/><path d="M9 12h7M9 15.5h7M9 8.5h3"/>`,
  settings: html`<circle cx="12" cy="12" r="3"/><path d="M12 2.8v2.4M12 18.8v2.4M2.8 12h2.4M18.8 12h2.4M5.5 5.5l1.7 1.7M16.8 16.8l1.7 1.7M5.5 18.5l1.7-1.7M16.8 7.2l1.7-1.7"/><circle cx="12" cy="12" r="6.5"/>`,
  search: html`<circle cx="11" cy="11" r="6.5"/><path d="M16 16l4.5 4.5"/>`,
  chevronDown: html`<path d="M6.5 9.5l5.5 5.5 5.5-5.5"/>`,
  chevronUp: html`<path d="M6.5 14.5L12 9l5.5 5.5"/>`,
  chevronRight: html`<path d="M9.5 6.5l5.5 5.5-5.5 5.5"/>`,
  check: html`<path d="M5 12.5l4.5 4.5L19 7.5"/>`,
  close: html`<path d="M6.5 6.5l11 11M17.5 6.5l-11 11"/>`,
  menu: html`<path d="M4 7h16M4 12h16M4 17h16"/>`,
  signOut: html`<path d="M14 4.5H6.5a1 1 0 0 0-1 1v13a1 1 0 0 0 1 1H14"/><path d="M10.5 12h10M17 8.5l3.5 3.5-3.5 3.5"/>`,
  user: html`<circle cx="12" cy="8.5" r="4"/><path d="M4.5 20.5c0-4 3.4-6.5 7.5-6.5s7.5 2.5 7.5 6.5"/>`,
  globe: html`<circle cx="12" cy="12" r="8.5"/><path d="M3.5 12h17M12 3.5c2.3 2.4 3.5 5.2 3.5 8.5s-1.2 6.1-3.5 8.5c-2.3-2.4-3.5-5.2-3.5-8.5S9.7 5.9 12 3.5z"/>`,
  code: html`<path d="M8.5 7.5L4 12l4.5 4.5M15.5 7.5L20 12l-4.5 4.5M13.5 5.5l-3 13"/>`,
  keyboard: html`<rect x="2.5" y="6" width="19" height="12" rx="2"/><path d="M6 9.5h.01M9.3 9.5h.01M12.6 9.5h.01M15.9 9.5h.01M18 9.5h.01M6 12.5h.01M18 12.5h.01M8.5 15h7"/>`,
  info: html`<circle cx="12" cy="12" r="8.5"/><path d="M12 11v5.5M12 7.8v.01"/>`,
  warning: html`<path d="M12 4l9 15.5H3z"/><path d="M12 10v4M12 16.8v.01"/>`,
  error: html`<circle cx="12" cy="12" r="8.5"/><path d="M9 9l6 6M15 9l-6 6"/>`,
  success: html`<circle cx="12" cy="12" r="8.5"/><path d="M8 12.3l2.7 2.7L16 9.7"/>`,
  lock: html`<rect x="5" y="10.5" width="14" height="10" rx="2"/><path d="M8 10.5V8a4 4 0 0 1 8 0v2.5"/>`,
  copy: html`<rect x="8.5" y="8.5" width="11" height="11" rx="2"/><path d="M15.5 8.5V6a1.5 1.5 0 0 0-1.5-1.5H6A1.5 1.5 0 0 0 4.5 6v8A1.5 1.5 0 0 0 6 15.5h2.5"/>`,
  devices: html`<rect x="3" y="4.5" width="18" height="12" rx="1.5"/><path d="M8.5 20h7M12 16.5V20"/>`,
  clock: html`<circle cx="12" cy="12" r="8.5"/><path d="M12 7.5V12l3 2"/>`,
  compass: html`<circle cx="12" cy="12" r="8.5"/><path d="M15.5 8.5l-2 5-5 2 2-5z"/>`,
  eye: html`<path d="M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12z"/><circle cx="12" cy="12" r="2.8"/>`,
  eyeOff: html`<path d="M4 4l16 16"/><path d="M9.9 6c.7-.3 1.4-.5 2.1-.5 6 0 9.5 6.5 9.5 6.5a16 16 0 0 1-2.8 3.6M6.6 7.6A16.5 16.5 0 0 0 2.5 12s3.5 6.5 9.5 6.5c1.5 0 2.9-.4 4.1-1"/><path d="M10 10.1a2.8 2.8 0 0 0 3.9 3.9"/>`,
  arrowLeft: html`<path d="M19.5 12h-15M10 6.5L4.5 12l5.5 5.5"/>`,
  activity: html`<path d="M3 12h4l2.5-6.5 5 13L17 12h4"/>`,
  plus: html`<path d="M12 5v14M5 12h14"/>`,
  database: html`<ellipse cx="12" cy="6" rx="7.5" ry="2.8"/><path d="M4.5 6v12c0 1.5 3.4 2.8 7.5 2.8s7.5-1.3 7.5-2.8V6"/><path d="M4.5 12c0 1.5 3.4 2.8 7.5 2.8s7.5-1.3 7.5-2.8"/>`,
  star: html`<path d="M12 3.8l2.5 5.2 5.7.8-4.1 4 1 5.6L12 16.7l-5.1 2.7 1-5.6-4.1-4 5.7-.8z"/>`,
  server: html`<rect x="4" y="3.5" width="16" height="7" rx="1.5"/><rect x="4" y="13.5" width="16" height="7" rx="1.5"/><path d="M7.5 7h.01M7.5 17h.01M11 7h5.5M11 17h5.5"/>`,
  edit: html`<path d="M4 20h4L19 9l-4-4L4 16z"/><path d="M13.5 6.5l4 4"/>`,
  external: html`<path d="M13.5 4.5h6v6M19.5 4.5L11 13"/><path d="M18 14v4.5a1 1 0 0 1-1 1H5.5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1H10"/>`,
  mail: html`<rect x="3" y="5.5" width="18" height="13" rx="2"/><path d="M3.5 7l8.5 6 8.5-6"/>`,
  phone: html`<path d="M5 3.5h3.5l1.5 4.5-2.2 1.4a11 11 0 0 0 6.8 6.8l1.4-2.2 4.5 1.5V19a1.5 1.5 0 0 1-1.5 1.5A16.5 16.5 0 0 1 3.5 5 1.5 1.5 0 0 1 5 3.5z"/>`,
  unlock: html`<rect x="5" y="10.5" width="14" height="10" rx="2"/><path d="M8 10.5V8a4 4 0 0 1 7.6-1.7"/>`,
  undo: html`<path d="M9 8.5H15a4.5 4.5 0 0 1 0 9h-4"/><path d="M12 5.5l-3 3 3 3"/>`,
  trash: html`<path d="M4.5 7h15M10 4.5h4M6.5 7l1 12.5a1 1 0 0 0 1 .9h7a1 1 0 0 0 1-.9l1-12.5"/><path d="M10 11v5.5M14 11v5.5"/>`,
  more: html`<path d="M6 12h.01M12 12h.01M18 12h.01" stroke-width="2.6"/>`,
  layers: html`<path d="M12 4l8.5 4.5L12 13 3.5 8.5z"/><path d="M3.5 12.5L12 17l8.5-4.5"/><path d="M3.5 16.5L12 21l8.5-4.5"/>`,
  mapPin: html`<path d="M12 21s-6.5-5.6-6.5-11A6.5 6.5 0 0 1 18.5 10c0 5.4-6.5 11-6.5 11z"/><circle cx="12" cy="10" r="2.4"/>`,
  // Subscriptions.
  minus: html`<path d="M5 12h14"/>`,
  key: html`<circle cx="8" cy="15" r="4"/><path d="M10.8 12.2L19.5 3.5M16 7l2.5 2.5M14 9l2 2"/>`,
  webhook: html`<circle cx="6.5" cy="17" r="2.5"/><circle cx="17.5" cy="17" r="2.5"/><circle cx="12" cy="6.5" r="2.5"/><path d="M10.8 8.7L7.7 14.8M9 17h6M13.2 8.7l3.1 6.1"/>`,
  calendar: html`<rect x="3.5" y="5" width="17" height="15.5" rx="2"/><path d="M3.5 9.5h17M8 3v4M16 3v4"/>`,
  download: html`<path d="M12 4v11M7.5 10.5L12 15l4.5-4.5"/><path d="M4.5 19.5h15"/>`,
  chevronLeft: html`<path d="M14.5 6.5L9 12l5.5 5.5"/>`,
  backup: html`<path d="M7 18.5a4.5 4.5 0 0 1-.6-9 6 6 0 0 1 11.4 1.6A3.7 3.7 0 0 1 17 18.5z"/><path d="M12 16.5v-5M9.8 13.5l2.2-2.2 2.2 2.2"/>`,
  patch: html`<rect x="3.5" y="8" width="17" height="8" rx="4" transform="rotate(-45 12 12)"/><path d="M10.5 10.5h.01M13.5 13.5h.01M13.5 10.5h.01M10.5 13.5h.01"/>`,
  remote: html`<rect x="3" y="4.5" width="18" height="12" rx="1.5"/><path d="M8.5 20h7M12 16.5V20"/><path d="M9.5 10.5h5M12.5 8.5l2 2-2 2"/>`,
};

/** An icon by name; extra class names may be given. */
export function icon(name, className = '') {
  return html`<svg class="${'icon ' + className}" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${paths[name] || paths.info}</svg>`;
}
