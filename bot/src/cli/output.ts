/** CLI output goes through here so tests can capture it. */
export let out: (line: string) => void = (line) => {
  process.stdout.write(`${line}\n`);
};

export function setOutput(fn: (line: string) => void): void {
  out = fn;
}
