// Preloaded (node --import) into a process and, through its execArgv, every worker thread it starts:
// any outbound connection or fetch throws and is reported on stderr, so a run that needed the network fails.
import net from "node:net";
import { threadId } from "node:worker_threads";

const deny = (what) => {
  process.stderr.write(`NETWORK-ATTEMPT ${what} (thread ${threadId})\n`);
  throw new Error(`network use refused in this test: ${what}`);
};
net.Socket.prototype.connect = function connect() { deny("socket connect"); };
// data: URLs are decoded in memory (pdf.js page rendering in the test helper uses one), not a network request.
const localFetch = globalThis.fetch;
globalThis.fetch = async (url, init) => (String(url).startsWith("data:") ? localFetch(url, init) : deny(`fetch ${String(url)}`));
process.stderr.write(`NETWORK-GUARD thread ${threadId}\n`);
