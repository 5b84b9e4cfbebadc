/**
 * Progress on one line of the terminal: each report replaces the previous
 * one (carriage return + clear), and `done` clears it. When stderr is not a
 * terminal (a pipe, a log file), each report is its own line.
 */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): { show: (label: string, fraction?: number) => void; done: () => void } {
  let shown = false;
  let last = "";
  return {
    show(label, fraction) {
      const text = `${fraction === undefined ? "" : `[${Math.round(fraction * 100)}%] `}${label}`;
      if (text === last) return;
      last = text;
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${text.slice(0, Math.max(20, (stream.columns ?? 80) - 1))}`);
        shown = true;
      } else {
        stream.write(`${text}\n`);
      }
    },
    done() {
      if (shown) stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}
