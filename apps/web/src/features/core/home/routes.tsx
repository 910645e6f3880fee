/** core/home: the home page and the Hub and Range sections. */
import type { RouteObject } from 'react-router';
import { lazyPage } from '../../../app/router.js';

const load = () => import('./home-page.js');

export const homeRoutes: RouteObject[] = [
  { index: true, ...lazyPage(load, ({ HomePage }) => <HomePage />) },
  { path: 'hub', ...lazyPage(load, ({ SectionPage }) => <SectionPage section="hub" />) },
  { path: 'range', ...lazyPage(load, ({ SectionPage }) => <SectionPage section="range" />) },
  // Any other path: the home page.
  { path: '*', ...lazyPage(load, ({ HomePage }) => <HomePage />) },
];
