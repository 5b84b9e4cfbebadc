import { RoundsError, type PluginContext } from "@rounds/core";
import { OidcSignOn, type OidcSignOnOptions } from "./oidc-sign-on.ts";

export { OidcSignOn, type OidcSignOnOptions };

/**
 * Registers the OpenID Connect sign-on provider. Its settings are this
 * plugin's own (`pluginSettings["@rounds/plugin-oidc"]` or the `ROUNDS_OIDC_*`
 * variables its manifest declares); missing ones are refused when the
 * configuration picks it (`signOn.provider: "oidc"`), not before.
 */
export function activate(ctx: PluginContext): void {
  const settings = ctx.settings as Partial<OidcSignOnOptions>;
  ctx.register("signOnProviders", "oidc", () => {
    for (const [setting, env] of [["issuer", "ROUNDS_OIDC_ISSUER"], ["clientId", "ROUNDS_OIDC_CLIENT_ID"]] as const) {
      if (!settings[setting]) {
        throw new RoundsError("CONFIG_INVALID", `Setting pluginSettings["${ctx.pluginId}"].${setting} (${env}) is required when signOn.provider is oidc.`, { details: { plugin: ctx.pluginId, setting } });
      }
    }
    return new OidcSignOn({ ...settings, issuer: settings.issuer!, clientId: settings.clientId! });
  });
}
