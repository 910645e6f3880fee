// ESLint rule `renkei/module-boundaries`: the dependency rules of docs/architecture.md, decided
// on resolved paths (not on patterns over import strings, which cannot tell a module's own
// `../x.js` from another module's, and missed same-group deep imports):
//   - the platform imports no module;
//   - a module imports the platform only through `platform/index.ts` (or `platform/pure.ts`);
//   - a module imports another module only through that module's `index.ts` (or `pure.ts`);
//   - the Hub never imports the Range, and core imports neither.
// Written here rather than taken from eslint-plugin-boundaries: these four rules over one
// folder layout are ~80 lines, and the plugin needs an import resolver for `.js` → `.ts` paths.
import path from 'node:path';

const SERVER_SRC = path.join('apps', 'server', 'src');

/** What a file is, from its path: platform, a module (group/name), or anything else (composition root, CLI, tests' helpers). */
export function classify(file) {
  const relative = path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/');
  const server = SERVER_SRC.split(path.sep).join('/') + '/';
  if (!relative.startsWith(server)) return { kind: 'other' };
  const inside = relative.slice(server.length);
  if (inside.startsWith('platform/')) return { kind: 'platform', inside: inside.slice('platform/'.length) };
  const match = /^modules\/(core|hub|range)\/([^/]+)\/(.+)$/.exec(inside);
  if (match) return { kind: 'module', group: match[1], name: `${match[1]}/${match[2]}`, inside: match[3] };
  return { kind: 'other' };
}

// A module's and the platform's public entries: index.ts, and pure.ts (pure helpers for worker threads).
const isIndex = (inside) => /^(index|pure)\.(js|ts)$/.test(inside);

export const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Module and platform boundaries of docs/architecture.md' },
    messages: {
      platformImportsModule: 'The platform has no domain knowledge: it must not import a module ({{target}}).',
      platformOnlyThroughIndex: 'Modules use the platform only through platform/index.ts, not {{target}}.',
      moduleOnlyThroughIndex:
        "Modules use each other only through the other module's index.ts ({{module}}), not {{target}}.",
      hubImportsRange: 'The Hub never imports the Range ({{module}}).',
      coreImportsDomain: 'Core modules import neither the Hub nor the Range ({{module}}).',
    },
    schema: [],
  },
  create(context) {
    const from = classify(context.filename);
    if (from.kind === 'other') return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = classify(path.resolve(path.dirname(context.filename), source));
      const report = (messageId, data) => context.report({ node, messageId, data: { target: source, ...data } });
      if (from.kind === 'platform') {
        if (target.kind === 'module') report('platformImportsModule');
        return;
      }
      // From a module.
      if (target.kind === 'platform' && !isIndex(target.inside)) report('platformOnlyThroughIndex');
      if (target.kind !== 'module' || target.name === from.name) return;
      if (from.group === 'hub' && target.group === 'range') report('hubImportsRange', { module: target.name });
      else if (from.group === 'core' && target.group !== 'core') report('coreImportsDomain', { module: target.name });
      else if (!isIndex(target.inside)) report('moduleOnlyThroughIndex', { module: target.name });
    };
    const fromSource = (node) => check(node, node.source?.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source.value : undefined),
      TSImportType: (node) => check(node, node.argument?.literal?.value ?? node.source?.value),
      // `declare module '…'` augmentations name a path as an import does.
      TSModuleDeclaration: (node) => check(node, node.id.type === 'Literal' ? node.id.value : undefined),
    };
  },
};

export default { rules: { 'module-boundaries': moduleBoundaries } };
