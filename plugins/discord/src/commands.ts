/**
 * The application commands this channel answers, and their registration
 * (a bulk overwrite: PUT /applications/:appId[/guilds/:guildId]/commands).
 */
import {
  ApplicationCommandOptionType, ApplicationCommandType, Routes, type REST,
  type RESTPutAPIApplicationCommandsJSONBody,
} from "discord.js";
import { ADD_MESSAGE_COMMAND, ASK_COMMAND, ASK_MESSAGE_COMMAND, ROUNDS_COMMAND } from "./inbound.ts";

export const commandDefinitions: RESTPutAPIApplicationCommandsJSONBody = [
  {
    type: ApplicationCommandType.ChatInput,
    name: ROUNDS_COMMAND,
    description: "Run a Rounds command (help, docs, train, model, …)",
    options: [
      { type: ApplicationCommandOptionType.String, name: "command", description: "The Rounds command, e.g. help, docs, train", required: true, max_length: 64 },
      { type: ApplicationCommandOptionType.String, name: "args", description: "Arguments for the command", required: false, max_length: 2000 },
      { type: ApplicationCommandOptionType.Attachment, name: "file", description: "A document to add to the knowledge base (admin channels)", required: false },
    ],
  },
  {
    type: ApplicationCommandType.ChatInput,
    name: ASK_COMMAND,
    description: "Ask Rounds a question about your clinic's knowledge base",
    options: [
      { type: ApplicationCommandOptionType.String, name: "question", description: "Your question", required: true, max_length: 2000 },
    ],
  },
  { type: ApplicationCommandType.Message, name: ASK_MESSAGE_COMMAND },
  { type: ApplicationCommandType.Message, name: ADD_MESSAGE_COMMAND },
];

/** Registers (overwrites) the commands, globally or in one guild (guild commands appear at once). Needs the bot token. */
export async function registerCommands(rest: REST, applicationId: string, guildId?: string): Promise<void> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  await rest.put(route, { body: commandDefinitions });
}
