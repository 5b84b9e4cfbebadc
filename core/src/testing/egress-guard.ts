// A guard on every way a Node process reaches the network: net.Socket.connect (which http, https,
// undici's own sockets and database drivers all go through) and globalThis.fetch. A connection to
// anything but loopback is refused with an "egress blocked" error and recorded, so a test can
// assert that a path (the on-prem tier, a model loading from its packaged files) sent nothing off
// the machine, and first prove that the guard itself catches a real attempt.
import net from "node:net";

export interface EgressGuard {
  /** Each refused attempt, as `tcp <host>` or `fetch <protocol>//<host>`, in order. */
  readonly violations: string[];
  /** Puts the real connect and fetch back. */
  restore(): void;
}

export interface EgressGuardOptions {
  /** Let fetch reach loopback (a local test server); default true. False refuses every fetch. */
  readonly loopbackFetch?: boolean;
}

const loopback = (host: string | undefined): boolean =>
  !host || host === "localhost" || /^127\./.test(host) || host === "::1" || host === "[::1]";

/** Installs the guard process-wide until `restore()`; call it in `beforeAll`, restore in `afterAll`. */
export function installEgressGuard(options: EgressGuardOptions = {}): EgressGuard {
  const violations: string[] = [];
  // Kept unbound on purpose: restored onto the prototype, where `this` is the socket again.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const originalConnect = net.Socket.prototype.connect;
  const originalFetch = globalThis.fetch;
  const loopbackFetch = options.loopbackFetch ?? true;

  net.Socket.prototype.connect = function guarded(this: net.Socket, ...args: unknown[]) {
    const first = args[0];
    const target = (Array.isArray(first) ? first[0] : first) as { host?: string; path?: string } | number | string;
    const host = typeof target === "object" && target !== null
      ? (target.path ? "localhost" : target.host)
      : typeof args[1] === "string" ? args[1] : typeof target === "string" ? "localhost" : undefined;
    if (!loopback(host)) {
      violations.push(`tcp ${host}`);
      process.nextTick(() => this.destroy(new Error(`egress blocked: ${host}`)));
      return this;
    }
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  };

  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (!loopbackFetch || !loopback(url.hostname)) {
      violations.push(`fetch ${url.protocol}//${url.hostname}`);
      throw new TypeError(`egress blocked: ${url.protocol}//${url.hostname}`);
    }
    return originalFetch(input, init);
  });

  return {
    violations,
    restore() {
      net.Socket.prototype.connect = originalConnect;
      globalThis.fetch = originalFetch;
    },
  };
}
