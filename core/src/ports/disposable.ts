/** Anything that holds a resource: models, pools, servers, connections. */
export interface Disposable {
  dispose(): void | Promise<void>;
}
