import type { Problem } from '../model/problem';
import type { ResolvedSite } from '../model/resolved-site';
import type { RenderedUnit } from '../render/render-unit';

/** What names a rendered object in a problem; render-hook output may lack either part. */
export interface NamedObject {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string };
}

/** A problem with one field of a rendered object: at the site's unit, field `Kind/name.field`. */
export function objectProblem(
  site: ResolvedSite,
  unit: RenderedUnit,
  object: NamedObject,
  field: string,
  message: string,
  hint: string,
): Problem {
  return {
    path: `${site.path} > ${unit.name}`,
    site: site.cluster,
    field: `${object.kind}/${object.metadata?.name}.${field}`,
    message,
    hint,
  };
}
