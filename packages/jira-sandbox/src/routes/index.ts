// Every route the sandbox serves, per flavour.
import type { RouteDefinition } from '../http.ts';
import type { Flavor } from '../model.ts';
import { agileRoutes } from './agile.ts';
import { changelogBulkRoutes } from './changelog-bulk.ts';
import { issueRoutes } from './issues.ts';
import { metaRoutes } from './meta.ts';
import { patRoutes } from './pat.ts';
import { projectRoutes } from './projects.ts';
import { searchRoutes } from './search.ts';

export function sandboxRoutes(flavor: Flavor): RouteDefinition[] {
  return [
    ...metaRoutes(flavor),
    ...projectRoutes(flavor),
    ...searchRoutes(flavor),
    ...changelogBulkRoutes(flavor),
    ...issueRoutes(flavor),
    ...agileRoutes(flavor),
    ...patRoutes(flavor),
  ];
}
