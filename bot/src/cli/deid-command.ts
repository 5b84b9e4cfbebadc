import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import type { DeidMode } from "@rounds/core";
import { PluginHost, RoundsError, sniffMediaType, type RoundsConfig } from "@rounds/core/startup";
import { embeddedDataPath } from "@rounds/db/lock";
import { captionParts } from "./caption-parts.ts";
import { deidentifyTexts, deidentifyWithOrganisationNames, type DeidRequest } from "./deid-with-names.ts";
import { configFrom, type GlobalOptions } from "./main.ts";
import { callLocalServer, serverOrApp } from "./local-server.ts";
import { openApp } from "./open-app.ts";

const botDir = dirname(fileURLToPath(import.meta.url));
const MODES: readonly DeidMode[] = ["recall", "precision"];

async function readInput(file: string | undefined): Promise<Uint8Array> {
  if (file) {
    try {
      return await readFile(file);
    } catch (error) {
      throw new RoundsError("BAD_REQUEST", `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "read failed"}.`);
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What `sniffMediaType` calls text: the only input the de-identifier can read. A PDF or a Word file is refused, not written back mangled. */
const TEXT_TYPES = new Set(["text/plain", "text/markdown", "text/html", "text/vtt", "application/x-subrip", "application/vnd.rounds.transcript+json"]);

/** The input as text and its sniffed type, or a clear error naming the type when it is not text. */
export function textInput(bytes: Uint8Array, file: string | undefined): { text: string; mediaType: string } {
  const mediaType = bytes.length ? sniffMediaType(bytes, file ?? "") : "text/plain";
  if (!TEXT_TYPES.has(mediaType)) {
    throw new RoundsError("UNSUPPORTED_MEDIA_TYPE", `${file ? basename(file).slice(0, 120) : "The input"} looks like ${mediaType}; rounds deid reads UTF-8 text (plain text, Markdown, HTML, WebVTT, SubRip). Ingest other files with rounds ingest, which de-identifies what it stores.`);
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes), mediaType };
  } catch {
    throw new RoundsError("UNSUPPORTED_MEDIA_TYPE", `${file ? basename(file).slice(0, 120) : "The input"} is not valid UTF-8 text; rounds deid reads UTF-8 text.`);
  }
}

/** Parses `--json` input: a JSON array of strings, or a clear error naming the first bad entry. */
export function parseTextArray(raw: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new RoundsError("BAD_REQUEST", "--json expects a JSON array of strings; the input is not valid JSON.");
  }
  if (!Array.isArray(parsed)) throw new RoundsError("BAD_REQUEST", "--json expects a JSON array of strings.");
  const bad = parsed.findIndex((t) => typeof t !== "string");
  if (bad >= 0) throw new RoundsError("BAD_REQUEST", `--json expects a JSON array of strings; entry ${bad} is not a string.`);
  return parsed as string[];
}

/**
 * `rounds deid [file]`: de-identifies a file (stdin when none) with the
 * configured de-identifier, as the app does before text leaves the machine
 * (recall mode, placeholders) unless `--mode precision`. With `--json` the
 * input is a JSON array of strings and the output the array of cleaned
 * strings in the same order. Where a database exists (a data folder, or
 * PostgreSQL) the organisation's patient and staff names are removed too, as
 * ingest, notes and answers remove them; through the running server when one
 * holds the data folder. With none, plain text de-identification: no
 * database is created. A WebVTT or SubRip file (by its content) keeps its
 * format: headers, cue numbers and timings are left as they are and only the
 * words (cue text, titles, comments, voice names) are de-identified.
 */
export function registerDeidCommand(program: Command, write: (s: string) => void = (s) => process.stdout.write(s)): void {
  program.command("deid")
    .description("de-identify a text file (or stdin) and write it to stdout (recall mode, and the organisation's patient and staff names where a database exists); --json for an array of strings")
    .argument("[file]", "input file (default: stdin)")
    .option("--mode <mode>", "recall (default: what leaves the machine) | precision (display)", "recall")
    .option("--json", "input is a JSON array of strings; output is the array of de-identified strings")
    .option("--org <slug>", "organisation whose patient and staff names to remove (default: the only one)")
    .action(async (file: string | undefined, opts: { mode: string; json?: boolean; org?: string }) => {
      const mode = MODES.find((m) => m === opts.mode);
      if (!mode) throw new RoundsError("BAD_REQUEST", `Unknown mode ${opts.mode.slice(0, 20)}; use recall or precision.`);
      const config = configFrom(program.opts<GlobalOptions>());
      const { text: raw, mediaType } = textInput(await readInput(file), file);
      const org = opts.org ? { org: opts.org } : {};
      if (opts.json) {
        write(`${JSON.stringify(await deidentify(config, { texts: parseTextArray(raw), mode, ...org }))}\n`);
        return;
      }
      // A caption file keeps its format: only its words go through the de-identifier, as parts of one document.
      const parts = captionParts(raw, mediaType);
      const words = parts.filter((p) => p.words && /\S/.test(p.text));
      const cleaned = await deidentify(config, { texts: words.map((p) => p.text), mode, oneDocument: true, ...org });
      const byPart = new Map(words.map((p, i) => [p, cleaned[i]!]));
      write(parts.map((p) => byPart.get(p) ?? p.text).join(""));
    });
}

/** Through the server holding the data folder, else the database itself, else (no database yet) the de-identifier alone. */
async function deidentify(config: RoundsConfig, request: DeidRequest): Promise<string[]> {
  const folder = embeddedDataPath({ url: config.database.url, dataDir: config.dataDir });
  const hasDatabase = folder ? existsSync(folder) : config.database.url !== "memory://";
  if (hasDatabase) {
    const target = await serverOrApp(config, () => openApp(config, { migrate: false, owner: "cli" }));
    if ("server" in target) return (await callLocalServer<{ texts: string[] }>(target.server, "POST", "/local/deid", request)).texts;
    const { app } = target;
    try {
      return await deidentifyWithOrganisationNames(app, request);
    } finally {
      await app.close();
    }
  }
  if (request.org) throw new RoundsError("NOT_FOUND", `No database here, so no organisation ${request.org.slice(0, 60)}: run \`rounds init\` or pass --data-dir.`);
  // `languageModel`: the de-identifier's optional second pass (`secondPassModel`) asks a configured model.
  const host: PluginHost = await PluginHost.create({
    plugins: config.plugins, tier: config.tier, dataDir: config.dataDir, settings: config.pluginSettings, resolveFrom: botDir,
    services: { languageModel: (id: string) => host.get("languageModels", id) },
  });
  try {
    return await deidentifyTexts(await host.get("deidentifiers", config.models.deidentifier), request);
  } finally {
    await host.dispose();
  }
}
