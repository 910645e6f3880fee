/**
 * The module contract. A domain module is one folder whose `index.ts` exports one
 * `RenkeiModule`; `modules/index.ts` is the plain list of them. The composition root
 * (`runtime.ts`, `app.ts`, `cli/serve.ts`) loops over that list for configuration, migrations,
 * jobs, routes, search excerpts and long-running services, and the access-matrix test for the
 * access rule of every route — so adding a module is one folder and one line in the list.
 * See docs/how-to-add-a-module.md.
 * @module
 */
import type { ErrorCatalogue } from '@renkei/contracts';
import type { Migration } from 'kysely';
import type { ConfigSection } from '../config/config-section.js';
import type { AppContext } from '../context.js';
import type { AppInstance } from '../http/types.js';
import type { JobDefinition } from '../jobs/job-queue.js';
import type { ExcerptSource, HitLinkSource } from '../search/search.service.js';

/** A running long-lived service of a module (a listener, a poller, a simulation runtime). */
export interface RunningService {
  stop(): Promise<void>;
}

export interface ModuleService {
  /** For logs: `smtp-listener`. */
  readonly name: string;
  /**
   * Started by `renkei serve` once the HTTP server listens, in list order; stopped in reverse
   * order at shutdown. Returns undefined when its configuration switches it off.
   */
  start(ctx: AppContext): Promise<RunningService | undefined>;
}

export interface RenkeiModule {
  /** Its folder under `modules/`: `core/notice`, `hub/incident`, `range/plant`. */
  readonly name: string;
  /** Its configuration keys and environment variables (read back with `section.of(ctx.config)`). */
  readonly config?: ConfigSection;
  /**
   * Its migrations by name (`YYYYMMDDHHMM_what`). All modules' migrations and the platform's run
   * as one sequence ordered by name, so a module may rely on tables of modules it imports.
   */
  readonly migrations?: Readonly<Record<string, Migration>>;
  /** Registers its HTTP routes; called once by `buildApp`. */
  readonly routes?: (app: AppInstance, ctx: AppContext) => void;
  /** Its job kinds, bound to the context; every process that runs jobs registers them. */
  readonly jobs?: (ctx: AppContext) => readonly JobDefinition<unknown>[];
  /** Long-running services of `renkei serve`. */
  readonly services?: readonly ModuleService[];
  /** Where snippets of its search hits come from, by object type (documents that keep no text). */
  readonly excerptSources?: Readonly<Record<string, ExcerptSource>>;
  /** Where a search hit of each of its object types opens in the web app (a report opens its incident). */
  readonly hitLinks?: Readonly<Record<string, HitLinkSource>>;
  /** Its error codes, with HTTP status and Japanese and English messages (from @renkei/contracts). */
  readonly errors?: ErrorCatalogue;
  /**
   * The access rule of each of its routes (`'GET /api/notices/:id': 'TLP and workspace'`): the
   * access-matrix test fails when a route has none, and the module's own tests prove the rule.
   */
  readonly access: Readonly<Record<string, string>>;
}

/** Declares a module (an identity function: it gives the object its type where it is written). */
export function defineModule(module: RenkeiModule): RenkeiModule {
  return module;
}
