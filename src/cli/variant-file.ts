/// <reference types="node" />
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { loadVariant, type Flow } from '../engine/index.ts';
import { urlScheme } from '../shared/url-scheme.ts';
import { Failure, formatProblem, loadFlowFile, problemOf, UsageError } from './io.ts';

/**
 * Where a variant's flow file is on disk: relative paths from the flow file's folder, as the
 * widget resolves them against the flow's URL; a site path (`/flows/short.json`) under the
 * flow file's folder or a folder above it up to the working folder (the site's root is not
 * known here). Nothing outside the working folder is read: undefined there, as where it is
 * found nowhere.
 */
export function variantFile(flowFile: string, url: string): string | undefined {
  const top = resolve('.');
  const inside = (path: string) => !relative(top, path).startsWith('..') && !isAbsolute(relative(top, path));
  const path = url.split(/[?#]/)[0]!;
  if (!path.startsWith('/')) {
    const found = resolve(dirname(flowFile), path);
    return inside(found) ? found : undefined;
  }
  for (let dir = resolve(dirname(flowFile)); inside(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, path))) return join(dir, path);
    if (dir === top) break;
  }
  return undefined;
}

/** A URL the widget fetches from elsewhere: with a scheme, or protocol-relative (`//cdn…`). */
export const isRemote = (url: string) => urlScheme(url) !== undefined || url.startsWith('//');

/**
 * The flow as variant `id` shows it, for `graph` and `simulate --variant`: the overrides laid
 * over the flow, or the variant's own flow file; reported under the experiment's id.
 */
export function flowForVariant(file: string, flow: Flow, id: string): Flow {
  const variant = flow.variants?.find((v) => v.id === id);
  if (!variant) {
    const known = (flow.variants ?? []).map((v) => v.id);
    throw new UsageError(`--variant "${id}": ${known.length ? `the flow's variants are ${known.join(', ')}` : 'the flow has no variants'}`);
  }
  if (variant.flow === undefined) {
    const merged = loadVariant(flow, variant);
    if (!merged.ok) throw new Failure([`${file}: variant "${id}" does not load:`, ...merged.issues.map((issue) => formatProblem(problemOf(file, issue)))]);
    return merged.value;
  }
  const found = isRemote(variant.flow) ? undefined : variantFile(file, variant.flow);
  if (!found || !existsSync(found)) throw new Failure([`${file}: variant "${id}" points to "${variant.flow}", which is not a file here`]);
  return { ...loadFlowFile(found), id: flow.id, version: flow.version, variants: undefined };
}
