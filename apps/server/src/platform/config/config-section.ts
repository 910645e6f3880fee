/**
 * A module's own part of the configuration: its keys as a zod object, and the environment
 * variables that set them. The composition root hands every module's section to `loadConfig`;
 * the module reads its parsed values back with `section.of(config)`. The platform never names a
 * module's keys.
 * @module
 */
import type { z } from 'zod';
import type { Config } from './config.js';

export interface ConfigSection<Shape extends z.ZodRawShape = z.ZodRawShape> {
  /** The module's name (`hub/intake`): the key of its values in `Config.sections` and in a config file. */
  readonly name: string;
  readonly schema: z.ZodObject<Shape>;
  /** Environment variable → key of this section. */
  readonly env: Readonly<Record<string, keyof Shape & string>>;
  /** This section's parsed values; throws when the section was not loaded (module not listed). */
  of(config: Config): z.infer<z.ZodObject<Shape>>;
}

export function defineConfigSection<Shape extends z.ZodRawShape>(
  name: string,
  schema: z.ZodObject<Shape>,
  env: Readonly<Record<string, keyof Shape & string>>,
): ConfigSection<Shape> {
  return {
    name,
    schema,
    env,
    of(config) {
      const values = config.sections[name];
      if (values === undefined)
        throw new Error(`configuration section ${name} was not loaded: is its module in modules/index.ts?`);
      // Parsed by `schema` in loadConfig, and frozen there.
      return values as z.infer<z.ZodObject<Shape>>;
    },
  };
}
