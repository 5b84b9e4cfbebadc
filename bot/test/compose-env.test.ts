// Every setting `.env.example` documents must reach the Rounds containers of
// `docker-compose.yml` (the operator copies it to `.env` and edits it): either
// with the operator's value, or fixed on purpose by the compose file's own
// `environment` (the database, queue and store addresses of its services).
// Before, only the variables the compose file named one by one reached the
// containers: `ROUNDS_ANSWER_MODEL=openai` in `.env` left answers extractive,
// silently, and so did every other unnamed setting.
import { describe, expect, it } from "vitest";
import { composeEnvironment, composeServices, dotEnvExample } from "./support/compose-file.ts";

const example = dotEnvExample();
const roundsServices = Object.entries(composeServices()).filter(([, s]) => (s as { image?: string }).image === "rounds:latest").map(([name]) => name);
// Secrets compose requires (`${X:?…}`) need a value for the file to be read at all.
const required = { ROUNDS_SERVER_SECRET: "a-long-random-test-secret", POSTGRES_PASSWORD: "pw", MINIO_ROOT_PASSWORD: "pw-too" };

describe("docker-compose.yml passes .env to Rounds", () => {
  it("runs Rounds in the migrate, api and worker services", () => {
    expect(roundsServices.sort()).toEqual(["api", "migrate", "worker"]);
  });

  describe.each(roundsServices)("the %s service", (service) => {
    const fixed = composeServices()[service]!.environment ?? {};
    it.each(Object.keys(example))("%s arrives, or the compose file sets it itself", (name) => {
      const marker = `operator-value-of-${name.toLowerCase()}`;
      const container = composeEnvironment({ ...example, ...required, [name]: marker }, service);
      const arrived = Object.values(container).some((v) => v.includes(marker));
      const setByCompose = name in fixed && !String(fixed[name]).includes(`\${${name}`);
      expect(arrived || setByCompose, `${name} set in .env does not reach the ${service} container`).toBe(true);
    });
  });
});
