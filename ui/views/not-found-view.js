// `.not-found-view`: a route the app does not know, said kindly, with ways on.

import { render } from '../html.js';
import { errorPage } from './common.js';

/** @param {HTMLElement} el */
export function NotFoundView(el) {
  el.className = 'not-found-view';
  const view = {
    title: 'Page not found',
    async update() {
      render(el, errorPage({ kind: 'notFound', message: '' }, 'open this page'));
    },
  };
  return view;
}
