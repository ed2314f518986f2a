// Per-request DataLoaders, created on first use and kept on the context, so
// every resolver of one GraphQL request shares the same batches and caches.
import DataLoader from 'dataloader';
import type { GatewayContext } from '../request-context.ts';

export function loaderFor<K, V, C = K>(
  ctx: GatewayContext,
  name: string,
  batch: DataLoader.BatchLoadFn<K, V>,
  options?: DataLoader.Options<K, V, C>,
): DataLoader<K, V, C> {
  let loader = ctx.loaders.get(name) as DataLoader<K, V, C> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V, C>(batch, options);
    ctx.loaders.set(name, loader);
  }
  return loader;
}
