// Loads things on first use: each name's loader runs once and its promise is
// shared, so the views the home screen does not need are fetched only when a
// person first opens them. A failed load is forgotten, so the next visit
// tries again. Pure: the loaders are passed in (dynamic imports in the app).

/**
 * @template T
 * @param {Record<string, () => Promise<T>>} loaders
 * @returns {{ load(name: string): Promise<T> }}
 */
export function lazyLoader(loaders) {
  /** @type {Map<string, Promise<T>>} */
  const started = new Map();
  return {
    load(name) {
      let promise = started.get(name);
      if (!promise) {
        const loader = Object.hasOwn(loaders, name) ? loaders[name] : null;
        if (!loader) return Promise.reject(new Error(`nothing to load for "${name}"`));
        promise = Promise.resolve()
          .then(loader)
          .catch((err) => {
            started.delete(name);
            throw err;
          });
        started.set(name, promise);
      }
      return promise;
    },
  };
}
