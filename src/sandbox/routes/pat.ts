import type { RouteDefinition } from '../http.ts';
import type { Flavor } from '../model.ts';

// Placeholder while the module is written; returns no routes yet.
export function patRoutes(_flavor: Flavor): RouteDefinition[] {
  return [];
}
