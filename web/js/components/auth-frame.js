/*
 * auth-frame.js - the frame of the pages shown without a session (sign-in,
 * an invitation, a forgotten password): the brand panel, the language
 * switch and the card the page fills.
 */
import { html } from '../html.js';
import { icon } from './icons.js';
import { t, languages, getLanguage } from '../i18n.js';

/**
 * The whole page: card (the card's content), onLanguage(code) for the
 * switch, cardClass (more classes on the card), busy (aria-busy on the
 * card), footer (a line under the card, or '').
 */
export function authFrame({ card, onLanguage, cardClass = '', busy = false, footer = '' }) {
  const lang = getLanguage();
  return html`
    <div class="auth">
      <aside class="auth-brand">
        <div class="auth-brand-inner">
          <div class="brand brand-light">
            <span class="brand-mark">${icon('logo')}</span>
            <span class="brand-name">Steward</span>
          </div>
          <p class="auth-tagline">${t('signin.tagline')}</p>
          <ul class="auth-points">
            <li>${icon('customers')}<span>${t('signin.point1')}</span></li>
            <li>${icon('policies')}<span>${t('signin.point2')}</span></li>
            <li>${icon('alerts')}<span>${t('signin.point3')}</span></li>
          </ul>
        </div>
      </aside>
      <main class="auth-main" id="main">
        <div class="auth-lang" role="group" aria-label="${t('signin.languageLabel')}">
          ${icon('globe', 'auth-lang-icon')}
          ${languages.map((l) => html`
            <button type="button" class="seg-button" lang="${l.code}" aria-pressed="${l.code === lang ? 'true' : 'false'}"
                    @click=${() => onLanguage(l.code)}>${l.label}</button>`)}
        </div>
        <div class="${'auth-card' + (cardClass ? ' ' + cardClass : '')}" aria-busy="${busy ? 'true' : 'false'}">
          <div class="brand auth-card-brand">
            <span class="brand-mark">${icon('logo')}</span>
            <span class="brand-name">Steward</span>
          </div>
          ${card}
        </div>
        ${footer ? html`<p class="auth-footer">${footer}</p>` : ''}
      </main>
    </div>`;
}
