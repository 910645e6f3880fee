/**
 * Routing: React Router's data router over the route table that each feature exports
 * (`features/<group>/<module>/routes.tsx`); every page is loaded lazily, so each feature is its
 * own chunk. `Link` marks the current page for assistive technology (`aria-current`).
 */
import type { ReactNode } from 'react';
import { NavLink, useParams, type RouteObject } from 'react-router';

/** A link to a page of the app; the link to the current page carries `aria-current="page"`. */
export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  return (
    <NavLink to={to} end {...(className ? { className } : {})}>
      {children}
    </NavLink>
  );
}

/**
 * A route whose page is loaded when first visited: `load` imports the page's module, `render`
 * makes the page from it and the route's parameters (keyed by them, so a new id is a new page).
 */
export function lazyPage<Module>(
  load: () => Promise<Module>,
  render: (module: Module, params: Readonly<Record<string, string | undefined>>) => ReactNode,
): Pick<RouteObject, 'lazy'> {
  return {
    lazy: async () => {
      const module = await load();
      return {
        Component: function LazyPage() {
          return render(module, useParams());
        },
      };
    },
  };
}
